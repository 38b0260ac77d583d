package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary of the system log: the text columns that many log rows repeat (an INSERT's head, its
 * database and table, the row type, the entry status, the log comment…), stored once as a row of
 * {@code system.log_shapes} that log rows name by id. Ids are given here, in Java, and a new shape's row is
 * written in the same transaction as, and before, the log rows that name it.
 *
 * <p>The dictionary is bounded: it holds at most {@link #MAX_SHAPES} shapes, and once full, {@link #id}
 * answers 0 and the caller writes the row with all its columns instead. Only text with few distinct
 * values should be offered (not an arbitrary statement's text nor an exception message); should a workload
 * offer many anyway, {@link #collect} (run with the log's trim) drops the shapes no log row names any more.
 *
 * <p>Not thread-safe: the system tables use it under their lock.
 */
final class LogShapes {
    /** The most shapes the dictionary holds. */
    static final int MAX_SHAPES = 10_000;
    /** Above this many shapes, a trim also looks for shapes no row names. */
    static final int COLLECT_ABOVE = MAX_SHAPES / 2;

    /**
     * The shared columns of a log row. A {@code system.query_log} row uses the first five and
     * {@code logComment}, an {@code asynchronous_insert_log} entry the last three; the others are null.
     */
    private record Shape(String type, String queryKind, String query, String database, String table, String status, String dataKind,
            String logComment) {}

    private final Map<Shape, Long> ids = new HashMap<>();
    /** Shapes given an id since the last {@link #writeNew}: not yet in the database. */
    private final List<Shape> added = new ArrayList<>();
    private long nextId = 1;
    /**
     * The last shape looked up for each kind of row, and its id: consecutive rows usually hold the very same
     * string objects (a cached head, constants, the table's names), which a comparison of references finds
     * without building and hashing a key.
     */
    private Shape lastQuery;
    private long lastQueryId;
    private Shape lastEntry;
    private long lastEntryId;

    /** Reads the shapes already in the system database (a file kept from an earlier run). */
    void load(Connection connection) throws SQLException {
        ids.clear();
        added.clear();
        forgetLast();
        long max = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, type, query_kind, query, database, \"table\", status, data_kind,"
                        + " log_comment FROM system.log_shapes")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                ids.put(new Shape(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                        rows.getString(7), rows.getString(8), rows.getString(9)), id);
                max = Math.max(max, id);
            }
        }
        nextId = max + 1;
    }

    /** The id of a {@code system.query_log} row's shape, as {@link #id}. */
    long queryShape(String type, String queryKind, String query, String database, String table, String logComment) {
        Shape last = lastQuery;
        if (last != null && last.type() == type && last.queryKind() == queryKind && last.query() == query && last.database() == database
                && last.table() == table && last.logComment() == logComment) {
            return lastQueryId;
        }
        Shape shape = new Shape(type, queryKind, query, database, table, null, null, logComment);
        long id = id(shape);
        lastQuery = id == 0 ? null : shape;
        lastQueryId = id;
        return id;
    }

    /** The id of an {@code asynchronous_insert_log} entry's shape, as {@link #id}. */
    long entryShape(String status, String dataKind, String logComment) {
        Shape last = lastEntry;
        if (last != null && last.status() == status && last.dataKind() == dataKind && last.logComment() == logComment) {
            return lastEntryId;
        }
        Shape shape = new Shape(null, null, null, null, null, status, dataKind, logComment);
        long id = id(shape);
        lastEntry = id == 0 ? null : shape;
        lastEntryId = id;
        return id;
    }

    /** The id of a shape, given now if it is new; 0 when the dictionary is full and the shape is not in it. */
    private long id(Shape shape) {
        Long id = ids.get(shape);
        if (id != null) {
            return id;
        }
        if (ids.size() >= MAX_SHAPES) {
            return 0;
        }
        long given = nextId++;
        ids.put(shape, given);
        added.add(shape);
        return given;
    }

    /** Writes the shapes given since the last call; run in the transaction of the rows that name them. */
    void writeNew(Connection connection) throws SQLException {
        if (added.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO system.log_shapes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Shape shape : added) {
                insert.setLong(1, ids.get(shape));
                insert.setString(2, shape.type());
                insert.setString(3, shape.queryKind());
                insert.setString(4, shape.query());
                insert.setString(5, shape.database());
                insert.setString(6, shape.table());
                insert.setString(7, shape.status());
                insert.setString(8, shape.dataKind());
                insert.setString(9, shape.logComment());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        added.clear();
    }

    /** Forgets the shapes given since the last {@link #writeNew}, after their transaction rolled back. */
    void forgetNew() {
        for (Shape shape : added) {
            ids.remove(shape);
        }
        added.clear();
        forgetLast();
    }

    private void forgetLast() {
        lastQuery = null;
        lastEntry = null;
    }

    /** The shapes held. */
    int size() {
        return ids.size();
    }

    /**
     * Deletes the shapes that no row of the given tables names, and forgets them, when more than
     * {@link #COLLECT_ABOVE} are held. Run after the log's trim, with no shape pending.
     *
     * @param tables the log tables whose {@code shape} column names shapes
     */
    void collect(Connection connection, String... tables) throws SQLException {
        if (ids.size() <= COLLECT_ABOVE) {
            return;
        }
        StringBuilder named = new StringBuilder();
        for (String table : tables) {
            named.append(named.length() == 0 ? "" : " UNION ").append("SELECT shape FROM ").append(table).append(" WHERE shape IS NOT NULL");
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM system.log_shapes WHERE id NOT IN (" + named + ")");
        }
        load(connection);
    }
}
