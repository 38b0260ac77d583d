package io.sluice.parser;

/** {@code SET name = value}: changes a setting for the rest of the session. Immutable. */
public record SetStatement(SettingAssignment assignment) implements Statement {}
