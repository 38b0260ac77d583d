package io.sluice.parser;

import java.util.List;

/**
 * The part of an INSERT before its data, parsed once and cached by its text. Immutable and thread-safe:
 * one instance is shared by every statement with the same head text.
 *
 * @param text the head's text, from {@code INSERT} up to and including {@code VALUES}, the format name,
 *     or the first token of the SELECT; the cache key
 * @param table the target table
 * @param columns the column list as written (quotes removed), or {@code null} when omitted
 * @param settings the {@code SETTINGS} clause in order, empty when absent
 * @param source where the rows come from
 * @param format {@code "Values"} for VALUES, the format name as written for FORMAT, {@code null} for
 *     SELECT
 */
public record InsertHead(
        String text,
        QualifiedName table,
        List<String> columns,
        List<SettingAssignment> settings,
        InsertSource source,
        String format) {
    public InsertHead {
        columns = columns == null ? null : List.copyOf(columns);
        settings = List.copyOf(settings);
    }

    /** The table's name as written in {@link #text()}, quotes included ({@code app."Events"}), to name it in SQL. */
    public String tableText() {
        InsertHeadScanner scanner = InsertHeadScanner.scan(text, 0);
        return text.substring(scanner.tableStart(), scanner.tableEnd());
    }
}
