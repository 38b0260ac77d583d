package io.sluice.engine.flush;

import io.sluice.engine.insert.KeyQueue;
import io.sluice.parser.format.RowSink;
import io.sluice.parser.format.ValueConverter;
import io.sluice.spi.ColumnInfo;
import java.sql.SQLException;
import java.util.List;

/** The rows of one INSERT's data, read against its key's columns: for a flush, and for a synchronous INSERT. */
public final class EntryRows {
    private EntryRows() {}

    /**
     * Reads an INSERT's rows into {@code out}: its inline text through the key's format reader, or its typed
     * rows (a prepared INSERT's) converted to the columns' types.
     *
     * @throws SQLException the first value that does not read, naming its row and column
     */
    public static void parse(KeyQueue queue, String data, int dataStart, List<Object[]> typedRows, RowSink out)
            throws SQLException {
        if (typedRows == null) {
            queue.format.reader().read(data, dataStart, queue.columns, out);
            return;
        }
        typed(queue.columns, typedRows, out);
    }

    /**
     * Typed rows converted to the columns' types. A row whose every value is already its column's (a Long for an
     * INTEGER, a String for a TEXT...) is passed on as it is: neither the entry nor the part modifies a row.
     */
    static void typed(List<ColumnInfo> columns, List<Object[]> typedRows, RowSink out) throws SQLException {
        int width = columns.size();
        // By index: an iterator of an unmodifiable view (the memory buffer's) costs two objects an entry.
        if (!(typedRows instanceof java.util.RandomAccess)) {
            typedRows = new java.util.ArrayList<>(typedRows);
        }
        for (int r = 0; r < typedRows.size(); r++) {
            Object[] values = typedRows.get(r);
            int rowNumber = r + 1;
            Object[] row = values.length == width ? values : null;
            for (int c = 0; c < width; c++) {
                Object value = ValueConverter.convert(values[c], columns.get(c), rowNumber);
                if (row == values && value != values[c]) {
                    row = java.util.Arrays.copyOf(values, width);
                }
                if (row == null) {
                    row = new Object[width];
                }
                if (row != values) {
                    row[c] = value;
                }
            }
            out.accept(row);
        }
    }
}
