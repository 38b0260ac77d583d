package io.sluice.parser;

/** A query that reads Sluice's system tables ({@code system.<table>}); answered from the system database. Immutable. */
public record SystemQueryStatement(String sql) implements Statement {}
