package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import java.util.List;

/**
 * ClickHouse's Values format: tuples of literals, {@code (1, 'a', NULL)}, separated by commas or by
 * nothing, blanks anywhere, optionally ending with a comma and {@code ;}. Hot path. Stateless and thread-safe.
 *
 * <p>The tuple structure is walked by {@link #readRows}, which {@link ValuesTemplate} shares: only what
 * becomes of each literal differs.
 */
final class ValuesReader implements FormatReader {
    static final ValuesReader INSTANCE = new ValuesReader();

    /** What becomes of the literal the tokenizer has just read, for the value at {@code index}. */
    @FunctionalInterface
    interface LiteralHandler {
        Object value(ValuesTokenizer in, int index, ColumnInfo column, int row) throws DataParseException;
    }

    /** A column list and its array. */
    private record Columns(List<ColumnInfo> list, ColumnInfo[] array) {
        /** Whether this is the array of {@code columns}: the same list, still holding the same columns (it may be mutable). */
        boolean holds(List<ColumnInfo> columns) {
            if (list != columns || array.length != columns.size()) {
                return false;
            }
            for (int i = 0; i < array.length; i++) {
                if (array[i] != columns.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The array of the column list last read against: a flush reads every entry of a table against the same
     * list object, so this spares an array per entry. Immutable, so sharing it between threads is safe.
     */
    private volatile Columns last = new Columns(List.of(), new ColumnInfo[0]);

    private ValuesReader() {}

    @Override
    public int read(String data, int start, List<ColumnInfo> columns, RowSink sink) throws DataParseException {
        ValuesTokenizer in = new ValuesTokenizer(data, start, false);
        return readRows(in, array(columns), ValuesReader::convert, sink);
    }

    private ColumnInfo[] array(List<ColumnInfo> columns) {
        Columns cached = last;
        if (!cached.holds(columns)) {
            cached = new Columns(columns, columns.toArray(new ColumnInfo[0]));
            last = cached;
        }
        return cached.array();
    }

    /**
     * Reads every tuple, each of which must have {@code columns.length} values.
     *
     * @param columns the column of each position, for messages and conversion; entries may be null
     */
    static int readRows(ValuesTokenizer in, ColumnInfo[] columns, LiteralHandler handler, RowSink sink) throws DataParseException {
        int row = 0;
        in.skipBlanks();
        while (!in.atEnd()) {
            if (in.peek() == ';') {
                in.advance();
                in.skipBlanks();
                if (!in.atEnd()) {
                    throw Errors.input(Math.max(row, 1), null, "expected end of data after ';', found " + in.found());
                }
                break;
            }
            row++;
            if (in.peek() != '(') {
                throw Errors.input(row, null, "expected '(' at the start of the row, found " + in.found());
            }
            sink.accept(readTuple(in, columns, handler, row));
            in.skipBlanks();
            if (in.atEnd()) {
                break;
            }
            char separator = in.peek();
            if (separator == ',') {
                in.advance();
                in.skipBlanks();
                // ClickHouse skips one comma after a row whatever follows, so a trailing comma before the end
                // (or ';') is accepted: generated statements often end their row list with one.
                if (!in.atEnd() && in.peek() != '(' && in.peek() != ';') {
                    throw Errors.input(row, null, "expected '(' after ',', found " + in.found());
                }
            } else if (separator != '(' && separator != ';') {
                throw Errors.input(row, null, "expected ',', '(' or ';' after the row, found " + in.found());
            }
        }
        return row;
    }

    private static Object[] readTuple(ValuesTokenizer in, ColumnInfo[] columns, LiteralHandler handler, int row) throws DataParseException {
        in.advance();
        in.skipBlanks();
        Object[] values = new Object[columns.length];
        int found = 0;
        if (!in.atEnd() && in.peek() == ')') {
            in.advance();
        } else {
            while (true) {
                boolean wanted = found < columns.length;
                ColumnInfo column = wanted ? columns[found] : null;
                if (in.atEnd() || in.peek() == ',' || in.peek() == ')') {
                    throw Errors.input(row, column, "expected a value" + forColumn(column) + ", found " + in.found());
                }
                in.readValue(column, row);
                if (wanted) {
                    values[found] = handler.value(in, found, column, row);
                }
                found++;
                if (in.atEnd()) {
                    throw Errors.input(row, column, "expected ',' or ')' after the value" + ofColumn(column) + ", found end of data");
                }
                char next = in.peek();
                in.advance();
                if (next == ')') {
                    break;
                }
                in.skipBlanks();
            }
        }
        if (found != columns.length) {
            throw Errors.input(row, null, "expected " + columns.length + " values, found " + found);
        }
        return values;
    }

    private static Object convert(ValuesTokenizer in, int index, ColumnInfo column, int row) throws DataParseException {
        return switch (in.kind()) {
            case ValuesTokenizer.STRING -> ValueConverter.fromText(in.text(), in.from(), in.to(), TextKind.QUOTED, column, row);
            case ValuesTokenizer.NULL -> ValueConverter.nullValue(column, row);
            case ValuesTokenizer.DEFAULT -> ValueConverter.defaultValue(column, row);
            default -> ValueConverter.fromText(in.text(), in.from(), in.to(), TextKind.LITERAL, column, row);
        };
    }

    private static String forColumn(ColumnInfo column) {
        return column == null ? "" : " for column " + column.name();
    }

    private static String ofColumn(ColumnInfo column) {
        return column == null ? "" : " of column " + column.name();
    }
}
