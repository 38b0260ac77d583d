package io.sluice.parser.format;

import java.util.Optional;

/** The input formats Sluice reads. */
public enum Format {
    VALUES("Values"),
    CSV("CSV"),
    CSV_WITH_NAMES("CSVWithNames"),
    TAB_SEPARATED("TabSeparated"),
    TAB_SEPARATED_WITH_NAMES("TabSeparatedWithNames"),
    JSON_EACH_ROW("JSONEachRow");

    private final String canonicalName;

    Format(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    /** The name as ClickHouse spells it. */
    public String canonicalName() {
        return canonicalName;
    }

    /**
     * The format with this name or alias ({@code TSV}, {@code TSVWithNames}), matched case-insensitively.
     */
    public static Optional<Format> byName(String name) {
        throw new UnsupportedOperationException("being written");
    }

    /** The reader for this format; readers are stateless and thread-safe. */
    public FormatReader reader() {
        throw new UnsupportedOperationException("being written");
    }
}
