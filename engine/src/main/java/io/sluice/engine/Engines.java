package io.sluice.engine;

import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engines of this JVM: one per target and engine-level configuration, shared by every connection to
 * it, so that inserts from many connections share a buffer. Thread-safe.
 *
 * <p>A URL is {@code jdbc:sluice:<target>[?name=value&…]}. Its query parameters and the connection
 * properties that name Sluice settings are Sluice's; every other parameter and property belongs to the
 * target driver and reaches it untouched. Precedence, lowest first: defaults, URL parameters, connection
 * properties, then per statement {@code SET} and {@code SETTINGS}.
 */
public final class Engines {
    /** The prefix of every Sluice URL. */
    public static final String URL_PREFIX = "jdbc:sluice:";
    /** The connection property that may carry an {@link Clock} object instead of the system clock. */
    public static final String CLOCK_PROPERTY = "sluice.clock";

    private static final ConcurrentHashMap<String, Engine> ENGINES = new ConcurrentHashMap<>();
    private static volatile SettingsRegistry registry;
    private static volatile PluginRegistry plugins;
    private static final Object START_LOCK = new Object();

    static {
        Thread hook = new Thread(Engines::closeAll, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private Engines() {}

    /** Whether {@code url} is a Sluice URL ({@code jdbc:sluice:<target>}). */
    public static boolean acceptsUrl(String url) {
        return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
    }

    /**
     * Opens a session (the engine side of one JDBC connection) on the engine for the URL's target,
     * starting the engine if this is its first connection.
     *
     * @param url {@code jdbc:sluice:<target>[?settings]}
     * @param info connection properties: Sluice settings are taken out, the rest go to the target driver;
     *     the key {@value #CLOCK_PROPERTY} may hold a {@link Clock} object (tests)
     * @throws SQLException {@code UNKNOWN_SETTING} / {@code INVALID_SETTING_VALUE} for bad settings, or the
     *     target driver's error
     */
    public static Session connect(String url, Properties info) throws SQLException {
        if (!acceptsUrl(url)) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Not a Sluice URL (expected jdbc:sluice:<target>): " + url);
        }
        SettingsRegistry settings = registry();
        ParsedUrl parsed = parse(url, info == null ? new Properties() : info, settings);
        SettingsLayer engineLayer = SettingsLayer.EMPTY;
        SettingsLayer connectionLayer = SettingsLayer.EMPTY;
        for (Map.Entry<String, String> setting : parsed.settings().entrySet()) {
            SettingsRegistry.Spec spec = settings.require(setting.getKey());
            if (spec.scope() == Setting.Scope.ENGINE) {
                engineLayer = engineLayer.with(spec, setting.getValue());
            } else {
                connectionLayer = connectionLayer.with(spec, setting.getValue());
            }
        }
        String engineKey = parsed.target() + '\n' + new TreeMap<>(engineLayer.values()) + '\n' + System.identityHashCode(parsed.clock());
        while (true) {
            Engine engine = ENGINES.get(engineKey);
            if (engine == null) {
                synchronized (START_LOCK) {
                    engine = ENGINES.get(engineKey);
                    if (engine == null) {
                        engine = new Engine(parsed.target(), parsed.targetProperties(), settings, plugins, engineLayer, parsed.clock());
                        ENGINES.put(engineKey, engine);
                    }
                }
            }
            if (engine.isClosing()) {
                ENGINES.remove(engineKey, engine);
                continue;
            }
            Connection target = engine.storage().openConnection();
            return new Session(engine, target, connectionLayer);
        }
    }

    private record ParsedUrl(String target, Properties targetProperties, Map<String, String> settings, Clock clock) {}

    private static ParsedUrl parse(String url, Properties info, SettingsRegistry settings) throws SQLException {
        String rest = url.substring(URL_PREFIX.length());
        Map<String, String> sluiceSettings = new LinkedHashMap<>();
        String target = rest;
        int question = rest.indexOf('?');
        if (question >= 0) {
            target = rest.substring(0, question);
            List<String> kept = new ArrayList<>();
            for (String parameter : rest.substring(question + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
                String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
                if (isSluiceSetting(name, settings)) {
                    sluiceSettings.put(name, value);
                } else {
                    kept.add(parameter);
                }
            }
            if (!kept.isEmpty()) {
                target = target + "?" + String.join("&", kept);
            }
        }
        if (target.isEmpty()) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "The URL names no target database: " + url
                    + " (expected e.g. jdbc:sluice:sqlite:/path/app.db)");
        }
        Properties targetProperties = new Properties();
        Clock clock = Clock.system();
        for (String name : info.stringPropertyNames()) {
            if (isSluiceSetting(name, settings)) {
                sluiceSettings.put(name, info.getProperty(name));
            } else {
                targetProperties.setProperty(name, info.getProperty(name));
            }
        }
        Object clockValue = info.get(CLOCK_PROPERTY);
        if (clockValue instanceof Clock given) {
            clock = given;
        } else if (clockValue != null) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Property " + CLOCK_PROPERTY + " must hold an io.sluice.spi.Clock, not "
                    + clockValue.getClass().getName());
        }
        targetProperties.remove(CLOCK_PROPERTY);
        return new ParsedUrl(target, targetProperties, sluiceSettings, clock);
    }

    /**
     * Whether a URL parameter or property is Sluice's. A name that looks like an async-insert setting but
     * is unknown is an error rather than something silently handed to the target driver.
     */
    private static boolean isSluiceSetting(String name, SettingsRegistry settings) throws SluiceSqlException {
        if (settings.find(name) != null) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("async_insert") || lower.startsWith("wait_for_async_insert")) {
            settings.require(name);
        }
        return false;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static SettingsRegistry registry() throws SQLException {
        SettingsRegistry current = registry;
        if (current == null) {
            synchronized (START_LOCK) {
                current = registry;
                if (current == null) {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    plugins = PluginRegistry.load(loader != null ? loader : Engines.class.getClassLoader());
                    current = new SettingsRegistry(plugins);
                    registry = current;
                }
            }
        }
        return current;
    }

    /** The settings a connection accepts, for {@link java.sql.Driver#getPropertyInfo}. */
    public static DriverPropertyInfo[] propertyInfo(String url, Properties info) throws SQLException {
        List<DriverPropertyInfo> result = new ArrayList<>();
        for (SettingsRegistry.Spec spec : registry().specs()) {
            DriverPropertyInfo property = new DriverPropertyInfo(spec.name(), info == null ? null : info.getProperty(spec.name()));
            if (property.value == null) {
                property.value = spec.defaultValue();
            }
            property.description = spec.description() + " (" + spec.type() + ", default '" + spec.defaultValue() + "', "
                    + (spec.scope() == Setting.Scope.ENGINE ? "engine" : "query") + " level)";
            property.required = false;
            if ("Bool".equals(spec.type())) {
                property.choices = new String[] {"0", "1"};
            }
            result.add(property);
        }
        return result.toArray(DriverPropertyInfo[]::new);
    }

    /**
     * The settings table as Markdown, one row per setting with its aliases, type, default, level and
     * meaning: the README's settings section is this text, checked by a test.
     */
    public static String settingsMarkdown() throws SQLException {
        StringBuilder table = new StringBuilder("| setting | type | default | level | meaning |\n|---|---|---|---|---|\n");
        for (SettingsRegistry.Spec spec : registry().specs()) {
            String name = "`" + spec.name() + "`" + (spec.aliases().isEmpty() ? "" : " (alias `" + String.join("`, `", spec.aliases()) + "`)");
            String level = spec.scope() == Setting.Scope.ENGINE ? "engine" + (spec.plugin() == null ? "" : " (" + spec.plugin() + " plugin)") : "query";
            String defaultValue = spec.builtin() == Setting.ASYNC_INSERT_THREADS ? "number of processors"
                    : spec.defaultValue().isEmpty() ? "''" : "`" + spec.defaultValue() + "`";
            table.append("| ").append(name).append(" | ").append(spec.type()).append(" | ").append(defaultValue).append(" | ").append(level)
                    .append(" | ").append(spec.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    /**
     * Waits until no flush is queued or running in any engine of this JVM. Open buffers are not flushed:
     * on a manual clock this lets a test (or a tool) observe exactly what the triggers so far have written.
     */
    public static void awaitFlushes() throws SQLException {
        for (Engine engine : ENGINES.values()) {
            engine.awaitFlushes();
        }
    }

    /**
     * Flushes and closes every engine of this JVM, waiting for the flushes. Sessions still open on them
     * fail from then on. Used by tests and by the shutdown hook.
     */
    public static void closeAll() {
        for (Map.Entry<String, Engine> entry : ENGINES.entrySet()) {
            ENGINES.remove(entry.getKey(), entry.getValue());
            entry.getValue().close();
        }
    }
}
