package io.sluice.it.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.it.Target;
import io.sluice.it.values.ValueCases.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every setter through {@code jdbc:sluice:mariadb:} stores what MariaDB Connector/J stores for the same call, compared
 * by the stored value's text and bytes; a value the driver refuses is stored by neither.
 */
class MariaDbStoredValuesTest {
    static final Map<Kind, String> COLUMNS = Map.ofEntries(
            Map.entry(Kind.INT, "INT"), Map.entry(Kind.BIGINT, "BIGINT"), Map.entry(Kind.SMALLINT, "SMALLINT"),
            Map.entry(Kind.TINYINT1, "TINYINT(1)"), Map.entry(Kind.BOOL, "BOOLEAN"), Map.entry(Kind.FLOAT4, "FLOAT"),
            Map.entry(Kind.DOUBLE, "DOUBLE"), Map.entry(Kind.DECIMAL, "DECIMAL(30,10)"), Map.entry(Kind.TEXT, "TEXT"),
            Map.entry(Kind.VARCHAR, "VARCHAR(50)"), Map.entry(Kind.BLOB, "BLOB"), Map.entry(Kind.DATE, "DATE"),
            Map.entry(Kind.TIME, "TIME(6)"), Map.entry(Kind.TIMESTAMP, "DATETIME(6)"), Map.entry(Kind.TIMESTAMPTZ, "TIMESTAMP(6) NULL"),
            Map.entry(Kind.BIT, "BIT(8)"));

    /**
     * Documented differences (docs/USING.md): Connector/J writes dates, times and timestamps with fractions of
     * its own (.500, microseconds), which a text column keeps; {@code setObject} with a scale keeps the value's
     * digits; a date before 1582 with a Calendar is converted in the Julian calendar.
     */
    static boolean known(String name) {
        boolean temporal = name.startsWith("setDate(") || name.startsWith("setTime(") || name.startsWith("setTimestamp(")
                || name.startsWith("setObject(LocalDateTime") || name.startsWith("setObject(OffsetDateTime")
                || name.startsWith("setObject(Timestamp, DATE)");
        return (temporal && name.endsWith("@TEXT"))
                || name.startsWith("setObject(\"2.50\", DECIMAL, 1)")
                || name.startsWith("setDate(0001-01-01, New_York)");
    }

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {StoredValues.WAIT, StoredValues.FIRE_AND_FORGET, StoredValues.WAL})
    void everySetterStoresWhatConnectorJStores(String mode) throws Exception {
        try (Target.Use use = Target.MARIADB.open(directory)) {
            List<String> differences = StoredValues.differences(use, StoredValues.settings(mode, directory), ValueCases.all(COLUMNS),
                    v -> "CONCAT(COALESCE(CAST(" + v + " AS CHAR), 'NULL'), ':', COALESCE(HEX(CAST(" + v + " AS BINARY)), 'NULL'))", "", MariaDbStoredValuesTest::known, true);
            assertThat(differences).isEmpty();
        }
    }
}
