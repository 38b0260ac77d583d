package io.sluice.engine.settings;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.NamedFactory;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.SluiceSqlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting Sluice knows: the built-in {@link Setting} table followed by the settings the installed
 * plugins declare (engine-level, validated by the plugin when it is built). Immutable after construction.
 */
public final class SettingsRegistry {
    /** One known setting. */
    public record Spec(int index, String name, List<String> aliases, String type, String defaultValue,
            Setting.Scope scope, String description, Setting builtin, String plugin) {
        public String canonicalize(String value) throws SluiceSqlException {
            return builtin == null ? value : builtin.canonicalize(value);
        }
    }

    private final List<Spec> specs;
    private final Map<String, Spec> byName;
    private final String[] defaults;

    /** @param plugins every plugin factory found, whose declared settings follow the built-ins */
    public SettingsRegistry(List<NamedFactory<?>> plugins) {
        List<Spec> all = new ArrayList<>();
        Map<String, Spec> names = new HashMap<>();
        for (Setting setting : Setting.values()) {
            Spec spec = new Spec(all.size(), setting.settingName(), setting.aliases(), setting.type().sqlName(),
                    setting.defaultValue(), setting.scope(), setting.description(), setting, null);
            all.add(spec);
        }
        for (NamedFactory<?> factory : plugins) {
            for (SettingDefinition definition : factory.settings()) {
                if (all.stream().anyMatch(s -> s.name().equals(definition.name()))) {
                    continue;
                }
                all.add(new Spec(all.size(), definition.name(), List.of(), definition.type(), definition.defaultValue(),
                        Setting.Scope.ENGINE, definition.description(), null, factory.name()));
            }
        }
        for (Spec spec : all) {
            names.put(spec.name(), spec);
            for (String alias : spec.aliases()) {
                names.put(alias, spec);
            }
        }
        this.specs = Collections.unmodifiableList(all);
        this.byName = Map.copyOf(names);
        this.defaults = all.stream().map(Spec::defaultValue).toArray(String[]::new);
        if (Setting.values().length > 0 && specs.get(0).builtin() != Setting.values()[0]) {
            throw new IllegalStateException("built-in settings must come first");
        }
    }

    /** Every setting, built-ins first, in a stable order. */
    public List<Spec> specs() {
        return specs;
    }

    /** The setting with this name or alias (case-insensitive), or {@code null}. */
    public Spec find(String name) {
        // Flush policies look their settings up by name on every INSERT, each time with the same constant: a slot per
        // hash remembers the last name seen there and its setting, found again by reference. One object per slot, so a
        // racing reader sees a whole pair or none.
        Recent recent = this.recent[name.hashCode() & (RECENT_SLOTS - 1)];
        if (recent != null && recent.name() == name) {
            return recent.spec();
        }
        Spec exact = byName.get(name);
        Spec spec = exact != null ? exact : byName.get(name.toLowerCase(Locale.ROOT));
        if (spec != null) {
            this.recent[name.hashCode() & (RECENT_SLOTS - 1)] = new Recent(name, spec);
        }
        return spec;
    }

    private static final int RECENT_SLOTS = 64;

    private record Recent(String name, Spec spec) {}

    /** The last name looked up in each slot, and its setting. */
    private final Recent[] recent = new Recent[RECENT_SLOTS];

    /**
     * Whether {@code SET name = …} is Sluice's: the name is a setting, or in the async-insert family (it starts
     * like one, or mentions {@code async} and is close to one), so that a misspelling gets {@code UNKNOWN_SETTING} with a
     * hint. Every other name is the target database's.
     */
    public boolean ownsSetName(String name) {
        if (find(name) != null) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("async_insert") || lower.startsWith("wait_for_async_insert") || lower.contains("async") && closest(lower) != null;
    }

    /** The setting for a built-in. */
    public Spec spec(Setting setting) {
        return specs.get(setting.ordinal());
    }

    /**
     * The setting with this name.
     *
     * @throws SluiceSqlException {@code UNKNOWN_SETTING}, suggesting the closest known name
     */
    public Spec require(String name) throws SluiceSqlException {
        Spec spec = find(name);
        if (spec == null) {
            String hint = closest(name.toLowerCase(Locale.ROOT));
            throw new SluiceSqlException(ErrorCode.UNKNOWN_SETTING,
                    "Unknown setting '" + name + "'" + (hint == null ? "" : ": maybe you meant '" + hint + "'"));
        }
        return spec;
    }

    String[] defaults() {
        return defaults.clone();
    }

    private String closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : byName.keySet()) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
