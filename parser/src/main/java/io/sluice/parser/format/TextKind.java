package io.sluice.parser.format;

/** How a value's text was written, which decides what it may become (a quoted '1' is text for an ANY column). */
enum TextKind {
    /** A quoted string (Values, JSON, a quoted CSV field): its text, quotes removed and escapes resolved. */
    QUOTED,
    /** An unquoted literal whose syntax the reader checked: a number, {@code true} or {@code false} (Values, JSON). */
    LITERAL,
    /** Unquoted text of any shape (an unquoted CSV field, a TabSeparated field). */
    RAW
}
