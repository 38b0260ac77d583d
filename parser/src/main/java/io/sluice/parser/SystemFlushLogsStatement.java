package io.sluice.parser;

/** {@code SYSTEM FLUSH LOGS}. */
public record SystemFlushLogsStatement() implements Statement {}
