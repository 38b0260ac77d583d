package io.sluice.engine.insert;

import io.sluice.parser.QualifiedName;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.Storage;
import io.sluice.spi.TableInfo;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target tables' shapes, asked of the storage once and cached until DDL (or a write error that may come
 * from changed DDL) invalidates them. Its version lets callers drop what they derived from a shape. Thread-safe.
 */
public final class TableCatalog {
    private final Storage storage;
    private final ConcurrentHashMap<String, TableInfo> tables = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    public TableCatalog(Storage storage) {
        this.storage = storage;
    }

    /** Changes whenever cached shapes are forgotten. */
    public long version() {
        return version.get();
    }

    /** Forgets every cached table shape, after DDL that may have changed one. */
    public void invalidate() {
        tables.clear();
        version.incrementAndGet();
    }

    /**
     * The table's shape, cached.
     *
     * @throws SluiceSqlException {@code UNKNOWN_TABLE} when it does not exist
     */
    public TableInfo table(QualifiedName name) throws SQLException {
        String key = (name.database() == null ? "" : name.database().toLowerCase(Locale.ROOT)) + '\0' + name.name().toLowerCase(Locale.ROOT);
        TableInfo table = tables.get(key);
        if (table != null) {
            return table;
        }
        Optional<TableInfo> found = storage.table(name.database(), name.name());
        if (found.isEmpty()) {
            String database = name.database() == null ? storage.defaultDatabase() : name.database();
            throw new SluiceSqlException(ErrorCode.UNKNOWN_TABLE, "Table " + database + "." + name.name() + " does not exist");
        }
        tables.put(key, found.get());
        return found.get();
    }
}
