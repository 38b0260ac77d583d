package io.sluice.parser;

/** Where an INSERT's rows come from. Immutable. */
public enum InsertSource {
    /** {@code VALUES (…), (…)}: inline data in the Values format. */
    VALUES,
    /** {@code FORMAT name <data>}: inline data in a named format. */
    FORMAT,
    /** {@code SELECT …} (or {@code WITH …}, or a parenthesised SELECT): always synchronous. */
    SELECT
}
