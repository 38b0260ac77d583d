package io.sluice.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options and positional arguments of one command: {@code --name value}, {@code --name=value}, flags
 * ({@code --keep}), and {@code --} to end the options. Immutable once parsed.
 */
final class Arguments {
    private final String command;
    private final Map<String, String> values;
    private final List<String> positionals;

    private Arguments(String command, Map<String, String> values, List<String> positionals) {
        this.command = command;
        this.values = values;
        this.positionals = positionals;
    }

    /**
     * Parses {@code args} (the words after the command name).
     *
     * @param valueOptions options that take a value, without the leading {@code --}
     * @param flags options that take none
     * @throws UsageException for an unknown option, a missing value, or an option given twice
     */
    static Arguments parse(String command, List<String> args, Set<String> valueOptions, Set<String> flags)
            throws UsageException {
        Map<String, String> values = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            String value;
            if (flags.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("option --" + name + " of 'sluice " + command + "' takes no value");
                }
                value = "true";
            } else if (valueOptions.contains(name)) {
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option --" + name + " of 'sluice " + command + "' needs a value");
                }
            } else {
                throw new UsageException("unknown option --" + name + " for 'sluice " + command + "'");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException("option --" + name + " of 'sluice " + command + "' is given twice");
            }
        }
        return new Arguments(command, Map.copyOf(values), List.copyOf(positionals));
    }

    List<String> positionals() {
        return positionals;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String option(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** A whole-number option of at least {@code min}; {@code _} may group digits ({@code 200_000}). */
    long longOption(String name, long defaultValue, long min) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " of 'sluice " + command + "': '" + text
                    + "' is not a whole number");
        }
        if (value < min) {
            throw new UsageException("option --" + name + " of 'sluice " + command + "' must be at least " + min
                    + ", not " + value);
        }
        return value;
    }

    int intOption(String name, int defaultValue, int min) throws UsageException {
        long value = longOption(name, defaultValue, min);
        if (value > Integer.MAX_VALUE) {
            throw new UsageException("option --" + name + " of 'sluice " + command + "' must be at most "
                    + Integer.MAX_VALUE + ", not " + value);
        }
        return (int) value;
    }
}
