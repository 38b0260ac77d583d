package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CopyTextEncoderTest {
    private static ColumnInfo column(ValueType type) {
        return ColumnInfo.of("c", "", type, true, false);
    }

    private static String encode(Object value, ValueType type) {
        CopyTextEncoder encoder = new CopyTextEncoder(4);
        encoder.value(value, column(type));
        return new String(Arrays.copyOf(encoder.buffer(), encoder.size()), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("NULL is \\N and stays distinct from an empty string and from the text \\N")
    void nullAndEmpty() {
        assertThat(encode(null, ValueType.TEXT)).isEqualTo("\\N");
        assertThat(encode("", ValueType.TEXT)).isEmpty();
        assertThat(encode("\\N", ValueType.TEXT)).isEqualTo("\\\\N");
        assertThat(encode("\\.", ValueType.TEXT)).isEqualTo("\\\\.");
    }

    @Test
    @DisplayName("Backslash, newline, carriage return and tab are escaped; quotes and other characters pass as they are")
    void escapes() {
        assertThat(encode("a\tb\nc\rd\\e'f\"g`h;", ValueType.TEXT)).isEqualTo("a\\tb\\nc\\rd\\\\e'f\"g`h;");
    }

    @Test
    @DisplayName("Unicode is UTF-8, surrogate pairs included; an unpaired surrogate becomes ?")
    void unicode() {
        String text = "héllo ✓ 𝄞 日本語";
        assertThat(encode(text, ValueType.TEXT).getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(encode("a\uD834b", ValueType.TEXT)).isEqualTo("a?b");
    }

    @Test
    @DisplayName("Numbers, booleans and bytea take PostgreSQL's input forms")
    void otherTypes() {
        assertThat(encode(Long.MIN_VALUE, ValueType.INTEGER)).isEqualTo("-9223372036854775808");
        assertThat(encode(1L, ValueType.BOOLEAN)).isEqualTo("t");
        assertThat(encode(0L, ValueType.BOOLEAN)).isEqualTo("f");
        assertThat(encode(0.1, ValueType.REAL)).isEqualTo("0.1");
        assertThat(encode(1e-300, ValueType.REAL)).isEqualTo("1.0E-300");
        assertThat(encode(0.1, ValueType.NUMERIC)).isEqualTo("0.1");
        assertThat(encode(new BigDecimal("-12345678901234567890.0123456789"), ValueType.NUMERIC))
                .isEqualTo("-12345678901234567890.0123456789");
        assertThat(encode(new byte[] {0, 1, (byte) 0xab, (byte) 0xff, '\\'}, ValueType.BLOB)).isEqualTo("\\\\x0001abff5c");
        assertThat(encode(new byte[0], ValueType.BLOB)).isEqualTo("\\\\x");
    }

    @Test
    @DisplayName("A row writes the chosen columns, tab-separated, newline-terminated; the buffer grows as needed")
    void rows() {
        CopyTextEncoder encoder = new CopyTextEncoder(1);
        List<ColumnInfo> columns = List.of(column(ValueType.INTEGER), column(ValueType.TEXT), column(ValueType.TEXT));
        encoder.row(new Object[] {1L, "skipped", "x\ty"}, new int[] {0, 2}, columns);
        encoder.row(new Object[] {null, "skipped", ""}, new int[] {0, 2}, columns);
        assertThat(new String(encoder.buffer(), 0, encoder.size(), StandardCharsets.UTF_8)).isEqualTo("1\tx\\ty\n\\N\t\n");
        encoder.reset();
        assertThat(encoder.size()).isZero();
    }
}
