package io.sluice.plugin.jdbc;

import io.sluice.spi.Part;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a part's rows into runs of consecutive rows that leave the same columns to their defaults
 * ({@link Part#DEFAULT}). A COPY or INSERT names its columns once, so one statement cannot default a
 * column in one row and set it in the next; each run gets its own column list. The common case, no
 * defaults at all, is one run over every column. Stateless; hot path.
 */
final class DefaultRuns {
    /** Receives one run: rows {@code from} to {@code to - 1}, writing the columns at positions {@code written}. */
    interface Writer {
        void write(int[] written, int from, int to) throws SQLException;
    }

    private DefaultRuns() {}

    static void forEach(Part part, Writer writer) throws SQLException {
        List<Object[]> rows = part.rows();
        int columns = part.columns().size();
        int start = 0;
        while (start < rows.size()) {
            Object[] first = rows.get(start);
            boolean[] defaulted = defaulted(first, columns);
            int end = start + 1;
            while (end < rows.size() && sameDefaults(rows.get(end), defaulted)) {
                end++;
            }
            writer.write(written(defaulted), start, end);
            start = end;
        }
    }

    private static boolean[] defaulted(Object[] row, int columns) {
        boolean[] defaulted = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            defaulted[c] = row[c] == Part.DEFAULT;
        }
        return defaulted;
    }

    private static boolean sameDefaults(Object[] row, boolean[] defaulted) {
        for (int c = 0; c < defaulted.length; c++) {
            if ((row[c] == Part.DEFAULT) != defaulted[c]) {
                return false;
            }
        }
        return true;
    }

    private static int[] written(boolean[] defaulted) {
        int[] written = new int[defaulted.length];
        int count = 0;
        for (int c = 0; c < defaulted.length; c++) {
            if (!defaulted[c]) {
                written[count++] = c;
            }
        }
        return count == written.length ? written : Arrays.copyOf(written, count);
    }
}
