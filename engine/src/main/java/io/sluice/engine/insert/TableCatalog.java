package io.sluice.engine.insert;

import io.sluice.parser.QualifiedName;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target tables' shapes, asked of the storage and cached. Another application may change a table
 * behind Sluice's back, so a shape is trusted for {@code ttlNanos} only, and an error a stale shape could
 * explain makes the caller {@link #refresh} it. Its version changes whenever a shape may have changed, and
 * at least once per {@code ttlNanos} while shapes are cached, so callers that memoize what they derived from
 * a shape ask again (the hot path pays one clock read and one volatile read for it). Thread-safe.
 */
public final class TableCatalog {
    /** Error codes of an INSERT that a table changed since its shape was cached could explain. */
    private static final Set<Integer> STALE_SHAPE_CODES = Set.of(ErrorCode.NO_SUCH_COLUMN_IN_TABLE.code(), ErrorCode.CANNOT_PARSE_TEXT.code(),
            ErrorCode.CANNOT_PARSE_INPUT_ASSERTION_FAILED.code(), ErrorCode.TYPE_MISMATCH.code(),
            ErrorCode.NUMBER_OF_COLUMNS_DOESNT_MATCH.code(), ErrorCode.CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN.code(),
            ErrorCode.UNKNOWN_TABLE.code(), ErrorCode.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE.code(), ErrorCode.CANNOT_PARSE_DATE.code(),
            ErrorCode.CANNOT_PARSE_DATETIME.code(), ErrorCode.CANNOT_CONVERT_TYPE.code(), ErrorCode.CANNOT_PARSE_QUOTED_STRING.code());

    private record Cached(TableInfo table, long loadedNanos) {}

    private final Storage storage;
    private final Clock clock;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> tables = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile long epochStartNanos;

    /** @param ttlNanos how long a cached shape is trusted without asking the storage again */
    public TableCatalog(Storage storage, Clock clock, long ttlNanos) {
        this.storage = storage;
        this.clock = clock;
        this.ttlNanos = Math.max(1, ttlNanos);
        this.epochStartNanos = clock.nanoTime();
    }

    /** Whether an error with this ClickHouse code could come from a table changed since its shape was cached. */
    public static boolean staleShapeCouldExplain(int code) {
        return STALE_SHAPE_CODES.contains(code);
    }

    /** Changes whenever cached shapes may have changed, and at least once per time-to-live while any are cached. */
    public long version() {
        long now = clock.nanoTime();
        long start = epochStartNanos;
        if (now - start >= ttlNanos && !tables.isEmpty()) {
            // One caller per epoch moves it on; the others see the new version.
            synchronized (this) {
                if (epochStartNanos == start) {
                    epochStartNanos = now;
                    version.incrementAndGet();
                }
            }
        }
        return version.get();
    }

    /** Forgets every cached table shape, after DDL that may have changed one. */
    public void invalidate() {
        tables.clear();
        version.incrementAndGet();
    }

    /**
     * The table's shape, cached for the time-to-live.
     *
     * @throws SluiceSqlException {@code UNKNOWN_TABLE} when it does not exist
     */
    public TableInfo table(QualifiedName name) throws SQLException {
        String key = key(name);
        Cached cached = tables.get(key);
        if (cached != null && clock.nanoTime() - cached.loadedNanos < ttlNanos) {
            return cached.table;
        }
        return load(name, key, cached, false);
    }

    /**
     * Asks the storage for the table's shape again, after an error a stale shape could explain.
     *
     * @return whether the shape differs from the cached one (a table that no longer exists differs)
     */
    public boolean refresh(QualifiedName name) throws SQLException {
        String key = key(name);
        Cached before = tables.get(key);
        try {
            TableInfo now = load(name, key, before, true);
            return before == null || !before.table.equals(now);
        } catch (SluiceSqlException e) {
            if (e.getErrorCode() == ErrorCode.UNKNOWN_TABLE.code()) {
                return before != null;
            }
            throw e;
        }
    }

    private TableInfo load(QualifiedName name, String key, /* nullable */ Cached cached, boolean forced) throws SQLException {
        Optional<TableInfo> found;
        try {
            found = storage.table(name.database(), name.name());
        } catch (SQLException e) {
            if (cached != null && !forced) {
                // The database is away: INSERTs stay accepted on the shape known, asked again after another time-to-live.
                tables.put(key, new Cached(cached.table, clock.nanoTime()));
                return cached.table;
            }
            throw e;
        }
        if (found.isEmpty()) {
            if (tables.remove(key) != null) {
                version.incrementAndGet();
            }
            String database = name.database() == null ? storage.defaultDatabase() : name.database();
            throw new SluiceSqlException(ErrorCode.UNKNOWN_TABLE, "Table " + database + "." + name.name() + " does not exist");
        }
        TableInfo table = found.get();
        Cached previous = tables.put(key, new Cached(table, clock.nanoTime()));
        if (previous != null && !previous.table.equals(table)) {
            version.incrementAndGet();
        }
        return table;
    }

    private static String key(QualifiedName name) {
        return (name.database() == null ? "" : name.database().toLowerCase(Locale.ROOT)) + '\0' + name.name().toLowerCase(Locale.ROOT);
    }
}
