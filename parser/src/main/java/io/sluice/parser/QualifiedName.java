package io.sluice.parser;

/**
 * A possibly qualified table name, with quotes removed. Immutable.
 *
 * @param database the database (schema) part, or {@code null} when not written
 * @param name the table name
 */
public record QualifiedName(String database, String name) {
    @Override
    public String toString() {
        return database == null ? name : database + "." + name;
    }
}
