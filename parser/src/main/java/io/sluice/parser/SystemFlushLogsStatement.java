package io.sluice.parser;

/** {@code SYSTEM FLUSH LOGS}. Immutable. */
public record SystemFlushLogsStatement() implements Statement {}
