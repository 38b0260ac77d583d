package io.sluice.spi.log;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Forwards to an SLF4J logger through method handles: the SPI has no compile-time dependency on SLF4J,
 * and SLF4J formats the message and picks out a trailing Throwable itself.
 */
final class Slf4jLogger implements Logger {
    private static final Handles HANDLES = new Handles();

    private final String name;
    private final Object logger;

    private Slf4jLogger(String name, Object logger) {
        this.name = name;
        this.logger = logger;
    }

    static Logger create(String name) {
        try {
            return new Slf4jLogger(name, HANDLES.getLogger.invoke(name));
        } catch (Throwable e) {
            throw new IllegalStateException("SLF4J failed to create logger " + name, e);
        }
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isEnabled(Level level) {
        try {
            return (boolean) HANDLES.enabled[level.ordinal()].invoke(logger);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void log(Level level, String pattern, Object... arguments) {
        try {
            HANDLES.log[level.ordinal()].invoke(logger, pattern, arguments);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(e);
    }

    /** SLF4J's getLogger, isXEnabled() and x(String, Object...) per level, looked up once. */
    private static final class Handles {
        final MethodHandle getLogger;
        final MethodHandle[] enabled = new MethodHandle[Level.values().length];
        final MethodHandle[] log = new MethodHandle[Level.values().length];

        Handles() {
            ClassLoader loader = LoggerFactory.class.getClassLoader();
            Class<?> factory = LoggerFactory.slf4jClass("LoggerFactory", loader);
            Class<?> logger = LoggerFactory.slf4jClass("Logger", loader);
            if (factory == null || logger == null) {
                throw new IllegalStateException("SLF4J is not on the class path");
            }
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                getLogger = lookup.findStatic(factory, "getLogger", MethodType.methodType(logger, String.class))
                        .asType(MethodType.methodType(Object.class, String.class));
                for (Level level : Level.values()) {
                    String method = level.name().toLowerCase(java.util.Locale.ROOT);
                    String enabledMethod = "is" + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Enabled";
                    enabled[level.ordinal()] = lookup.findVirtual(logger, enabledMethod, MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class));
                    log[level.ordinal()] = lookup.findVirtual(logger, method,
                                    MethodType.methodType(void.class, String.class, Object[].class))
                            .asType(MethodType.methodType(void.class, Object.class, String.class, Object[].class))
                            .asFixedArity();
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("SLF4J's Logger lacks a method Sluice calls", e);
            }
        }
    }
}
