package io.sluice.spi;

/**
 * How the engine should treat a failed storage write, as {@link Storage#classify} answers. Constants are
 * only ever added; a storage that does not know an error answers {@link #FATAL}.
 */
public enum ErrorKind {
    /** The database is busy, locked or unreachable: the same write may succeed if retried later. */
    TRANSIENT,
    /** The rows caused it (a constraint violation, a value the database refuses): retrying fails again,
     *  but writing fewer rows may succeed, so the engine splits the part to find the rows at fault. */
    DATA,
    /** Anything else (table dropped, permission denied): the whole part fails. */
    FATAL
}
