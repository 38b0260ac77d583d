package io.sluice.engine.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the system database from {@code schema.sql}, next to this class: the DDL lives in one SQL file a
 * reader can take in at a glance, not in Java strings. A log table that a file of an earlier version holds
 * without some of today's columns gets them added (its old rows keep NULL there), so no list of added
 * columns has to be kept by hand.
 */
final class SystemSchema {
    private static final String RESOURCE = "schema.sql";
    private static final Pattern QUERY_ID = Pattern.compile("\\$\\{query_id:([a-z]+)}");
    private static final Pattern KEPT_TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS system\\.(\\w+) ");

    private SystemSchema() {}

    /** Runs the schema on a connection where the system database is attached as {@code system}. */
    static void create(Connection connection, String hostname) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(hostname)) {
                statement.execute(sql);
                Matcher kept = KEPT_TABLE.matcher(sql);
                if (kept.lookingAt()) {
                    addMissingColumns(statement, kept.group(1), sql);
                }
            }
        }
    }

    /** The schema's statements, placeholders replaced, in order. */
    static List<String> statements(String hostname) {
        String text = QUERY_ID.matcher(read().replace("${hostname}", "'" + hostname.replace("'", "''") + "'"))
                .replaceAll(match -> Matcher.quoteReplacement(queryIdText(match.group(1))));
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(current.length() == 0 ? "" : " ").append(trimmed);
            if (trimmed.endsWith(";")) {
                current.setLength(current.length() - 1);
                statements.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            throw new IllegalStateException(RESOURCE + " ends inside a statement (a statement ends with ';' at a line's end): " + current);
        }
        return statements;
    }

    private static String read() {
        try (InputStream in = SystemSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath next to " + SystemSchema.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE, e);
        }
    }

    /** The text of a log table's query id: the {@code query_id} column, or the UUID its two integer columns hold. */
    private static String queryIdText(String alias) {
        return "CASE WHEN " + alias + ".query_id_low IS NULL THEN " + alias + ".query_id ELSE "
                + QueryIds.sqlText(alias + ".query_id_high", alias + ".query_id_low") + " END";
    }

    /**
     * Adds to {@code system.<table>} the columns its declaration has and the table lacks: the declaration is
     * created in a scratch in-memory database to learn its columns.
     */
    private static void addMissingColumns(Statement statement, String table, String declaration) throws SQLException {
        Map<String, String> present = columns(statement, "system", table);
        statement.execute("ATTACH DATABASE ':memory:' AS declared");
        Map<String, String> declared;
        try {
            statement.execute(declaration.replace("system." + table, "declared." + table));
            declared = columns(statement, "declared", table);
        } finally {
            statement.execute("DETACH DATABASE declared");
        }
        for (Map.Entry<String, String> column : declared.entrySet()) {
            if (!present.containsKey(column.getKey())) {
                statement.execute("ALTER TABLE system." + table + " ADD COLUMN \"" + column.getKey() + "\" " + column.getValue());
            }
        }
    }

    private static Map<String, String> columns(Statement statement, String schema, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet info = statement.executeQuery("PRAGMA " + schema + ".table_info(" + table + ")")) {
            while (info.next()) {
                columns.put(info.getString("name"), info.getString("type"));
            }
        }
        return columns;
    }
}
