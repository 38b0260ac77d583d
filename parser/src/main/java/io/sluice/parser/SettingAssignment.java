package io.sluice.parser;

/**
 * {@code name = value} in a {@code SETTINGS} clause or a {@code SET} statement. Immutable.
 *
 * @param name the setting name as written (lower-cased: setting names are case-insensitive)
 * @param value the literal's value: a string literal without its quotes and with escapes resolved, a
 *     number as written, or a bare word ({@code true}, {@code false}) as written
 */
public record SettingAssignment(String name, String value) {}
