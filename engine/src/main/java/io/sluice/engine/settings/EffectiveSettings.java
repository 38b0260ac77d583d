package io.sluice.engine.settings;

import io.sluice.parser.SettingAssignment;
import io.sluice.spi.SettingsView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolved value of every setting for one statement shape. Built only by {@link SettingsStack}, the one
 * place that knows the order of the layers. Immutable; numeric values are parsed once here so the insert path
 * does not parse text.
 */
public final class EffectiveSettings implements SettingsView {
    private final SettingsRegistry registry;
    private final String[] values;
    private final long[] numbers;
    private final double[] decimals;
    /** A seconds setting's value in milliseconds (it may be fractional: 0.5); for other numbers the value times 1000. */
    private final long[] millis;

    EffectiveSettings(SettingsRegistry registry, SettingsLayer... layers) {
        this.registry = registry;
        this.values = registry.defaults();
        for (SettingsLayer layer : layers) {
            layer.values().forEach((index, value) -> values[index] = value);
        }
        this.numbers = new long[values.length];
        this.decimals = new double[values.length];
        this.millis = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                numbers[i] = Long.parseLong(values[i]);
                millis[i] = numbers[i] > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : numbers[i] * 1000;
            } catch (NumberFormatException e) {
                numbers[i] = Long.MIN_VALUE;
                millis[i] = Long.MIN_VALUE;
                Setting builtin = registry.specs().get(i).builtin();
                if (builtin != null && builtin.type() == Setting.Type.SECONDS) {
                    fractional(i);
                }
            }
            try {
                decimals[i] = Double.parseDouble(values[i]);
            } catch (NumberFormatException e) {
                decimals[i] = Double.NaN;
            }
        }
    }

    /** A seconds setting's fractional value (0.5): whole seconds rounded up for getLong, milliseconds rounded up. */
    private void fractional(int i) {
        try {
            BigDecimal value = new BigDecimal(values[i].trim());
            numbers[i] = value.setScale(0, RoundingMode.UP).longValueExact();
            BigDecimal ms = value.movePointRight(3).setScale(0, RoundingMode.UP);
            millis[i] = ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : ms.longValueExact();
        } catch (NumberFormatException | ArithmeticException notANumber) {
            // Text, or beyond a long: getLong answers Long.MIN_VALUE, as for any text.
        }
    }

    /** A seconds setting in milliseconds, keeping its fraction ({@code 0.5} is 500). */
    public long getMillis(Setting setting) {
        return millis[setting.ordinal()];
    }

    public String get(Setting setting) {
        return values[setting.ordinal()];
    }

    public long getLong(Setting setting) {
        return numbers[setting.ordinal()];
    }

    /** A number setting's value as a double ({@code NaN} for text). */
    public double getDouble(Setting setting) {
        return decimals[setting.ordinal()];
    }

    public boolean getBoolean(Setting setting) {
        return numbers[setting.ordinal()] == 1;
    }

    /** The value of the setting at {@code index} in the registry. */
    public String value(int index) {
        return values[index];
    }

    /**
     * The settings that differ from their defaults, except the ones that stay per entry
     * ({@link Setting#perEntry()}) and the engine-level ones: the settings part of a buffer key, in the
     * registry's order, each value as a SQL literal.
     */
    public List<SettingAssignment> keySettings() {
        List<SettingAssignment> settings = new ArrayList<>();
        for (SettingsRegistry.Spec spec : registry.specs()) {
            if ((spec.builtin() != null && spec.builtin().perEntry()) || spec.scope() == Setting.Scope.ENGINE) {
                continue;
            }
            String value = values[spec.index()];
            if (!value.equals(spec.defaultValue())) {
                settings.add(new SettingAssignment(spec.name(), quoteIfText(spec, value)));
            }
        }
        return settings;
    }

    private static String quoteIfText(SettingsRegistry.Spec spec, String value) {
        return "String".equals(spec.type()) ? "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'" : value;
    }

    @Override
    public String get(String name) {
        SettingsRegistry.Spec spec = registry.find(name);
        if (spec == null) {
            throw new IllegalArgumentException("No setting named " + name);
        }
        return values[spec.index()];
    }

    @Override
    public double getDouble(String name) {
        SettingsRegistry.Spec spec = registry.find(name);
        if (spec == null) {
            throw new IllegalArgumentException("No setting named " + name);
        }
        return decimals[spec.index()];
    }

    @Override
    public long getLong(String name) {
        SettingsRegistry.Spec spec = registry.find(name);
        if (spec == null) {
            throw new IllegalArgumentException("No setting named " + name);
        }
        long number = numbers[spec.index()];
        return number != Long.MIN_VALUE ? number : Long.parseLong(values[spec.index()]);
    }
}
