package io.sluice.plugin.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.sql.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The mapping on its own, for databases this machine has no server for. */
class JdbcTypesTest {
    private static ColumnInfo map(String typeName, int jdbcType, int size, boolean mysql) {
        return JdbcTypes.column(new JdbcTypes.Described("c", typeName, jdbcType, size, 0, true, null, false, false), mysql, false);
    }

    @Test
    @DisplayName("Unknown type names fall back to the JDBC type, with conservative ranges and lengths")
    void jdbcFallback() {
        assertThat(map("NVARCHAR2", Types.NVARCHAR, 40, false).maxLength()).isEqualTo(40);
        ColumnInfo tiny = map("TINYINT_X", Types.TINYINT, 3, false);
        assertThat(tiny.type()).isEqualTo(ValueType.INTEGER);
        assertThat(tiny.minValue()).isEqualTo(-128);
        assertThat(tiny.maxValue()).isEqualTo(255);
        assertThat(map("SOMEFLOAT", Types.FLOAT, 0, false).type()).isEqualTo(ValueType.REAL);
        assertThat(map("GEOMETRY", Types.OTHER, 0, false).type()).isEqualTo(ValueType.ANY);
        assertThat(map("datetime2", Types.TIMESTAMP, 27, false).type()).isEqualTo(ValueType.TIMESTAMP);
        assertThat(map("uniqueidentifier", Types.CHAR, 36, false).type()).isEqualTo(ValueType.UUID);
    }

    @Test
    @DisplayName("BIT(1) is a boolean in MariaDB/MySQL only; PostgreSQL arrays and quoted type names stay ANY")
    void familySpecific() {
        assertThat(map("BIT", Types.BIT, 1, true).type()).isEqualTo(ValueType.BOOLEAN);
        assertThat(map("bit", Types.BIT, 1, false).type()).isEqualTo(ValueType.ANY);
        assertThat(map("_int4", Types.ARRAY, 10, false).type()).isEqualTo(ValueType.ANY);
        assertThat(map("\"MyEnum\"", Types.VARCHAR, 10, false).type()).isEqualTo(ValueType.ANY);
        assertThat(map("TINYINT", Types.BIT, 1, true).type()).isEqualTo(ValueType.BOOLEAN);
        assertThat(map("TINYINT", Types.TINYINT, 3, true).type()).isEqualTo(ValueType.INTEGER);
    }

    @Test
    @DisplayName("Generated and always-generated columns are not insertable and count as having a default")
    void generated() {
        ColumnInfo generated = JdbcTypes.column(new JdbcTypes.Described("g", "int4", Types.INTEGER, 10, 0, true, "(a * 2)", false, true),
                false, false);
        assertThat(generated.insertable()).isFalse();
        ColumnInfo identity = JdbcTypes.column(new JdbcTypes.Described("i", "int8", Types.BIGINT, 19, 0, false, null, true, false),
                false, true);
        assertThat(identity.insertable()).isFalse();
        assertThat(identity.hasDefault()).isTrue();
        ColumnInfo byDefault = JdbcTypes.column(new JdbcTypes.Described("i", "int8", Types.BIGINT, 19, 0, false, null, true, false),
                false, false);
        assertThat(byDefault.insertable()).isTrue();
        assertThat(byDefault.hasDefault()).isTrue();
    }
}
