package io.sluice.engine.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Appends log rows to one blocks table of the system database ({@code system.query_log_blocks},
 * {@code system.asynchronous_insert_log_blocks}) and trims it. A block is one table row holding up to
 * {@link #BLOCK_ROWS} log rows as the JSON text of an array of arrays: each log row's values by position,
 * trailing NULLs left out, numbers as JSON integers, text as JSON strings. In sqlite-jdbc every bound value is
 * a JNI call and every stored value a cell to encode; a block costs one statement and five or six values
 * however many log rows it holds, where a table row per log row cost seven values each. The schema's
 * {@code *_block_rows} views unfold the blocks again, in order, for the log views.
 *
 * <p>Position 1 of every log row is its time in microseconds, relative to the block's {@code base_us} (the block
 * keeps the least and the greatest, for retention); in a log with flush ids ({@code asynchronous_insert_log}) position 0 is the row's flush id (the block
 * keeps the least, so the flushes no row names can go).
 *
 * <p>Usage: {@link #row}, then the row's values in order, then {@link #end}; {@link #finish} writes what is left.
 * Not thread-safe: the system tables use it under their lock, in a transaction of theirs.
 */
final class LogBlocks implements AutoCloseable {
    /** Most log rows one block holds. */
    static final int BLOCK_ROWS = 8_192;
    /** The largest text array kept from one block to the next; a block of long texts gets one of its own. */
    private static final int KEPT_BYTES = 1 << 20;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final String table;
    private final boolean flushIds;
    private final PreparedStatement insert;
    /**
     * The block's JSON text, all ASCII (other characters are written as {@code \\u} escapes), so that it is its own
     * UTF-8 encoding: it is bound as bytes and cast to text, with no String made of it nor encoded again.
     */
    private byte[] text = new byte[1 << 16];
    private int length;
    private int rows;
    /** Values of the current log row given so far, NULLs included. */
    private int values;
    /** NULLs given since the last value written: written only if a value follows them. */
    private int nulls;
    private long minEvent;
    private long maxEvent;
    private long minFlush;
    /** The time the block's times are written relative to: its first row's. */
    private long baseMicros;

    /**
     * @param table the qualified blocks table
     * @param flushIds whether position 0 of each row is a flush id, and the table has {@code min_flush_id}
     */
    LogBlocks(Connection connection, String table, boolean flushIds) throws SQLException {
        this.table = table;
        this.flushIds = flushIds;
        this.insert = connection.prepareStatement("INSERT INTO " + table + " (rows, min_event_us, max_event_us, base_us"
                + (flushIds ? ", min_flush_id" : "") + ", data) VALUES (?, ?, ?, ?, " + (flushIds ? "?, " : "") + "CAST(? AS TEXT))");
        reset();
    }

    /** Starts a log row that happened at {@code eventMicros}; its values follow, from position 0. */
    LogBlocks row(long eventMicros) {
        if (rows == 0) {
            baseMicros = eventMicros;
        }
        ensure(2);
        if (rows == 0) {
            text[length++] = '[';
        } else {
            text[length++] = ',';
        }
        text[length++] = '[';
        values = 0;
        nulls = 0;
        minEvent = Math.min(minEvent, eventMicros);
        maxEvent = Math.max(maxEvent, eventMicros);
        return this;
    }

    /** The row's flush id, at position 0 of a log with flush ids. */
    LogBlocks flushId(long id) {
        minFlush = Math.min(minFlush, id);
        return number(id);
    }

    LogBlocks number(long value) {
        separate();
        if (value == Long.MIN_VALUE) {
            append(LONG_MIN);
            return this;
        }
        ensure(20);
        if (value < 0) {
            text[length++] = '-';
            value = -value;
        }
        // Two digits a division, written straight into place once their count is known (most values have a few).
        int count = digitCount(value);
        int at = length + count;
        while (value >= 100) {
            int pair = (int) (value % 100);
            value /= 100;
            text[--at] = PAIRS[2 * pair + 1];
            text[--at] = PAIRS[2 * pair];
        }
        if (value >= 10) {
            text[--at] = PAIRS[2 * (int) value + 1];
            text[--at] = PAIRS[2 * (int) value];
        } else {
            text[--at] = (byte) ('0' + value);
        }
        length += count;
        return this;
    }

    /** "00" to "99", two ASCII digits each. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** How many decimal digits a non-negative value has. */
    private static int digitCount(long value) {
        int count = 1;
        long bound = 10;
        while (count < 19 && value >= bound) {
            count++;
            bound *= 10;
        }
        return count;
    }

    /**
     * A time in microseconds, written as its difference from the block's base time (a few digits instead of
     * sixteen); the views add the block's {@code base_us} back.
     */
    LogBlocks time(long micros) {
        return number(micros - baseMicros);
    }

    /** A query id of Sluice's form, given as its two halves ({@link QueryIds#parse}), as its text. */
    LogBlocks uuid(long high, long low) {
        separate();
        ensure(38);
        text[length] = '"';
        QueryIds.text(high, low, text, length + 1);
        text[length + 37] = '"';
        length += 38;
        return this;
    }

    LogBlocks nil() {
        values++;
        nulls++;
        return this;
    }

    /** Text as a JSON string; {@code null} as NULL. */
    LogBlocks text(String value) {
        if (value == null) {
            return nil();
        }
        separate();
        quote(value);
        return this;
    }

    /** Ends the row; a full block is written at once. */
    void end() throws SQLException {
        ensure(1);
        text[length++] = ']';
        if (++rows == BLOCK_ROWS) {
            write();
        }
    }

    /** Writes the rows not yet written, as one block. */
    void finish() throws SQLException {
        if (rows > 0) {
            write();
        }
    }

    /** Drops the rows not yet written: their transaction rolled back. */
    void reset() {
        length = 0;
        if (text.length > KEPT_BYTES) {
            text = new byte[1 << 16];
        }
        rows = 0;
        minEvent = Long.MAX_VALUE;
        maxEvent = Long.MIN_VALUE;
        minFlush = Long.MAX_VALUE;
    }

    private void write() throws SQLException {
        ensure(1);
        text[length++] = ']';
        insert.setInt(1, rows);
        insert.setLong(2, minEvent);
        insert.setLong(3, maxEvent);
        insert.setLong(4, baseMicros);
        int parameter = 5;
        if (flushIds) {
            insert.setLong(parameter++, minFlush);
        }
        insert.setBytes(parameter, java.util.Arrays.copyOf(text, length));
        insert.executeUpdate();
        reset();
    }

    /** Writes the NULLs a value follows, then the comma before the value. */
    private void separate() {
        int position = values - nulls;
        for (; nulls > 0; nulls--) {
            if (position++ > 0) {
                ensure(1);
                text[length++] = ',';
            }
            append(NULL);
        }
        if (values++ > 0) {
            ensure(1);
            text[length++] = ',';
        }
    }

    /** Writes a JSON string, every character outside printable ASCII, a quote and a backslash escaped. */
    private void quote(String value) {
        // At most six bytes a character, and the quotes.
        ensure(6 * value.length() + 2);
        text[length++] = '"';
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                text[length++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                text[length++] = '\\';
                text[length++] = (byte) c;
            } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(value.charAt(i - 1)))) {
                // A lone surrogate is no character: '?', as the system database's other text columns store it.
                text[length++] = '?';
            } else {
                // A control character, or any other: as its UTF-16 unit, surrogate pairs as two escapes (JSON's form).
                text[length++] = '\\';
                text[length++] = 'u';
                text[length++] = HEX[c >>> 12];
                text[length++] = HEX[(c >>> 8) & 15];
                text[length++] = HEX[(c >>> 4) & 15];
                text[length++] = HEX[c & 15];
            }
        }
        text[length++] = '"';
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, text, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > text.length) {
            text = java.util.Arrays.copyOf(text, Math.max(2 * text.length, length + more));
        }
    }

    /**
     * Deletes the log rows older than {@code cutoffMicros} and, beyond them, the oldest rows above {@code maxRows}:
     * whole blocks where all their rows go, and the rows of a block that only partly goes by rewriting it.
     */
    void trim(Connection connection, long cutoffMicros, long maxRows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + table + " WHERE max_event_us < " + cutoffMicros);
            // A block's rows are in the order they were logged, their times only roughly so: keep each one's own.
            rewrite(statement, "base_us + (r.value ->> 1) >= " + cutoffMicros, "min_event_us < " + cutoffMicros);
            long excess = -maxRows;
            try (ResultSet total = statement.executeQuery("SELECT coalesce(sum(rows), 0) FROM " + table)) {
                excess += total.next() ? total.getLong(1) : 0;
            }
            if (excess <= 0) {
                return;
            }
            long lastWhole = Long.MIN_VALUE;
            long partial = 0;
            long partialRows = 0;
            try (ResultSet blocks = statement.executeQuery("SELECT id, rows FROM " + table + " ORDER BY id")) {
                while (excess > 0 && blocks.next()) {
                    long rowsOfBlock = blocks.getLong(2);
                    if (rowsOfBlock <= excess) {
                        lastWhole = blocks.getLong(1);
                        excess -= rowsOfBlock;
                    } else {
                        partial = blocks.getLong(1);
                        partialRows = excess;
                        excess = 0;
                    }
                }
            }
            statement.execute("DELETE FROM " + table + " WHERE id <= " + lastWhole);
            if (partialRows > 0) {
                rewrite(statement, "r.key >= " + partialRows, "id = " + partial);
            }
        }
    }

    /** Rewrites the blocks {@code blocks} selects with only their rows {@code kept} selects, then deletes empty blocks. */
    private void rewrite(Statement statement, String kept, String blocks) throws SQLException {
        statement.execute("UPDATE " + table + " SET data = (SELECT json_group_array(json(r.value)) FROM json_each(" + table
                + ".data) r WHERE " + kept + ") WHERE " + blocks);
        statement.execute("UPDATE " + table + " SET rows = json_array_length(data), min_event_us = base_us + (SELECT min(r.value ->> 1) FROM json_each("
                + table + ".data) r)" + (flushIds ? ", min_flush_id = (SELECT min(r.value ->> 0) FROM json_each(" + table + ".data) r)" : "")
                + " WHERE " + blocks);
        statement.execute("DELETE FROM " + table + " WHERE rows = 0");
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
