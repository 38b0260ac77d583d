package io.sluice.engine;

import io.sluice.engine.session.Session;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.Setting;
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
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

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

    private static final ConcurrentHashMap<EngineKey, Engine> ENGINES = new ConcurrentHashMap<>();
    /** Per engine started from a URL, the fingerprints of the credentials its connections have proven. */
    private static final Map<Engine, java.util.Set<String>> PROVEN = new ConcurrentHashMap<>();
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
        Layers layers = layers(parsed.settings(), settings);
        // The target and its driver properties are the key, but not the credentials: every connection to
        // one target shares one engine, its buffers and its system tables, however it authenticates.
        EngineKey key = new EngineKey(withoutCredentials(parsed.target()) + '\n' + new TreeMap<>(withoutCredentials(parsed.targetProperties()))
                + '\n' + new TreeMap<>(layers.engine().values()), parsed.clock(), null);
        // The engine's start proves the target and the credentials (its storage connects), so a session
        // opens its own target connection only when it first needs one. A connection that joins a running
        // engine with other credentials proves them once by connecting.
        return open(key, () -> new Engine(parsed.target(), parsed.targetProperties(), null, true, settings, plugins, layers.engine(),
                parsed.clock()), layers.connection(), credentials(parsed.target(), parsed.targetProperties()));
    }

    /** The properties that only authenticate a connection: they never split engines. */
    private static final List<String> CREDENTIALS = List.of("user", "password");

    private static Properties withoutCredentials(Properties properties) {
        Properties kept = new Properties();
        for (String name : properties.stringPropertyNames()) {
            if (!CREDENTIALS.contains(name.toLowerCase(Locale.ROOT))) {
                kept.setProperty(name, properties.getProperty(name));
            }
        }
        return kept;
    }

    /** The target URL without {@code user=} and {@code password=} in its query string. */
    static String withoutCredentials(String target) {
        int question = target.indexOf('?');
        if (question < 0) {
            return target;
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : target.substring(question + 1).split("&")) {
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (!parameter.isEmpty() && !CREDENTIALS.contains(name)) {
                kept.add(parameter);
            }
        }
        return kept.isEmpty() ? target.substring(0, question) : target.substring(0, question + 1) + String.join("&", kept);
    }

    /**
     * How a connection authenticates, for the check a joining connection passes: its credentials (from the
     * URL's query string and its properties) and what proves them, a connection through the target driver.
     */
    private record Credentials(String fingerprint, String target, Properties properties) {
        void prove() throws SQLException {
            try (Connection connection = java.sql.DriverManager.getConnection("jdbc:" + target, properties)) {
                connection.isValid(0);
            }
        }
    }

    private static Credentials credentials(String target, Properties properties) {
        StringBuilder text = new StringBuilder();
        int question = target.indexOf('?');
        if (question >= 0) {
            for (String parameter : target.substring(question + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
                if (CREDENTIALS.contains(name)) {
                    text.append(parameter).append('\n');
                }
            }
        }
        for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            if (CREDENTIALS.contains(name.toLowerCase(Locale.ROOT))) {
                text.append(name).append('=').append(properties.getProperty(name)).append('\n');
            }
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return new Credentials(java.util.HexFormat.of().formatHex(digest), target, properties);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /**
     * Opens a session on the engine for an application's own {@link DataSource} (what
     * {@code SluiceDataSource.wrap} does), starting the engine if this is the first connection through that
     * data source with these engine-level settings. The storage takes its connections from the data source
     * and never closes it; the target is named after the URL its connections report
     * ({@link java.sql.DatabaseMetaData#getURL()} without {@code jdbc:}, its query string and user
     * information).
     *
     * @param info Sluice settings only: the data source's own configuration is the application's; the key
     *     {@value #CLOCK_PROPERTY} may hold a {@link Clock} object (tests)
     * @throws SQLException {@code BAD_ARGUMENTS} for a property that is not a Sluice setting,
     *     {@code UNKNOWN_SETTING} / {@code INVALID_SETTING_VALUE} for bad settings, or the data source's error
     */
    public static Session connect(DataSource dataSource, Properties info) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        SettingsRegistry settings = registry();
        Properties given = info == null ? new Properties() : info;
        Map<String, String> sluiceSettings = new LinkedHashMap<>();
        for (String name : given.stringPropertyNames()) {
            if (!isSluiceSetting(name, settings)) {
                throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "'" + name + "' is not a Sluice setting; a wrapped DataSource"
                        + " takes only Sluice settings (configure the target database on the application's DataSource itself)");
            }
            sluiceSettings.put(name, given.getProperty(name));
        }
        Clock clock = clock(given);
        Layers layers = layers(sluiceSettings, settings);
        EngineKey key = new EngineKey("DataSource\n" + new TreeMap<>(layers.engine().values()), clock, dataSource);
        return open(key, () -> {
            DataSourceTarget target = targetOf(dataSource);
            return new Engine(target.name(), new Properties(), dataSource, target.autoCommit(), settings, plugins, layers.engine(), clock);
        }, layers.connection());
    }

    /**
     * Identifies an engine: its target and settings as text, and by identity the clock it runs on and the
     * application's data source it writes through (if any).
     */
    private record EngineKey(String text, Clock clock, DataSource dataSource) {
        @Override
        public boolean equals(Object other) {
            return other instanceof EngineKey key && key.text.equals(text) && key.clock == clock && key.dataSource == dataSource;
        }

        @Override
        public int hashCode() {
            return (text.hashCode() * 31 + System.identityHashCode(clock)) * 31 + System.identityHashCode(dataSource);
        }
    }

    /** Builds an engine; called at most once per key, under the start lock. */
    private interface EngineStarter {
        Engine start() throws SQLException;
    }

    private record Layers(SettingsLayer engine, SettingsLayer connection) {}

    private static Layers layers(Map<String, String> sluiceSettings, SettingsRegistry settings) throws SQLException {
        SettingsLayer engineLayer = SettingsLayer.EMPTY;
        SettingsLayer connectionLayer = SettingsLayer.EMPTY;
        for (Map.Entry<String, String> setting : sluiceSettings.entrySet()) {
            SettingsRegistry.Spec spec = settings.require(setting.getKey());
            if (spec.scope() == Setting.Scope.ENGINE) {
                engineLayer = engineLayer.with(spec, setting.getValue());
            } else {
                connectionLayer = connectionLayer.with(spec, setting.getValue());
            }
        }
        return new Layers(engineLayer, connectionLayer);
    }

    private static Session open(EngineKey key, EngineStarter starter, SettingsLayer connectionLayer) throws SQLException {
        return open(key, starter, connectionLayer, null);
    }

    /**
     * @param credentials how the connection authenticates, or {@code null} when the engine's own data source
     *     does: a connection whose credentials differ from those the engine started with proves them once
     */
    private static Session open(EngineKey key, EngineStarter starter, SettingsLayer connectionLayer, Credentials credentials)
            throws SQLException {
        while (true) {
            Engine engine = ENGINES.get(key);
            if (engine == null) {
                synchronized (START_LOCK) {
                    engine = ENGINES.get(key);
                    if (engine == null) {
                        engine = starter.start();
                        ENGINES.put(key, engine);
                        if (credentials != null) {
                            PROVEN.put(engine, ConcurrentHashMap.newKeySet());
                            PROVEN.get(engine).add(credentials.fingerprint());
                        }
                    }
                }
            }
            if (engine.isClosing()) {
                ENGINES.remove(key, engine);
                PROVEN.remove(engine);
                continue;
            }
            if (credentials != null) {
                java.util.Set<String> proven = PROVEN.computeIfAbsent(engine, started -> ConcurrentHashMap.newKeySet());
                if (!proven.contains(credentials.fingerprint())) {
                    credentials.prove();
                    proven.add(credentials.fingerprint());
                }
            }
            return new Session(engine, connectionLayer);
        }
    }

    /** What one connection of an application's data source tells: the target it reaches, and its auto-commit mode. */
    record DataSourceTarget(String name, boolean autoCommit) {}

    /**
     * The target an application's data source reaches, from the URL its connections report: without
     * {@code jdbc:}, and without the query string and user information, which may hold credentials. And the
     * auto-commit mode its connections come in, which a session's target connection will have once opened.
     */
    static DataSourceTarget targetOf(DataSource dataSource) throws SQLException {
        String url;
        boolean autoCommit;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
            autoCommit = connection.getAutoCommit();
        }
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, "jdbc:".length()) || url.length() == "jdbc:".length()) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "The wrapped DataSource " + dataSource.getClass().getName()
                    + " gives connections whose DatabaseMetaData.getURL() is " + (url == null ? "null" : "'" + url + "'")
                    + ", not a JDBC URL: Sluice cannot tell which database it reaches");
        }
        String target = url.substring("jdbc:".length());
        int query = target.indexOf('?');
        if (query >= 0) {
            target = target.substring(0, query);
        }
        int authority = target.indexOf("//");
        int at = authority < 0 ? -1 : target.indexOf('@', authority);
        int slash = authority < 0 ? -1 : target.indexOf('/', authority + 2);
        if (at >= 0 && (slash < 0 || at < slash)) {
            target = target.substring(0, authority + 2) + target.substring(at + 1);
        }
        return new DataSourceTarget(target, autoCommit);
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
        for (String name : info.stringPropertyNames()) {
            if (isSluiceSetting(name, settings)) {
                sluiceSettings.put(name, info.getProperty(name));
            } else {
                targetProperties.setProperty(name, info.getProperty(name));
            }
        }
        targetProperties.remove(CLOCK_PROPERTY);
        return new ParsedUrl(target, targetProperties, sluiceSettings, clock(info));
    }

    /** The clock the property {@value #CLOCK_PROPERTY} holds, else the system clock. */
    private static Clock clock(Properties info) throws SluiceSqlException {
        Object clockValue = info.get(CLOCK_PROPERTY);
        if (clockValue instanceof Clock given) {
            return given;
        } else if (clockValue != null) {
            throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Property " + CLOCK_PROPERTY + " must hold an io.sluice.spi.Clock, not "
                    + clockValue.getClass().getName());
        }
        return Clock.system();
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
                    current = new SettingsRegistry(plugins.allFactories());
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
        for (Map.Entry<EngineKey, Engine> entry : ENGINES.entrySet()) {
            ENGINES.remove(entry.getKey(), entry.getValue());
            PROVEN.remove(entry.getValue());
            entry.getValue().close();
        }
    }
}
