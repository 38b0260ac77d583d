package io.sluice.engine.settings;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * The declarative table of Sluice's built-in settings: name, aliases, type, default, scope and meaning.
 * Validation, {@code system.settings}, the driver's {@code getPropertyInfo} and the README's settings
 * table all come from here. Plugins add their own settings through
 * {@link io.sluice.spi.NamedFactory#settings()}.
 */
public enum Setting {
    ASYNC_INSERT("async_insert", Type.BOOL, "1", Scope.QUERY,
            "Buffer INSERTs and write them later in batches; 0 writes each INSERT at once"),
    WAIT_FOR_ASYNC_INSERT("wait_for_async_insert", Type.BOOL, "1", Scope.QUERY,
            "1: an INSERT returns after its data is written (or failed); 0: it returns once buffered"),
    WAIT_FOR_ASYNC_INSERT_TIMEOUT("wait_for_async_insert_timeout", Type.SECONDS, "120", Scope.QUERY,
            "Longest wait for the flush; then TIMEOUT_EXCEEDED, and the data stays queued and may still be written"),
    ASYNC_INSERT_MAX_DATA_SIZE("async_insert_max_data_size", Type.UINT64, "10485760", Scope.QUERY,
            "Flush a buffer when its bytes reach this; one INSERT with more data runs synchronously", 1),
    ASYNC_INSERT_MAX_QUERY_NUMBER("async_insert_max_query_number", Type.UINT64, "450", Scope.QUERY,
            "Flush a buffer when it holds this many INSERTs", 1),
    ASYNC_INSERT_BUSY_TIMEOUT_MAX_MS("async_insert_busy_timeout_max_ms", Type.MILLISECONDS, "200", Scope.QUERY,
            "Longest time from a buffer's first INSERT to its flush; 0 is rejected", 1, "async_insert_busy_timeout_ms"),
    ASYNC_INSERT_USE_ADAPTIVE_BUSY_TIMEOUT("async_insert_use_adaptive_busy_timeout", Type.BOOL, "1", Scope.QUERY,
            "Adapt the busy timeout to the load: frequent inserts grow it toward the max, sparse ones shrink it toward the min, a rare insert into an idle table is flushed at once"),
    ASYNC_INSERT_CLOSED_LOOP_FLUSH("async_insert_closed_loop_flush", Type.BOOL, "1", Scope.QUERY,
            "Sluice only. 1: a buffer whose every caller inside an INSERT of its key already waits on it is flushed at once (group commit), the busy timeout staying the upper bound; 0: it waits for the timeout as in ClickHouse"),
    ASYNC_INSERT_BUSY_TIMEOUT_MIN_MS("async_insert_busy_timeout_min_ms", Type.MILLISECONDS, "50", Scope.QUERY,
            "Floor and starting value of the adaptive busy timeout; above the max it is clamped to the max"),
    ASYNC_INSERT_BUSY_TIMEOUT_INCREASE_RATE("async_insert_busy_timeout_increase_rate", Type.FLOAT, "0.2", Scope.QUERY,
            "Growth factor of the adaptive busy timeout (multiplier 1 + rate); must be > 0"),
    ASYNC_INSERT_BUSY_TIMEOUT_DECREASE_RATE("async_insert_busy_timeout_decrease_rate", Type.FLOAT, "0.2", Scope.QUERY,
            "Shrink factor of the adaptive busy timeout (divisor 1 + rate); must be > 0"),
    ASYNC_INSERT_FLUSH_POLICY("async_insert_flush_policy", Type.STRING, "", Scope.QUERY,
            "The flush policy plugin that decides when a buffer is flushed; empty means adaptive when async_insert_use_adaptive_busy_timeout is 1, else threshold"),
    ASYNC_INSERT_RETRY_TIMEOUT_MS("async_insert_retry_timeout_ms", Type.MILLISECONDS, "60000", Scope.QUERY,
            "How long a flush keeps retrying a write that failed transiently (database busy or locked, connection lost) before it fails its entries"),
    ASYNC_INSERT_RETRY_INITIAL_BACKOFF_MS("async_insert_retry_initial_backoff_ms", Type.MILLISECONDS, "100", Scope.QUERY,
            "Wait before the first retry of a transiently failed write; doubles after each retry", 1),
    ASYNC_INSERT_RETRY_MAX_BACKOFF_MS("async_insert_retry_max_backoff_ms", Type.MILLISECONDS, "5000", Scope.QUERY,
            "Longest wait between two retries of a transiently failed write", 1),
    MAX_INSERT_BLOCK_SIZE("max_insert_block_size", Type.UINT64, "1048449", Scope.QUERY,
            "Most rows one storage write carries: a flush with more rows is written as several parts (an INSERT's rows stay in one part)", 1),
    ASYNC_INSERT_BACKPRESSURE_TIMEOUT_MS("async_insert_backpressure_timeout_ms", Type.MILLISECONDS, "10000", Scope.QUERY,
            "How long an INSERT waits for room when async_insert_max_buffered_bytes are buffered, before it fails with MEMORY_LIMIT_EXCEEDED"),
    LOG_COMMENT("log_comment", Type.STRING, "", Scope.QUERY,
            "A comment carried into system.asynchronous_insert_log and system.query_log; not part of the buffer key"),
    ASYNC_INSERT_DEDUPLICATE("async_insert_deduplicate", Type.BOOL, "0", Scope.QUERY,
            "Drop an entry whose data (or insert_deduplication_token) was already written to its table recently; its client still sees success"),
    INSERT_DEDUPLICATION_TOKEN("insert_deduplication_token", Type.STRING, "", Scope.QUERY,
            "The entry's deduplication id instead of its data's hash; setting one turns deduplication on for that entry; not part of the buffer key"),
    ASYNC_INSERT_DEDUPLICATION_WINDOW("async_insert_deduplication_window", Type.UINT64, "10000", Scope.QUERY,
            "How many deduplication ids per table the ledger in the target database remembers", 1),
    ASYNC_INSERT_READ_YOUR_WRITES("async_insert_read_your_writes", Type.BOOL, "1", Scope.QUERY,
            "Before a statement that names a table (SELECT, UPDATE, DELETE, DDL…) or a metadata read, write that table's INSERTs"
                    + " this connection buffered without waiting for them; 0 leaves them to their flush; not part of the buffer key"),
    ASYNC_INSERT_IN_TRANSACTIONS("async_insert_in_transactions", Type.BOOL, "1", Scope.QUERY,
            "Under autoCommit=false, keep a transaction's INSERTs on its connection and write them at COMMIT as one all-or-nothing"
                    + " group with other transactions' groups (before any other statement of the transaction, on its own connection);"
                    + " 0 writes each at once on the transaction's connection; not part of the buffer key"),
    LOG_QUERIES("log_queries", Type.BOOL, "1", Scope.QUERY,
            "Write each client statement to system.query_log; not part of the buffer key"),
    LOG_QUERIES_PROBABILITY("log_queries_probability", Type.PROBABILITY, "1", Scope.QUERY,
            "With log_queries, the share of client statements written to system.query_log, each chosen at random: 1 all, 0 none,"
                    + " 0.01 about one in a hundred, for fewer system-log rows at many statements a second; not part of the buffer key"),
    ASYNC_INSERT_THREADS("async_insert_threads", Type.UINT64, Integer.toString(Runtime.getRuntime().availableProcessors()),
            Scope.ENGINE, "Flush threads: buffers of different tables flush in parallel, and up to async_insert_max_flushes_per_table of one table's (default: the number of processors)", 1),
    ASYNC_INSERT_MAX_FLUSHES_PER_TABLE("async_insert_max_flushes_per_table", Type.UINT64, "0", Scope.ENGINE,
            "Sluice only. Most flushes of one table that run at once, each in its own transaction and committed in any order;"
                    + " a waiting caller's batch starts beside a running flush only when that one stalled (took 8 times the table's"
                    + " last flush). 0: the storage's number (1 for sqlite, one writer; jdbc_pool_size for jdbc), at most"
                    + " async_insert_threads; the storage's number also bounds any other value"),
    ASYNC_INSERT_BUFFER("async_insert_buffer", Type.STRING, "memory", Scope.ENGINE,
            "The buffer plugin that holds entries until their flush"),
    ASYNC_INSERT_STORAGE("async_insert_storage", Type.STRING, "", Scope.ENGINE,
            "The storage plugin that writes to the target; empty chooses it from the URL's target"),
    ASYNC_INSERT_MAX_BUFFERED_BYTES("async_insert_max_buffered_bytes", Type.UINT64, "268435456", Scope.ENGINE,
            "Most heap taken by INSERTs buffered or being flushed across the engine, their data and bookkeeping; at the bound INSERTs wait, then fail", 1),
    ASYNC_INSERT_FLUSH_BACKLOG_ENTRIES("async_insert_flush_backlog_entries", Type.UINT64, "8192", Scope.ENGINE,
            "Entries of a table handed to its flushes and not yet written at which the table's new INSERTs wait until half are"
            + " written, so that many sending threads leave the flush its share of the CPU; a wait ends when no flush ends"
            + " within 100 ms (a stalled database is buffered up to async_insert_max_buffered_bytes); 0 turns it off"),
    ASYNC_INSERT_SHUTDOWN_TIMEOUT_MS("async_insert_shutdown_timeout_ms", Type.MILLISECONDS, "30000", Scope.ENGINE,
            "How long a graceful shutdown waits for the last flushes before it reports what it could not write"),
    ENGINE_LINGER_MS("engine_linger_ms", Type.MILLISECONDS, "10000", Scope.ENGINE,
            "How long an engine stays open after its last connection (and data source) closed, for the next one; then it"
                    + " flushes what it holds and closes, releasing its threads, files and pool (with system_database_path empty, its"
                    + " system tables go with it); 0 closes it with the last connection"),
    ASYNC_INSERT_TABLE_METADATA_TTL_MS("async_insert_table_metadata_ttl_ms", Type.MILLISECONDS, "3000", Scope.ENGINE,
            "How long a table's cached columns are trusted before the next INSERT into it asks the target again; a schema changed"
                    + " by another application is seen within this time, or at once by an INSERT it makes fail"),
    SYSTEM_DATABASE_PATH("system_database_path", Type.STRING, "", Scope.ENGINE,
            "SQLite file holding the system tables; empty keeps them in memory"),
    SYSTEM_LOG_TTL_SECONDS("system_log_ttl_seconds", Type.SECONDS, "259200", Scope.ENGINE,
            "How long rows stay in the system log tables (asynchronous_insert_log, part_log)", 1),
    METRIC_LOG_COLLECT_INTERVAL_MILLISECONDS("metric_log_collect_interval_milliseconds", Type.MILLISECONDS, "1000", Scope.ENGINE,
            "How often system.metric_log samples every event and metric (ClickHouse's metric_log collect_interval_milliseconds); 0 samples never"),
    SYSTEM_LOG_MAX_ROWS("system_log_max_rows", Type.UINT64, "1000000", Scope.ENGINE,
            "Most rows each system log table keeps; the oldest go first", 1),
    SYSTEM_LOG_FLUSH_INTERVAL_MILLISECONDS("system_log_flush_interval_milliseconds", Type.MILLISECONDS, "7500", Scope.ENGINE,
            "How often the rows of system.query_log, asynchronous_insert_log and part_log waiting in memory are written to the"
                    + " system database (ClickHouse's flush_interval_milliseconds); they are also written before every read of a system"
                    + " table, on SYSTEM FLUSH LOGS, and once 4,096 have gathered", 1),
    SYSTEM_LOG_MAX_SIZE_ROWS("system_log_max_size_rows", Type.UINT64, "1048576", Scope.ENGINE,
            "Most rows of system.query_log and system.asynchronous_insert_log waiting in memory to be written; while the"
                    + " writer is that far behind, new rows are dropped (counted in SystemLogRowsDropped), as ClickHouse does when a"
                    + " system log's queue is full", 1),
    ASYNC_INSERT_DEAD_LETTER_MAX_ROWS("async_insert_dead_letter_max_rows", Type.UINT64, "100000", Scope.ENGINE,
            "Most failed entries system.asynchronous_insert_dead_letter keeps; beyond it the oldest go first (counted in AsyncInsertDeadLettersEvicted)"),
    ASYNC_INSERT_DEAD_LETTER_MAX_BYTES("async_insert_dead_letter_max_bytes", Type.UINT64, "268435456", Scope.ENGINE,
            "Most bytes of failed entries' data system.asynchronous_insert_dead_letter keeps; beyond it the oldest go first");

    /** The type of a setting's value. */
    public enum Type {
        BOOL("Bool"), UINT64("UInt64"), MILLISECONDS("Milliseconds"), SECONDS("Seconds"), FLOAT("Float"), PROBABILITY("Float"), STRING("String");

        private final String sqlName;

        Type(String sqlName) {
            this.sqlName = sqlName;
        }

        /** The name shown in {@code system.settings.type}. */
        public String sqlName() {
            return sqlName;
        }
    }

    /** Whether the setting stays with each entry instead of splitting the buffer key. */
    public boolean perEntry() {
        return this == LOG_COMMENT || this == INSERT_DEDUPLICATION_TOKEN || this == LOG_QUERIES || this == LOG_QUERIES_PROBABILITY
                || this == ASYNC_INSERT_READ_YOUR_WRITES
                || this == ASYNC_INSERT_IN_TRANSACTIONS;
    }

    /** Where a setting may be set. */
    public enum Scope {
        /** Per statement: URL or connection properties, {@code SET}, or a {@code SETTINGS} clause. */
        QUERY,
        /** Per engine: URL or connection properties only, fixed when the engine starts. */
        ENGINE
    }

    private final String settingName;
    private final Type type;
    private final String defaultValue;
    private final Scope scope;
    private final String description;
    private final long minimum;
    private final List<String> aliases;

    Setting(String name, Type type, String defaultValue, Scope scope, String description) {
        this(name, type, defaultValue, scope, description, 0);
    }

    Setting(String name, Type type, String defaultValue, Scope scope, String description, long minimum, String... aliases) {
        this.settingName = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.scope = scope;
        this.description = description;
        this.minimum = minimum;
        this.aliases = List.of(aliases);
    }

    public String settingName() {
        return settingName;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public Scope scope() {
        return scope;
    }

    public String description() {
        return description;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** The value as a number, or {@code INVALID_SETTING_VALUE} saying {@code expected}. */
    private double decimal(String value, String expected) throws SluiceSqlException {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(value, expected);
        }
    }

    /**
     * Checks a value and returns its canonical text: {@code 1}/{@code 0} for booleans, a plain number
     * for numbers.
     *
     * @throws SluiceSqlException {@code INVALID_SETTING_VALUE} naming the setting, the value and the rule
     */
    public String canonicalize(String value) throws SluiceSqlException {
        switch (type) {
            case BOOL -> {
                String lower = value.trim().toLowerCase(Locale.ROOT);
                if (lower.equals("1") || lower.equals("true")) {
                    return "1";
                }
                if (lower.equals("0") || lower.equals("false")) {
                    return "0";
                }
                throw invalid(value, "expected 0, 1, true or false");
            }
            case UINT64, MILLISECONDS, SECONDS -> {
                long number;
                BigDecimal seconds = null;
                try {
                    // ClickHouse takes fractional seconds (0.5) and keeps them: EffectiveSettings.getMillis reads 500 ms.
                    if (type == Type.SECONDS) {
                        seconds = new BigDecimal(value.trim());
                        number = seconds.setScale(0, RoundingMode.UP).longValueExact();
                    } else {
                        number = Long.parseLong(value.trim());
                    }
                } catch (NumberFormatException | ArithmeticException e) {
                    throw invalid(value, (type == Type.SECONDS ? "expected a number" : "expected a whole number") + (minimum > 0 ? " >= " + minimum : " >= 0"));
                }
                if (number < minimum || (seconds != null && seconds.signum() < 0)) {
                    throw invalid(value, minimum == 1 ? "must be greater than 0" : "must be >= " + minimum);
                }
                return seconds == null || seconds.scale() <= 0 || seconds.stripTrailingZeros().scale() <= 0 ? Long.toString(number)
                        : seconds.stripTrailingZeros().toPlainString();
            }
            case FLOAT -> {
                double number = decimal(value, "expected a number > 0");
                if (!(number > 0) || Double.isInfinite(number)) {
                    throw invalid(value, "must be greater than 0");
                }
                return Double.toString(number);
            }
            case PROBABILITY -> {
                double number = decimal(value, "expected a number from 0 to 1");
                if (!(number >= 0 && number <= 1)) {
                    throw invalid(value, "must be from 0 to 1");
                }
                // 1 and 0 keep their integer text, so that the default reads as ClickHouse's.
                return number == 1 ? "1" : number == 0 ? "0" : Double.toString(number);
            }
            default -> {
                return value;
            }
        }
    }

    private SluiceSqlException invalid(String value, String rule) {
        return new SluiceSqlException(ErrorCode.INVALID_SETTING_VALUE,
                "Setting " + settingName + " = '" + value + "' is invalid: " + rule);
    }
}
