package io.sluice.spi.log;

/**
 * Sluice's logger: the subset of SLF4J's {@code org.slf4j.Logger} that Sluice uses, with the same method
 * names, overloads and {@code {}} placeholders, so a class switches between the two by its import lines
 * alone. Obtained from {@link LoggerFactory}, which sends the records to SLF4J when the application has an
 * SLF4J provider and to {@code java.util.logging} otherwise.
 *
 * <p>As in SLF4J, a {@link Throwable} as the last argument is logged with its stack trace rather than
 * formatted into a placeholder.
 */
public interface Logger {
    /** The levels, in SLF4J's order. */
    enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    String getName();

    /** Whether records of this level reach any output; callers check it before costly arguments. */
    boolean isEnabled(Level level);

    /** Logs {@code pattern} with its {@code {}} placeholders replaced by {@code arguments}. */
    void log(Level level, String pattern, Object... arguments);

    default boolean isTraceEnabled() { return isEnabled(Level.TRACE); }
    default boolean isDebugEnabled() { return isEnabled(Level.DEBUG); }
    default boolean isInfoEnabled() { return isEnabled(Level.INFO); }
    default boolean isWarnEnabled() { return isEnabled(Level.WARN); }
    default boolean isErrorEnabled() { return isEnabled(Level.ERROR); }

    // One overload per SLF4J overload: compiled calls then keep their shape when a class switches (and the
    // all-in-one jar maps SLF4J calls in compiled Sluice classes onto these).
    default void trace(String message) { log(Level.TRACE, message); }
    default void trace(String pattern, Object argument) { log(Level.TRACE, pattern, argument); }
    default void trace(String pattern, Object first, Object second) { log(Level.TRACE, pattern, first, second); }
    default void trace(String pattern, Object... arguments) { log(Level.TRACE, pattern, arguments); }
    default void trace(String message, Throwable thrown) { log(Level.TRACE, message, thrown); }

    default void debug(String message) { log(Level.DEBUG, message); }
    default void debug(String pattern, Object argument) { log(Level.DEBUG, pattern, argument); }
    default void debug(String pattern, Object first, Object second) { log(Level.DEBUG, pattern, first, second); }
    default void debug(String pattern, Object... arguments) { log(Level.DEBUG, pattern, arguments); }
    default void debug(String message, Throwable thrown) { log(Level.DEBUG, message, thrown); }

    default void info(String message) { log(Level.INFO, message); }
    default void info(String pattern, Object argument) { log(Level.INFO, pattern, argument); }
    default void info(String pattern, Object first, Object second) { log(Level.INFO, pattern, first, second); }
    default void info(String pattern, Object... arguments) { log(Level.INFO, pattern, arguments); }
    default void info(String message, Throwable thrown) { log(Level.INFO, message, thrown); }

    default void warn(String message) { log(Level.WARN, message); }
    default void warn(String pattern, Object argument) { log(Level.WARN, pattern, argument); }
    default void warn(String pattern, Object first, Object second) { log(Level.WARN, pattern, first, second); }
    default void warn(String pattern, Object... arguments) { log(Level.WARN, pattern, arguments); }
    default void warn(String message, Throwable thrown) { log(Level.WARN, message, thrown); }

    default void error(String message) { log(Level.ERROR, message); }
    default void error(String pattern, Object argument) { log(Level.ERROR, pattern, argument); }
    default void error(String pattern, Object first, Object second) { log(Level.ERROR, pattern, first, second); }
    default void error(String pattern, Object... arguments) { log(Level.ERROR, pattern, arguments); }
    default void error(String message, Throwable thrown) { log(Level.ERROR, message, thrown); }
}
