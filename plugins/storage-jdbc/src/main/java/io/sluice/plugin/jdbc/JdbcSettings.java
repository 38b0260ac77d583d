package io.sluice.plugin.jdbc;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of the {@code jdbc} storage: one declarative table that feeds {@link #definitions()}
 * (documentation, {@code system.settings}) and {@link #parse} (validation), so the two never drift.
 * Immutable once parsed.
 *
 * @param poolSize the most connections the write pool holds
 * @param connectionTimeoutMillis how long a write waits for a pooled connection
 * @param idleTimeoutMillis how long an idle pooled connection lives; 0 keeps them forever
 * @param maxLifetimeMillis the longest life of a pooled connection; 0 means unlimited
 * @param dialect {@code auto}, {@code postgresql}, {@code mariadb} or {@code generic}
 * @param maxStatementBytes the largest multi-row INSERT the MariaDB/MySQL dialect builds (also bounded by
 *     the server's {@code max_allowed_packet})
 * @param networkTimeoutMillis how long a write or metadata read waits for the database to answer; 0 forever
 */
record JdbcSettings(
        int poolSize,
        long connectionTimeoutMillis,
        long idleTimeoutMillis,
        long maxLifetimeMillis,
        String dialect,
        long maxStatementBytes,
        long networkTimeoutMillis) {

    static final String POOL_SIZE = "jdbc_pool_size";
    static final String CONNECTION_TIMEOUT = "jdbc_connection_timeout_ms";
    static final String IDLE_TIMEOUT = "jdbc_idle_timeout_ms";
    static final String MAX_LIFETIME = "jdbc_max_lifetime_ms";
    static final String DIALECT = "jdbc_dialect";
    static final String MAX_STATEMENT_BYTES = "jdbc_max_statement_bytes";
    static final String NETWORK_TIMEOUT = "jdbc_network_timeout_ms";

    static final List<String> DIALECTS = List.of("auto", "postgresql", "mariadb", "generic");

    /**
     * One row of the table. {@code min}/{@code max} bound a number; {@code zeroAllowed} admits 0 as a
     * special value below {@code min} (HikariCP's "disabled"); {@code choices} lists the values of a text
     * setting.
     */
    private record Definition(String name, String type, String defaultValue, long min, long max, boolean zeroAllowed,
            List<String> choices, String description) {

        SettingDefinition documented() {
            return new SettingDefinition(name, type, defaultValue, description);
        }

        String rule() {
            if (choices != null) {
                return "must be one of " + String.join(", ", choices);
            }
            String range = max == Long.MAX_VALUE ? "an integer >= " + min : "an integer between " + min + " and " + max;
            return "must be " + (zeroAllowed ? "0 or " : "") + range;
        }
    }

    private static final List<Definition> TABLE = List.of(
            new Definition(POOL_SIZE, "UInt64", "4", 1, 1000, false, null,
                    "Most connections the jdbc storage's HikariCP pool opens to the target for writing parts"),
            new Definition(CONNECTION_TIMEOUT, "Milliseconds", "30000", 250, Integer.MAX_VALUE, false, null,
                    "How long a write waits for a pooled connection before failing with a transient error"),
            new Definition(IDLE_TIMEOUT, "Milliseconds", "600000", 10000, Long.MAX_VALUE, true, null,
                    "How long an idle pooled connection is kept before it is closed; 0 keeps idle connections forever"),
            new Definition(MAX_LIFETIME, "Milliseconds", "1800000", 30000, Long.MAX_VALUE, true, null,
                    "Longest life of a pooled connection, which should be shorter than any timeout the database or"
                            + " network imposes; 0 means unlimited"),
            new Definition(DIALECT, "String", "auto", 0, 0, false, DIALECTS,
                    "SQL dialect of the target: auto detects it from the database product name; postgresql writes with"
                            + " COPY, mariadb with multi-row INSERTs sized under max_allowed_packet, generic with JDBC"
                            + " batches of multi-row INSERTs"),
            new Definition(MAX_STATEMENT_BYTES, "UInt64", "16777216", 1024, Integer.MAX_VALUE, false, null,
                    "Largest multi-row INSERT the mariadb dialect builds, in bytes; the server's max_allowed_packet"
                            + " bounds it too"),
            new Definition(NETWORK_TIMEOUT, "Milliseconds", "300000", 1000, Integer.MAX_VALUE, true, null,
                    "Longest a write (or a read of a table's columns) waits for the target to answer; then its connection"
                            + " is closed and the write fails transiently and is retried, so a database that stops answering"
                            + " (a network partition) cannot hang a flush; 0 waits forever"));

    /** The documented settings, in table order. */
    static List<SettingDefinition> definitions() {
        List<SettingDefinition> definitions = new ArrayList<>(TABLE.size());
        for (Definition definition : TABLE) {
            definitions.add(definition.documented());
        }
        return List.copyOf(definitions);
    }

    /** The defaults, as if no setting were given. */
    static JdbcSettings defaults() {
        try {
            return parse(PluginConfig.empty());
        } catch (SluiceSqlException e) {
            throw new IllegalStateException("The default jdbc storage settings are invalid", e);
        }
    }

    /**
     * Reads and validates every setting.
     *
     * @throws SluiceSqlException {@link ErrorCode#INVALID_SETTING_VALUE} naming the key, the value and the rule
     */
    static JdbcSettings parse(PluginConfig config) throws SluiceSqlException {
        return new JdbcSettings(
                (int) number(config, TABLE.get(0)),
                number(config, TABLE.get(1)),
                number(config, TABLE.get(2)),
                number(config, TABLE.get(3)),
                choice(config, TABLE.get(4)),
                number(config, TABLE.get(5)),
                number(config, TABLE.get(6)));
    }

    private static long number(PluginConfig config, Definition definition) throws SluiceSqlException {
        String raw = config.get(definition.name()).orElse(definition.defaultValue());
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(definition, raw);
        }
        boolean ok = (value >= definition.min() && value <= definition.max()) || (definition.zeroAllowed() && value == 0);
        if (!ok) {
            throw invalid(definition, raw);
        }
        return value;
    }

    private static String choice(PluginConfig config, Definition definition) throws SluiceSqlException {
        String raw = config.get(definition.name()).orElse(definition.defaultValue());
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (!definition.choices().contains(value)) {
            throw invalid(definition, raw);
        }
        return value;
    }

    private static SluiceSqlException invalid(Definition definition, String raw) {
        return new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE,
                "Setting " + definition.name() + " = '" + raw + "' is invalid: " + definition.rule());
    }
}
