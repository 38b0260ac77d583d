package io.sluice.spi.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageFormatTest {
    @Test
    void placeholdersTakeTheArgumentsInOrder() {
        assertThat(MessageFormat.format("{} of {} rows", new Object[] {3, 10}).message()).isEqualTo("3 of 10 rows");
        assertThat(MessageFormat.format("no placeholder", new Object[] {3}).message()).isEqualTo("no placeholder");
        assertThat(MessageFormat.format("{} and {}", new Object[] {1}).message()).isEqualTo("1 and {}");
        assertThat(MessageFormat.format("ids {}", new Object[] {new Object[] {new long[] {1, 2}}}).message())
                .isEqualTo("ids [[1, 2]]");
    }

    @Test
    void aTrailingThrowableIsTheRecordsNotAnArgument() {
        IllegalStateException cause = new IllegalStateException("x");
        MessageFormat.Formatted formatted = MessageFormat.format("failed for {}", new Object[] {"t", cause});
        assertThat(formatted.message()).isEqualTo("failed for t");
        assertThat(formatted.thrown()).isSameAs(cause);
        assertThat(MessageFormat.format("plain", new Object[] {cause}).thrown()).isSameAs(cause);
    }

    @Test
    void anEscapedPlaceholderStaysLiteral() {
        assertThat(MessageFormat.format("set \\{} to {}", new Object[] {5}).message()).isEqualTo("set {} to 5");
        assertThat(MessageFormat.format("dir C:\\\\{}", new Object[] {"x"}).message()).isEqualTo("dir C:\\x");
    }
}
