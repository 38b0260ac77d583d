package io.sluice.it.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.it.Target;
import io.sluice.it.values.ValueCases.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setter through {@code jdbc:sluice:sqlite:} stores what sqlite-jdbc stores for the same call: the
 * same value in the same storage class ({@code typeof}), under sqlite-jdbc's date settings too.
 */
class SqliteStoredValuesTest {
    static final Map<Kind, String> COLUMNS = Map.ofEntries(
            Map.entry(Kind.INT, "INTEGER"), Map.entry(Kind.BIGINT, "BIGINT"), Map.entry(Kind.SMALLINT, "SMALLINT"),
            Map.entry(Kind.BOOL, "BOOLEAN"), Map.entry(Kind.FLOAT4, "FLOAT"), Map.entry(Kind.DOUBLE, "DOUBLE"),
            Map.entry(Kind.DECIMAL, "DECIMAL(10,2)"), Map.entry(Kind.NUMERIC, "NUMERIC"), Map.entry(Kind.TEXT, "TEXT"),
            Map.entry(Kind.VARCHAR, "VARCHAR(50)"), Map.entry(Kind.BLOB, "BLOB"), Map.entry(Kind.DATE, "DATE"),
            Map.entry(Kind.TIME, "TIME"), Map.entry(Kind.TIMESTAMP, "DATETIME"), Map.entry(Kind.UUID, "UUID"),
            Map.entry(Kind.UNTYPED, ""));

    /**
     * Documented differences (docs/USING.md): Sluice writes checked text canonically, a timestamp with a space
     * (sqlite-jdbc binds a LocalDateTime as its toString, with a T), a UUID in lower case and a boolean's text as
     * 1 or 0.
     */
    static final Set<String> KNOWN = Set.of("setObject(LocalDateTime)@TIMESTAMP", "setObject(LocalDateTime 1969)@TIMESTAMP",
            "setObject(LocalDateTime, TIMESTAMP)@TIMESTAMP", "setString(uuid)@UUID", "setString(\"true\")@BOOL");

    @TempDir
    Path directory;

    static List<Arguments> modesAndDateSettings() {
        List<Arguments> cases = new java.util.ArrayList<>();
        for (String mode : List.of(StoredValues.WAIT, StoredValues.FIRE_AND_FORGET)) {
            for (String dates : List.of("", "date_class=TEXT", "date_class=REAL", "date_precision=SECONDS",
                    "date_class=TEXT&date_string_format=yyyy/MM/dd'T'HH:mm")) {
                cases.add(Arguments.of(mode, dates));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modesAndDateSettings")
    void everySetterStoresWhatSqliteJdbcStores(String mode, String dateSettings) throws Exception {
        try (Target.Use use = Target.SQLITE.open(directory)) {
            List<String> differences = StoredValues.differences(use, mode, ValueCases.all(COLUMNS),
                    v -> "typeof(" + v + ") || ':' || quote(" + v + ") || CASE typeof(" + v + ") WHEN 'real' THEN ':' || printf('%!.17g', "
                            + v + ") ELSE '' END",
                    dateSettings, KNOWN::contains, false);
            assertThat(differences).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aWrappedSqliteDataSourceBindsDatesByItsConfig() throws Exception {
        try (Target.Use use = Target.SQLITE.open(directory)) {
            String table = use.table("sv_wrapped");
            use.execute("CREATE TABLE " + table + " (id INTEGER, v DATETIME)");
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setDateClass("TEXT");
            org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource(config);
            sqlite.setUrl(use.plainUrl);
            io.sluice.jdbc.SluiceDataSource sluice = io.sluice.jdbc.SluiceDataSource.wrap(sqlite);
            sluice.setSettings(StoredValues.WAIT);
            java.sql.Timestamp value = java.sql.Timestamp.valueOf("2020-01-02 03:04:05.123");
            try (java.sql.Connection plain = sqlite.getConnection();
                    java.sql.PreparedStatement insert = plain.prepareStatement("INSERT INTO " + table + " VALUES (1, ?)")) {
                insert.setTimestamp(1, value);
                insert.executeUpdate();
            }
            try (java.sql.Connection connection = sluice.getConnection();
                    java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (2, ?)")) {
                insert.setTimestamp(1, value);
                insert.executeUpdate();
            }
            assertThat(use.rows("SELECT id, typeof(v), v FROM " + table + " ORDER BY id"))
                    .containsExactly("1|text|2020-01-02 03:04:05.123", "2|text|2020-01-02 03:04:05.123");
        }
    }

    @org.junit.jupiter.api.Test
    void aBadDateSettingIsRefusedNamingIt() throws Exception {
        try (Target.Use use = Target.SQLITE.open(directory)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                            use.sluiceUrl("date_class=SOMETIMES"), use.properties()).close())
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("date_class");
        }
    }
}
