package io.sluice.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.NamedFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every plugin kit shares: the manual clock the plugin is built with, the settings it is built
 * with, closing what a test built, and the contract of the factory itself (its name, its registration
 * with {@link java.util.ServiceLoader}, its declared settings and their validation).
 *
 * <p>Extend {@link FlushPolicyKit}, {@link BufferKit} or {@link StorageKit}, not this class.
 *
 * @param <F> the kind of factory
 * @param <T> what it builds
 */
public abstract class PluginKit<F extends NamedFactory<T>, T> {
    /** The only clock the plugin under test sees: time moves only when a test moves it. */
    protected final ManualClock clock = new ManualClock();

    private final Deque<AutoCloseable> built = new ArrayDeque<>();

    PluginKit() {}

    /**
     * The factory under test. Find it as the engine does, e.g. {@code KitPlugins.flushPolicy("name")},
     * so that its registration is tested too.
     *
     * @return the factory; the kit may call this often
     */
    protected abstract F factory();

    /**
     * Values of settings to build the plugin with, on top of the defaults (built-in and declared): a
     * directory in a {@code @TempDir}, a setting the tests need. Called again for every instance built,
     * so it must return the same values throughout one test.
     *
     * @return setting name to raw value; empty by default
     */
    protected Map<String, String> pluginSettings() {
        return Map.of();
    }

    /**
     * Values the plugin must refuse, by setting name: each one, set alone, must fail {@code create()}
     * with {@link ErrorCode#INVALID_SETTING_VALUE} naming the setting. By default, derived from the
     * declared types ({@link KitSettings#invalidValuesByType}); override to add values for settings of
     * type {@code String} or with a range.
     *
     * @return setting name to values that break its rule
     */
    protected Map<String, List<String>> invalidSettingValues() {
        return KitSettings.invalidValuesByType(factory().settings());
    }

    /**
     * Declared settings whose default cannot work in this test's {@link #context()}: the plugin needs a
     * value the test gives in {@link #pluginSettings()}. The {@code wal} buffer's directory is one: its
     * empty default means "beside an SQLite target file", which any other target does not have. The kit
     * checks that the plugin refuses to build with each one left at its default, with
     * {@code INVALID_SETTING_VALUE} naming the setting, and does not expect that default to be accepted.
     *
     * @return names of declared settings; none by default
     */
    protected Set<String> requiredSettings() {
        return Set.of();
    }

    /**
     * The context the plugin is built with: the kit's {@link #clock} and a target.
     *
     * @return the context
     */
    protected abstract PluginContext context();

    /** Every factory of this kind registered on the class path. */
    abstract List<F> registeredFactories();

    /**
     * The config the engine would build the plugin with: built-in defaults, declared defaults, then
     * {@link #pluginSettings()}.
     *
     * @return the config
     */
    protected final PluginConfig config() {
        return config(Map.of());
    }

    /**
     * {@link #config()} with more values on top.
     *
     * @param values setting name to raw value
     * @return the config
     */
    protected final PluginConfig config(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(pluginSettings());
        all.putAll(values);
        return KitSettings.config(factory(), all);
    }

    /**
     * Builds one instance with {@code config}; the kit closes it after the test (closing it earlier is
     * allowed: a second close does nothing).
     *
     * @param config the config
     * @return the instance
     * @throws SQLException when the plugin refuses to build
     */
    protected final T build(PluginConfig config) throws SQLException {
        T instance = factory().create(config, context());
        assertThat(instance).as("%s.create() returned null", factory().name()).isNotNull();
        if (instance instanceof AutoCloseable closeable) {
            built.push(closeable);
        }
        return instance;
    }

    /**
     * Builds one instance with {@code config} and closes it at once, for plugins that hold a resource
     * only one instance may hold (a directory lock, a file).
     */
    private void buildAndClose(PluginConfig config, String what) throws Exception {
        T instance = factory().create(config, context());
        assertThat(instance).as("%s.create() with %s returned null", factory().name(), what).isNotNull();
        if (instance instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @AfterEach
    final void closeWhatTheTestBuilt() throws Exception {
        while (!built.isEmpty()) {
            built.pop().close();
        }
    }

    @Nested
    @DisplayName("The factory")
    class FactoryContract {
        @Test
        @DisplayName("has a stable lower-case name, and says in a sentence what it builds")
        void nameAndDescription() {
            F factory = factory();
            assertThat(factory.name()).matches("[a-z][a-z0-9_-]*").isEqualTo(factory.name());
            assertThat(factory.description()).as("description()").isNotNull();
        }

        @Test
        @DisplayName("is registered with ServiceLoader under its name, through a Plugin in META-INF/services/io.sluice.spi.Plugin")
        void registered() {
            List<F> sameName = registeredFactories().stream().filter(found -> found.name().equals(factory().name())).toList();
            assertThat(sameName).as("registered factories named '%s'", factory().name()).hasSize(1);
            assertThat(sameName.get(0).getClass()).isEqualTo(factory().getClass());
        }

        @Test
        @DisplayName("builds an instance from the default settings")
        void buildsFromDefaults() throws Exception {
            buildAndClose(config(), "the default settings");
        }

        @Test
        @DisplayName("declares each setting with a lower-case name, a type, a default and a description, and accepts the default written out")
        void declaredSettings() throws Exception {
            List<SettingDefinition> settings = factory().settings();
            Assumptions.assumeFalse(settings.isEmpty(), "the factory declares no settings");
            Violations violations = new Violations("a setting has a lower-case name, a type, a default and a description");
            for (SettingDefinition setting : settings) {
                violations.check(setting.name() != null && setting.name().matches("[a-z][a-z0-9_]*")
                        && setting.type() != null && !setting.type().isBlank() && setting.defaultValue() != null
                        && setting.description() != null && !setting.description().isBlank(), setting::toString);
            }
            violations.assertNone();
            // Writing a default out must mean the same as leaving it out, except for what the test itself sets
            // and for defaults that cannot work in this context (checked by requiredSettingsAreRequired).
            for (SettingDefinition setting : settings) {
                if (!pluginSettings().containsKey(setting.name()) && !requiredSettings().contains(setting.name())) {
                    buildAndClose(config(Map.of(setting.name(), setting.defaultValue())), setting.name() + " = " + setting.defaultValue());
                }
            }
        }

        @Test
        @DisplayName("refuses to build with a required setting left at its default, with INVALID_SETTING_VALUE naming the setting")
        void requiredSettingsAreRequired() {
            Set<String> required = requiredSettings();
            Assumptions.assumeFalse(required.isEmpty(), "the test names no setting whose default cannot work in its context");
            Map<String, String> defaults = new LinkedHashMap<>();
            for (SettingDefinition setting : factory().settings()) {
                defaults.put(setting.name(), setting.defaultValue());
            }
            Violations violations = new Violations("create() refuses a required setting left at its default, naming it");
            for (String name : required) {
                if (!defaults.containsKey(name)) {
                    violations.check(false, () -> name + " is not one of the settings " + factory().name() + " declares: " + defaults.keySet());
                    continue;
                }
                String value = defaults.get(name);
                Throwable thrown = catchThrowable(() -> buildAndClose(config(Map.of(name, value)), name + " = '" + value + "'"));
                boolean named = thrown instanceof SluiceSqlException error && error.error() == ErrorCode.INVALID_SETTING_VALUE
                        && error.getMessage().contains(name);
                violations.check(named, () -> name + " = '" + value + "' (its default): " + (thrown == null ? "accepted" : thrown.toString()));
            }
            violations.assertNone();
        }

        @Test
        @DisplayName("refuses an invalid setting value in create(), with INVALID_SETTING_VALUE naming the setting and the value")
        void invalidSettings() {
            Map<String, List<String>> invalid = invalidSettingValues();
            Assumptions.assumeFalse(invalid.isEmpty(), "the factory declares no setting the kit knows an invalid value for");
            Violations violations = new Violations("create() refuses the value with INVALID_SETTING_VALUE, naming the setting and the value");
            for (Map.Entry<String, List<String>> setting : invalid.entrySet()) {
                for (String value : setting.getValue()) {
                    Throwable thrown = catchThrowable(() -> buildAndClose(config(Map.of(setting.getKey(), value)), setting.getKey() + " = " + value));
                    boolean named = thrown instanceof SluiceSqlException error && error.error() == ErrorCode.INVALID_SETTING_VALUE
                            && error.getMessage().contains(setting.getKey())
                            && error.getMessage().toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
                    violations.check(named, () -> setting.getKey() + " = '" + value + "': " + (thrown == null ? "accepted" : thrown.toString()));
                }
            }
            violations.assertNone();
        }
    }

    static <F extends NamedFactory<?>> List<F> registered(Function<Plugin, List<F>> getter) {
        return KitPlugins.registered(getter);
    }
}
