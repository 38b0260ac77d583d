package io.sluice.cli;

import java.io.Reader;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's rows and how each is sent. Row {@code id} has the columns {@code id} (the number),
 * {@code ts} (a millisecond timestamp), {@code name} (one of 16 names) and {@code value} (a real with one
 * decimal), so every phase writes the same data and a row count checks it. Stateless.
 */
final class Rows {
    static final String COLUMNS = "id, ts, name, value";

    private Rows() {}

    /** How one single-row INSERT carries its row. */
    enum Encoding {
        VALUES("Values", "statement text, VALUES"),
        PREPARED("Values", "PreparedStatement, typed parameters"),
        CSV("CSV", "statement text, FORMAT CSV"),
        JSON_EACH_ROW("JSONEachRow", "statement text, FORMAT JSONEachRow");

        final String format;
        final String description;

        Encoding(String format, String description) {
            this.format = format;
            this.description = description;
        }

        /** The text encoding of a format name (any case), or {@code null}. */
        static Encoding format(String name) {
            for (Encoding encoding : new Encoding[] {VALUES, CSV, JSON_EACH_ROW}) {
                if (encoding.format.equalsIgnoreCase(name)) {
                    return encoding;
                }
            }
            return null;
        }
    }

    static long timestamp(long id) {
        return 1_700_000_000_000L + id;
    }

    static String name(long id) {
        return "event-" + (id % 16);
    }

    static double value(long id) {
        return (id % 1000) / 10.0;
    }

    /** The prepared INSERT of {@link Encoding#PREPARED}. */
    static String preparedSql(String table) {
        return "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?)";
    }

    static void bind(PreparedStatement insert, long id) throws SQLException {
        insert.setLong(1, id);
        insert.setLong(2, timestamp(id));
        insert.setString(3, name(id));
        insert.setDouble(4, value(id));
    }

    /**
     * Binds row {@code id} with its text value padded as {@link #paddedInsert} pads it, so that the row's
     * {@code VALUES} text would be at least {@code dataBytes} long; returns the length of that text.
     */
    static int bindPadded(PreparedStatement insert, long id, int dataBytes) throws SQLException {
        bind(insert, id);
        int length = dataBytes(Encoding.PREPARED, id);
        int missing = dataBytes - length;
        if (missing > 0) {
            insert.setString(3, name(id) + "x".repeat(missing));
            length += missing;
        }
        return length;
    }

    /** Row {@code id} as the typed values {@link #bind} binds. */
    static Object[] values(long id) {
        return new Object[] {id, timestamp(id), name(id), value(id)};
    }

    /**
     * The single-row INSERT of row {@code id} in a text encoding, built in {@code sql} (reused by the
     * calling thread).
     */
    static String insert(StringBuilder sql, String table, Encoding encoding, long id) {
        sql.setLength(0);
        sql.append("INSERT INTO ").append(table);
        switch (encoding) {
            case VALUES -> sql.append(" VALUES ");
            case CSV -> sql.append(" FORMAT CSV ");
            case JSON_EACH_ROW -> sql.append(" FORMAT JSONEachRow ");
            case PREPARED -> throw new IllegalArgumentException("a prepared insert has no statement text per row");
        }
        appendData(sql, encoding, id);
        return sql.toString();
    }

    /**
     * The single-row {@code INSERT … VALUES} of row {@code id} whose inline data is at least {@code dataBytes}
     * long: its text value is the usual name padded with {@code x}.
     */
    static String paddedInsert(StringBuilder sql, String table, long id, int dataBytes) {
        insert(sql, table, Encoding.VALUES, id);
        int missing = dataBytes - dataBytes(Encoding.VALUES, id);
        if (missing > 0) {
            int nameEnd = sql.lastIndexOf("', ");
            sql.insert(nameEnd, "x".repeat(missing));
        }
        return sql.toString();
    }

    /**
     * The inline data of row {@code id}: what Sluice counts as the entry's bytes (from the first character
     * after {@code VALUES} or the format name to the end).
     */
    static void appendData(StringBuilder sql, Encoding encoding, long id) {
        switch (encoding) {
            case VALUES, PREPARED -> sql.append('(').append(id).append(", ").append(timestamp(id)).append(", '")
                    .append(name(id)).append("', ").append(value(id)).append(')');
            case CSV -> sql.append(id).append(',').append(timestamp(id)).append(',').append(name(id)).append(',')
                    .append(value(id));
            case JSON_EACH_ROW -> sql.append("{\"id\":").append(id).append(",\"ts\":").append(timestamp(id))
                    .append(",\"name\":\"").append(name(id)).append("\",\"value\":").append(value(id)).append('}');
        }
    }

    /** The bytes of row {@code id}'s inline data in {@code encoding}. */
    static int dataBytes(Encoding encoding, long id) {
        StringBuilder data = new StringBuilder(64);
        appendData(data, encoding, id);
        return data.length();
    }

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive) as CSV lines, produced while they are read:
     * the input of PostgreSQL's {@code COPY … FROM STDIN (FORMAT csv)} without building it in memory first.
     * {@code produced} counts the rows handed out.
     */
    static Reader csvLines(long from, long to, LongAdder produced) {
        return new Reader() {
            private final StringBuilder line = new StringBuilder(64);
            private long next = from;
            private int position;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                int written = 0;
                while (written < length) {
                    if (position == line.length()) {
                        if (next == to) {
                            break;
                        }
                        line.setLength(0);
                        appendData(line, Encoding.CSV, next++);
                        line.append('\n');
                        produced.increment();
                        position = 0;
                    }
                    int count = Math.min(length - written, line.length() - position);
                    line.getChars(position, position + count, buffer, offset + written);
                    position += count;
                    written += count;
                }
                return written == 0 ? -1 : written;
            }

            @Override
            public void close() {}
        };
    }
}
