package io.sluice.it.values;

import io.sluice.it.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Writes each {@link ValueCase} twice, through the target's own driver and through Sluice, into two tables
 * with the same column, and compares what the target stored, read back by its own driver through an
 * expression that shows the storage (SQLite's {@code typeof} and {@code quote}, PostgreSQL's text form,
 * MariaDB's text and bytes). A case the plain driver stores must be stored identically by Sluice, or refused
 * clearly ({@link #refusedClearly}); a case the plain driver refuses must store nothing through Sluice.
 */
final class StoredValues {
    /** Settings for the two modes: waiting for the flush, and fire-and-forget flushed by SYSTEM FLUSH. */
    static final String WAIT = "wait_for_async_insert=1";
    static final String FIRE_AND_FORGET = "wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000"
            + "&async_insert_use_adaptive_busy_timeout=0";

    /** The third mode's name: fire-and-forget through the wal buffer, whose log must keep every value a setter binds. */
    static final String WAL = "wal";

    private StoredValues() {}

    /** The settings of {@code mode}: {@link #WAL} becomes fire-and-forget with the wal buffer in {@code directory}. */
    static String settings(String mode, java.nio.file.Path directory) {
        return mode.equals(WAL) ? FIRE_AND_FORGET + "&async_insert_buffer=wal&async_insert_wal_directory=" + directory.resolve("wal") : mode;
    }

    /** What one write stored: the read-back text, or the error the write raised. */
    record Outcome(String stored, String error) {
        @Override
        public String toString() {
            return error != null ? "error: " + error : stored;
        }
    }

    /**
     * The cases whose outcomes differ, each described with both outcomes.
     *
     * @param read the expression reading column {@code v} as text that shows how it is stored
     * @param urlSuffix appended to both URLs (driver properties such as {@code date_class=TEXT}), or empty
     * @param known cases whose difference is documented (docs/USING.md), by name, left out of the comparison
     * @param lenient whether Sluice may store a value the target's driver refuses by its Java type before the
     *     database sees it (pgjdbc's typed parameters, Connector/J's unsupported types); documented too
     */
    static List<String> differences(Target.Use use, String settings, List<ValueCase> cases, UnaryOperator<String> read,
            String urlSuffix, Predicate<String> known, boolean lenient) throws SQLException {
        Map<String, String> plainTables = new LinkedHashMap<>();
        Map<String, String> sluiceTables = new LinkedHashMap<>();
        for (ValueCase c : cases) {
            if (!plainTables.containsKey(c.column())) {
                String plain = use.table("sv_p");
                String sluice = use.table("sv_s");
                use.execute("CREATE TABLE " + plain + " (id INT NOT NULL, v " + c.column() + ")");
                use.execute("CREATE TABLE " + sluice + " (id INT NOT NULL, v " + c.column() + ")");
                plainTables.put(c.column(), plain);
                sluiceTables.put(c.column(), sluice);
            }
        }
        String plainUrl = withSuffix(use.plainUrl, urlSuffix);
        String sluiceUrl = withSuffix(use.sluiceUrl(settings), urlSuffix);
        Map<Integer, String> plainErrors = new TreeMap<>();
        Map<Integer, String> sluiceErrors = new TreeMap<>();
        try (Connection plain = DriverManager.getConnection(plainUrl, use.properties());
                Connection sluice = DriverManager.getConnection(sluiceUrl, use.properties())) {
            for (int i = 0; i < cases.size(); i++) {
                ValueCase c = cases.get(i);
                write(plain, plainTables.get(c.column()), i, c, plainErrors);
                write(sluice, sluiceTables.get(c.column()), i, c, sluiceErrors);
            }
            try (Statement statement = sluice.createStatement()) {
                statement.execute("SYSTEM FLUSH ASYNC INSERT QUEUE");
            }
        }
        Map<Integer, String> plainStored = new TreeMap<>();
        Map<Integer, String> sluiceStored = new TreeMap<>();
        for (String column : plainTables.keySet()) {
            readInto(use, plainTables.get(column), read, plainStored);
            readInto(use, sluiceTables.get(column), read, sluiceStored);
        }
        boolean waits = settings.contains("wait_for_async_insert=1");
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ValueCase c = cases.get(i);
            Outcome expected = new Outcome(plainStored.get(i), plainErrors.get(i));
            Outcome actual = new Outcome(sluiceStored.get(i), sluiceErrors.get(i));
            if (known.test(c.name()) || (lenient && expected.error() != null && actual.stored() != null)) {
                continue;
            }
            boolean same = expected.error() != null
                    ? actual.stored() == null && (!waits || actual.error() != null)
                    : actual.error() == null && expected.stored().equals(actual.stored());
            // A buffer that cannot hold a value the target takes is never a deliberate difference (the wal buffer's log).
            boolean bufferRefused = actual.error() != null && actual.error().contains("buffer cannot store");
            if (bufferRefused || (!same && !refusedClearly(expected, actual, waits))) {
                differences.add(c + ": plain " + expected + " / sluice " + actual);
            }
        }
        return differences;
    }

    /**
     * Whether Sluice refused a value the target's driver stores, as a data error of its own and storing nothing:
     * Sluice checks values against the column's declared type where the target would convert or keep anything
     * (SQLite's type affinity), and refuses non-finite floating-point numbers.
     */
    static boolean refusedClearly(Outcome expected, Outcome actual, boolean waits) {
        if (expected.error() != null || actual.stored() != null) {
            return false;
        }
        if (!waits) {
            return true;
        }
        String error = actual.error();
        return error != null && error.startsWith("SluiceSqlException ") && (error.contains("CANNOT_PARSE_")
                || error.contains("CANNOT_CONVERT_TYPE") || error.contains("VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"));
    }

    private static String withSuffix(String url, String suffix) {
        if (suffix.isEmpty()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + suffix;
    }

    private static void write(Connection connection, String table, int id, ValueCase c, Map<Integer, String> errors) {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, ?)")) {
            statement.setInt(1, id);
            c.setter().set(statement, 2);
            statement.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            errors.put(id, e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static void readInto(Target.Use use, String table, UnaryOperator<String> read, Map<Integer, String> out)
            throws SQLException {
        try (Connection connection = use.plain();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, " + read.apply("v") + " FROM " + table)) {
            while (rows.next()) {
                String text = rows.getString(2);
                out.put(rows.getInt(1), text == null ? "NULL" : text);
            }
        }
    }
}
