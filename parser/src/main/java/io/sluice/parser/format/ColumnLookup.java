package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import java.util.List;

/**
 * Finds an insert column by a name read from the data (a JSON key, a header field), ignoring case as SQL
 * identifiers do, without allocating. Names usually come in column order, so the column after the last
 * match is tried first. Not thread-safe: one instance per read.
 */
final class ColumnLookup {
    private final ColumnInfo[] columns;
    private int next;

    ColumnLookup(List<ColumnInfo> columns) {
        this.columns = columns.toArray(new ColumnInfo[0]);
    }

    /** The index of the column named {@code text[from, to)}, or -1. */
    int indexOf(CharSequence text, int from, int to) {
        int count = columns.length;
        for (int tried = 0; tried < count; tried++) {
            int index = (next + tried) % count;
            if (nameEquals(columns[index].name(), text, from, to)) {
                next = index + 1 == count ? 0 : index + 1;
                return index;
            }
        }
        return -1;
    }

    /** The field-to-column map of data without a header: field i is column i. */
    static int[] inOrder(int columns) {
        int[] fieldColumns = new int[columns];
        for (int i = 0; i < columns; i++) {
            fieldColumns[i] = i;
        }
        return fieldColumns;
    }

    /** Which of {@code columns} columns some field names; the others get their default. */
    static boolean[] named(int[] fieldColumns, int columns) {
        boolean[] named = new boolean[columns];
        for (int column : fieldColumns) {
            named[column] = true;
        }
        return named;
    }

    private static boolean nameEquals(String name, CharSequence text, int from, int to) {
        if (name.length() != to - from) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char a = name.charAt(i);
            char b = text.charAt(from + i);
            if (a != b && Character.toUpperCase(a) != Character.toUpperCase(b)
                    && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }
}
