package io.sluice.engine.insert;

import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertSource;
import io.sluice.parser.QualifiedName;
import io.sluice.parser.format.Format;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Resolves an INSERT head and its effective settings to its buffer key's {@link KeyQueue}, checking
 * everything ClickHouse checks before queueing: the table, the columns, the format, and that deduplication has
 * a ledger to use. Called once per statement shape (sessions memoize the answer), never per INSERT.
 * Thread-safe.
 */
public final class KeyResolver {
    /** Builds the flush policy with this name; each name is built once per engine. */
    @FunctionalInterface
    public interface PolicyFactory {
        FlushPolicy create(String name) throws SQLException;
    }

    private final TableCatalog catalog;
    private final Accumulator accumulator;
    private final PolicyFactory policyFactory;
    private final boolean ledger;
    private final String target;
    private final ConcurrentHashMap<String, FlushPolicy> policies = new ConcurrentHashMap<>();

    /**
     * @param ledger whether the storage keeps a ledger, which deduplication needs
     */
    public KeyResolver(TableCatalog catalog, Accumulator accumulator, PolicyFactory policyFactory, boolean ledger, String target) {
        this.catalog = catalog;
        this.accumulator = accumulator;
        this.policyFactory = policyFactory;
        this.ledger = ledger;
        this.target = target;
    }

    /**
     * The queue of a client's INSERT.
     *
     * @throws SQLException the first check that fails, naming the table, column, format or setting
     */
    public KeyQueue resolve(InsertHead head, EffectiveSettings settings) throws SQLException {
        try {
            return resolveOnce(head, settings);
        } catch (SluiceSqlException e) {
            // The table may have changed behind Sluice's back: check against its shape as it is now before failing.
            if (TableCatalog.staleShapeCouldExplain(e.getErrorCode()) && catalog.refresh(head.table())) {
                return resolveOnce(head, settings);
            }
            throw e;
        }
    }

    private KeyQueue resolveOnce(InsertHead head, EffectiveSettings settings) throws SQLException {
        TableInfo table = catalog.table(head.table());
        List<ColumnInfo> columns = head.columns() == null ? table.insertableColumns() : columns(table, head.columns());
        for (ColumnInfo column : table.insertableColumns()) {
            if (!column.nullable() && !column.hasDefault() && !columns.contains(column)) {
                throw new SluiceSqlException(ErrorCode.CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN, "Column '" + column.name() + "' of "
                        + table.database() + "." + table.name() + " is NOT NULL and has no default: the INSERT must list it");
            }
        }
        Format format = head.source() == InsertSource.VALUES ? Format.VALUES
                : Format.byName(head.format()).orElseThrow(() -> new SluiceSqlException(ErrorCode.UNKNOWN_FORMAT,
                        "Unknown input format '" + head.format() + "'; known formats: "
                                + Arrays.stream(Format.values()).map(Format::canonicalName).collect(Collectors.joining(", "))));
        boolean deduplicating = !settings.get(Setting.INSERT_DEDUPLICATION_TOKEN).isEmpty() || settings.getBoolean(Setting.ASYNC_INSERT_DEDUPLICATE);
        if (deduplicating && !ledger) {
            throw new SluiceSqlException(ErrorCode.NOT_IMPLEMENTED, "Deduplication (async_insert_deduplicate, insert_deduplication_token)"
                    + " needs a storage with a ledger; the storage of " + target + " has none");
        }
        return queue(table, columns, format, settings);
    }

    /**
     * The queue of a key a durable buffer recovered, its head decoded by {@link BufferKeyCodec#decode}.
     *
     * @throws SQLException when its table or a column no longer exists
     */
    public KeyQueue resolveRecovered(InsertHead head, EffectiveSettings settings) throws SQLException {
        return resolveStored(head.table(), head.columns(), head.format(), settings);
    }

    /**
     * The queue of an INSERT kept as structured fields (a recovered key, a dead letter): table, column names and
     * format, each checked.
     *
     * @throws SQLException when its table, a column or the format does not exist
     */
    public KeyQueue resolveStored(QualifiedName tableName, List<String> columnNames, String formatName, EffectiveSettings settings)
            throws SQLException {
        TableInfo table = catalog.table(tableName);
        List<ColumnInfo> columns = new ArrayList<>();
        for (String name : columnNames) {
            columns.add(table.column(name).orElseThrow(() -> noSuchColumn(table, name)));
        }
        Format format = Format.byName(formatName).orElseThrow(() -> new SluiceSqlException(ErrorCode.UNKNOWN_FORMAT,
                "Unknown input format '" + formatName + "'"));
        return queue(table, columns, format, settings);
    }

    private KeyQueue queue(TableInfo table, List<ColumnInfo> columns, Format format, EffectiveSettings settings) throws SQLException {
        List<String> names = new ArrayList<>(columns.size());
        for (ColumnInfo column : columns) {
            names.add(column.name());
        }
        BufferKey key = new BufferKey(table.database(), table.name(), names, format, settings.keySettings());
        KeyQueue queue = accumulator.find(key);
        if (queue != null) {
            // Same names, maybe other types: a column retyped elsewhere. Entries are read against the key's columns at
            // flush, so from now on they are read against the table as it is.
            queue.reshape(table, columns);
            return queue;
        }
        return accumulator.queue(key, table, columns, settings, policy(settings));
    }

    private FlushPolicy policy(EffectiveSettings settings) throws SQLException {
        String name = settings.get(Setting.ASYNC_INSERT_FLUSH_POLICY);
        if (name.isEmpty()) {
            name = settings.getBoolean(Setting.ASYNC_INSERT_USE_ADAPTIVE_BUSY_TIMEOUT) ? "adaptive" : "threshold";
        }
        FlushPolicy policy = policies.get(name);
        if (policy == null) {
            policy = policyFactory.create(name);
            FlushPolicy raced = policies.putIfAbsent(name, policy);
            policy = raced == null ? policy : raced;
        }
        return policy;
    }

    /**
     * The columns an INSERT lists, checked: each exists, is listed once and can be inserted into.
     *
     * @throws SluiceSqlException naming the first column at fault
     */
    public static List<ColumnInfo> columns(TableInfo table, List<String> names) throws SluiceSqlException {
        List<ColumnInfo> columns = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            ColumnInfo column = table.column(name).orElseThrow(() -> noSuchColumn(table, name));
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new SluiceSqlException(ErrorCode.DUPLICATE_COLUMN, "Column '" + name + "' is listed twice in the INSERT into "
                        + table.database() + "." + table.name());
            }
            if (!column.insertable()) {
                throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Column '" + column.name() + "' of " + table.database() + "."
                        + table.name() + " is generated and cannot be inserted into");
            }
            columns.add(column);
        }
        return columns;
    }

    private static SluiceSqlException noSuchColumn(TableInfo table, String name) {
        return new SluiceSqlException(ErrorCode.NO_SUCH_COLUMN_IN_TABLE, "There is no column '" + name + "' in table " + table.database()
                + "." + table.name());
    }
}
