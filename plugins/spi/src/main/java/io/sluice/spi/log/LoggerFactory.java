package io.sluice.spi.log;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Where Sluice's loggers come from; named like SLF4J's so a class switches by its imports alone.
 *
 * <p>The backend is chosen once: SLF4J when the application has an SLF4J provider (SLF4J 2) or binding
 * (SLF4J 1.7), else {@code java.util.logging}, whose default configuration prints INFO and above to standard
 * error. SLF4J without a provider is never initialised, so it prints no "No SLF4J providers" warnings. The
 * system property {@code sluice.log} set to {@code slf4j} or {@code jul} overrides the choice.
 */
public final class LoggerFactory {
    private LoggerFactory() {}

    public static Logger getLogger(Class<?> type) {
        return getLogger(type.getName());
    }

    public static Logger getLogger(String name) {
        return Backend.CHOSEN == Backend.SLF4J ? Slf4jLogger.create(name) : new JulLogger(name);
    }

    /** The backend in use: "slf4j" or "jul". */
    public static String backend() {
        return Backend.CHOSEN == Backend.SLF4J ? "slf4j" : "jul";
    }

    enum Backend {
        SLF4J, JUL;

        static final Backend CHOSEN = choose();

        private static Backend choose() {
            String forced = System.getProperty("sluice.log", "");
            if (forced.equalsIgnoreCase("jul")) {
                return JUL;
            }
            Class<?> factory = slf4jClass("LoggerFactory", LoggerFactory.class.getClassLoader());
            if (factory == null) {
                return JUL;
            }
            if (forced.equalsIgnoreCase("slf4j")) {
                return SLF4J;
            }
            return slf4jHasProvider(factory.getClassLoader()) ? SLF4J : JUL;
        }

        private static boolean slf4jHasProvider(ClassLoader loader) {
            if (System.getProperty("slf4j.provider") != null) {
                return true;
            }
            Class<?> provider = slf4jClass("spi.SLF4JServiceProvider", loader);
            if (provider == null) {
                // SLF4J 1.7: a binding is a class of a fixed name.
                return slf4jClass("impl.StaticLoggerBinder", loader) != null;
            }
            try {
                Iterator<?> providers = ServiceLoader.load(provider, loader).iterator();
                return providers.hasNext();
            } catch (ServiceConfigurationError e) {
                return false;
            }
        }
    }

    /**
     * An SLF4J class by its simple name, or null. The names are assembled at run time on purpose: the
     * all-in-one jar relocates the string constants that name SLF4J's Logger classes.
     */
    static Class<?> slf4jClass(String name, ClassLoader loader) {
        try {
            return Class.forName(String.join(".", "org", "slf4j", name), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
