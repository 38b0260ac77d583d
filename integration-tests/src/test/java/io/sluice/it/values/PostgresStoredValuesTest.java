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
 * Every setter through {@code jdbc:sluice:postgresql:} stores what pgjdbc stores for the same call, compared
 * by the stored value's text form; a value pgjdbc refuses is stored by neither.
 */
class PostgresStoredValuesTest {
    static final Map<Kind, String> COLUMNS = Map.ofEntries(
            Map.entry(Kind.INT, "integer"), Map.entry(Kind.BIGINT, "bigint"), Map.entry(Kind.SMALLINT, "smallint"),
            Map.entry(Kind.BOOL, "boolean"), Map.entry(Kind.FLOAT4, "real"), Map.entry(Kind.DOUBLE, "double precision"),
            Map.entry(Kind.DECIMAL, "numeric(30,10)"), Map.entry(Kind.NUMERIC, "numeric"), Map.entry(Kind.TEXT, "text"),
            Map.entry(Kind.VARCHAR, "varchar(50)"), Map.entry(Kind.BLOB, "bytea"), Map.entry(Kind.DATE, "date"),
            Map.entry(Kind.TIME, "time"), Map.entry(Kind.TIMESTAMP, "timestamp(6)"), Map.entry(Kind.TIMESTAMPTZ, "timestamptz"),
            Map.entry(Kind.UUID, "uuid"));

    /**
     * Documented differences (docs/USING.md): pgjdbc binds dates, times and timestamps with the zone's offset
     * (rounded to microseconds), which a text column keeps; it binds a float
     * as float4 and a double as float8, which the server widens or rounds for a double, numeric or text column,
     * where Sluice writes the number's shortest decimal; a decimal with only zeros after the point is written
     * as an integer; a date before 1582 with a Calendar is converted in the Julian calendar.
     */
    static boolean known(String name) {
        boolean temporal = name.startsWith("setDate(") || name.startsWith("setTime(") || name.startsWith("setTimestamp(")
                || name.startsWith("setObject(LocalDateTime") || name.startsWith("setObject(\"2020-01-02\", DATE)")
                || name.startsWith("setObject(Timestamp, DATE)");
        boolean floating = name.startsWith("setFloat(") || name.startsWith("setDouble(") || name.startsWith("setObject(Float)");
        return (temporal && name.endsWith("@TEXT"))
                || (floating && (name.endsWith("@DOUBLE") || name.endsWith("@NUMERIC") || name.endsWith("@DECIMAL")
                        || name.endsWith("@TEXT")))
                || name.equals("setBigDecimal(0.00)@NUMERIC")
                || name.startsWith("setDate(0001-01-01, New_York)");
    }

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {StoredValues.WAIT, StoredValues.FIRE_AND_FORGET, StoredValues.WAL})
    void everySetterStoresWhatPgjdbcStores(String mode) throws Exception {
        try (Target.Use use = Target.POSTGRESQL.open(directory)) {
            List<String> differences = StoredValues.differences(use, StoredValues.settings(mode, directory), ValueCases.all(COLUMNS),
                    v -> "pg_typeof(" + v + ")::text || ':' || coalesce(" + v + "::text, 'NULL')", "", PostgresStoredValuesTest::known, true);
            assertThat(differences).isEmpty();
        }
    }
}
