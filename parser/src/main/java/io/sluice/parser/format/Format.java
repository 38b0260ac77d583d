package io.sluice.parser.format;

import java.util.Optional;

/** The input formats Sluice reads. Immutable; readers are shared singletons. */
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
        if (name == null) {
            return Optional.empty();
        }
        if (name.equalsIgnoreCase("TSV")) {
            return Optional.of(TAB_SEPARATED);
        }
        if (name.equalsIgnoreCase("TSVWithNames")) {
            return Optional.of(TAB_SEPARATED_WITH_NAMES);
        }
        for (Format format : values()) {
            if (format.canonicalName.equalsIgnoreCase(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The reader for this format; readers are stateless and thread-safe. */
    public FormatReader reader() {
        return switch (this) {
            case VALUES -> ValuesReader.INSTANCE;
            case CSV -> CsvReader.PLAIN;
            case CSV_WITH_NAMES -> CsvReader.WITH_NAMES;
            case TAB_SEPARATED -> TsvReader.PLAIN;
            case TAB_SEPARATED_WITH_NAMES -> TsvReader.WITH_NAMES;
            case JSON_EACH_ROW -> JsonEachRowReader.INSTANCE;
        };
    }
}
