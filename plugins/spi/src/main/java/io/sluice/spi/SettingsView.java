package io.sluice.spi;

/**
 * The effective settings of one buffer key: immutable, thread-safe. Values are validated before an
 * entry is queued, so the typed getters only fail for names that do not exist. Holds every built-in
 * setting and every setting a plugin declares.
 */
public interface SettingsView {
    /**
     * The effective value of a setting as text.
     *
     * @throws IllegalArgumentException when no setting has this name
     */
    String get(String name);

    /**
     * The effective value as a number.
     *
     * @throws IllegalArgumentException when no setting has this name
     */
    default long getLong(String name) {
        return Long.parseLong(get(name));
    }

    /**
     * The effective value as a floating-point number.
     *
     * @throws IllegalArgumentException when no setting has this name
     */
    default double getDouble(String name) {
        return Double.parseDouble(get(name));
    }

    /**
     * The effective value as a boolean ({@code 1}/{@code true} are true).
     *
     * @throws IllegalArgumentException when no setting has this name
     */
    default boolean getBoolean(String name) {
        String value = get(name);
        return value.equals("1") || value.equalsIgnoreCase("true");
    }
}
