package io.sluice.parser;

/** Anything Sluice does not handle itself: sent to the target database unchanged. Immutable. */
public record PassThroughStatement(String sql) implements Statement {}
