package io.sluice.spi.log;

import java.util.logging.LogRecord;

/** The fallback: {@code java.util.logging}, with the logger's name as the record's source. */
final class JulLogger implements Logger {
    private final java.util.logging.Logger logger;

    JulLogger(String name) {
        this.logger = java.util.logging.Logger.getLogger(name);
    }

    @Override
    public String getName() {
        return logger.getName();
    }

    @Override
    public boolean isEnabled(Level level) {
        return logger.isLoggable(julLevel(level));
    }

    @Override
    public void log(Level level, String pattern, Object... arguments) {
        java.util.logging.Level julLevel = julLevel(level);
        if (!logger.isLoggable(julLevel)) {
            return;
        }
        MessageFormat.Formatted formatted = MessageFormat.format(pattern, arguments);
        LogRecord record = new LogRecord(julLevel, formatted.message());
        record.setLoggerName(logger.getName());
        // Without a source JUL walks the stack and names this class as the caller.
        record.setSourceClassName(logger.getName());
        record.setSourceMethodName(null);
        record.setThrown(formatted.thrown());
        logger.log(record);
    }

    static java.util.logging.Level julLevel(Level level) {
        return switch (level) {
            case TRACE -> java.util.logging.Level.FINER;
            case DEBUG -> java.util.logging.Level.FINE;
            case INFO -> java.util.logging.Level.INFO;
            case WARN -> java.util.logging.Level.WARNING;
            case ERROR -> java.util.logging.Level.SEVERE;
        };
    }
}
