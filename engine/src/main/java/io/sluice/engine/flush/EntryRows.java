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
        List<ColumnInfo> columns = queue.columns;
        int rowNumber = 0;
        for (Object[] values : typedRows) {
            rowNumber++;
            Object[] row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = ValueConverter.convert(values[c], columns.get(c), rowNumber);
            }
            out.accept(row);
        }
    }
}
