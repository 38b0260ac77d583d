package io.sluice.parser;

/**
 * {@code SYSTEM REPLAY ASYNC INSERT DEAD LETTER [[db.]table]}: writes the entries kept in
 * {@code system.asynchronous_insert_dead_letter} again, of one table or (when {@code table} is
 * {@code null}) of every table. Immutable.
 */
public record SystemReplayDeadLetterStatement(QualifiedName table) implements Statement {}
