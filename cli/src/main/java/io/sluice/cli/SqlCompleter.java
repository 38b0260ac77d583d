package io.sluice.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion of SQL keywords, shell commands, Sluice settings, the target's tables and the system
 * tables. The names come from the connection the first time completion is asked for (the settings and
 * system tables from {@code system.settings} and the system database, the tables from JDBC metadata); what
 * a plain JDBC URL cannot answer is left out.
 */
final class SqlCompleter implements Completer {
    static final List<String> KEYWORDS = List.of(
            "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "LIMIT", "HAVING", "JOIN", "LEFT JOIN", "ON", "AS",
            "AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "DISTINCT", "COUNT", "WITH", "UNION", "CASE", "WHEN", "THEN",
            "ELSE", "END", "INSERT INTO", "VALUES", "SETTINGS", "FORMAT", "CREATE TABLE", "DROP TABLE", "IF EXISTS",
            "IF NOT EXISTS", "DELETE FROM", "UPDATE", "SET", "BEGIN", "COMMIT", "ROLLBACK",
            "SYSTEM FLUSH ASYNC INSERT QUEUE", "SYSTEM FLUSH LOGS", "SYSTEM REPLAY ASYNC INSERT DEAD LETTER",
            "CSV", "TSV", "TabSeparated", "JSONEachRow", "Values", "Vertical", "PrettyCompact");

    private final Supplier<Connection> connection;
    private List<String> names;

    SqlCompleter(Supplier<Connection> connection) {
        this.connection = connection;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String name : names()) {
            candidates.add(new Candidate(name, name, null, null, null, null, !name.endsWith(".")));
        }
    }

    /** Every completion word; loaded once. */
    synchronized List<String> names() {
        if (names == null) {
            TreeSet<String> all = new TreeSet<>(KEYWORDS);
            all.addAll(Shell.commands());
            Connection current = connection.get();
            all.addAll(query(current, "SELECT name FROM system.settings"));
            for (String table : query(current, "SELECT name FROM system.sqlite_master WHERE type IN ('table', 'view')")) {
                // The log tables' storage rows are read through their views.
                if (!table.endsWith("_rows") && !table.endsWith("_blocks") && !table.endsWith("_flushes")) {
                    all.add("system." + table);
                }
            }
            all.addAll(tables(current));
            names = List.copyOf(all);
        }
        return names;
    }

    private static List<String> query(Connection connection, String sql) {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            // Not a Sluice URL (no system tables), or no such table: nothing to complete from it.
        }
        return values;
    }

    private static List<String> tables(Connection connection) {
        List<String> values = new ArrayList<>();
        try {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet rows = meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
                while (rows.next()) {
                    values.add(rows.getString("TABLE_NAME"));
                }
            }
        } catch (SQLException e) {
            // A driver without table metadata: complete the rest.
        }
        return values;
    }
}
