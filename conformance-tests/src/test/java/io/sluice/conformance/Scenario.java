package io.sluice.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario file, parsed: its title, the URL parameters of its default connection, the storages it
 * runs on, and its steps (SQL statements and directives) in file order, each with the line it starts on.
 * Immutable.
 *
 * <p>The file format is described in {@link ScenarioRunner} and in the module's README. Parsing is
 * strict: an unknown directive, a statement without its {@code ;}, or a misplaced header is an error
 * that names the file and line, so a typo never silently weakens a scenario.
 */
record Scenario(String fileName, String title, String urlParameters, Set<ScenarioStorage> storages, String storagesReason,
        Map<ScenarioStorage, String> knownFailures, List<Step> steps) {

    /** A statement or a directive of a scenario. */
    sealed interface Step permits Sql, Directive {
        /** The 1-based line the step starts on. */
        int line();
    }

    /** A SQL statement, without its terminating {@code ;}. */
    record Sql(int line, String sql) implements Step {}

    /**
     * A directive {@code -- name: argument}. {@code rows} holds the result rows that follow an
     * {@code -- expect:} with no argument; it is empty for every other directive.
     */
    record Directive(int line, String name, String argument, List<String> rows) implements Step {}

    /**
     * The {@code -- storages:} header: storage names joined by commas, then the reason in parentheses, e.g.
     * {@code sqlite (PRAGMA and SQLite's type names)}.
     */
    private static final Pattern STORAGES = Pattern.compile("([a-z]+(?:\\s*,\\s*[a-z]+)*)\\s+\\((.+)\\)");

    /** The {@code -- known-failure:} header: one storage and, in parentheses, the bug, e.g. {@code mariadb (Session.java quotes with ")}. */
    private static final Pattern KNOWN_FAILURE = Pattern.compile("([a-z]+)\\s+\\((.+)\\)");

    /** Directives a scenario may use in its body; {@code scenario}, {@code url} and {@code storages} are headers. */
    static final Set<String> DIRECTIVES = Set.of("expect", "error", "advance", "await-flushes", "connection", "background",
            "join", "restart", "query-id", "autocommit", "commit", "rollback");

    /**
     * A directive line: {@code -- name} or {@code -- name: argument}, where the name is lowercase words joined
     * by {@code -}. Any other {@code --} line is a prose comment.
     */
    private static final Pattern DIRECTIVE = Pattern.compile("^--\\s+([a-z][a-z-]*)(?::\\s*(.*))?$");

    /** The first line of inline data in a format other than Values: the head ends with {@code FORMAT name}. */
    private static final Pattern FORMAT_HEAD_END = Pattern.compile("(?i).*\\bFORMAT\\s+\\w+\\s*$");

    /**
     * Parses a scenario file.
     *
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    static Scenario parse(String fileName, List<String> lines) {
        String title = null;
        String url = "";
        Set<ScenarioStorage> storages = EnumSet.allOf(ScenarioStorage.class);
        String storagesReason = "";
        Map<ScenarioStorage, String> knownFailures = new EnumMap<>(ScenarioStorage.class);
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                i++;
                continue;
            }
            if (trimmed.startsWith("--")) {
                Matcher directive = DIRECTIVE.matcher(trimmed);
                if (!directive.matches()) {
                    i++; // prose comment
                    continue;
                }
                String name = directive.group(1);
                String argument = directive.group(2) == null ? "" : directive.group(2).trim();
                if (name.equals("scenario")) {
                    check(title == null && steps.isEmpty(), fileName, lineNumber, "'-- scenario:' must come once, before every step");
                    check(!argument.isEmpty(), fileName, lineNumber, "'-- scenario:' needs a title");
                    title = argument;
                    i++;
                    continue;
                }
                if (name.equals("url")) {
                    check(title != null && steps.isEmpty(), fileName, lineNumber, "'-- url:' belongs right after '-- scenario:'");
                    url = argument;
                    i++;
                    continue;
                }
                if (name.equals("storages")) {
                    check(title != null && steps.isEmpty() && storagesReason.isEmpty(), fileName, lineNumber,
                            "'-- storages:' comes once, in the header after '-- scenario:'");
                    Matcher header = STORAGES.matcher(argument);
                    check(header.matches(), fileName, lineNumber, "'-- storages:' takes storage names and the reason in parentheses,"
                            + " e.g. '-- storages: sqlite (PRAGMA user_version)'");
                    storages = EnumSet.noneOf(ScenarioStorage.class);
                    for (String storageName : header.group(1).split("\\s*,\\s*")) {
                        ScenarioStorage storage = ScenarioStorage.byId(storageName);
                        check(storage != null, fileName, lineNumber, "unknown storage '" + storageName + "'; known: sqlite, postgresql, mariadb");
                        storages.add(storage);
                    }
                    storagesReason = header.group(2).trim();
                    i++;
                    continue;
                }
                if (name.equals("known-failure")) {
                    check(title != null && steps.isEmpty(), fileName, lineNumber, "'-- known-failure:' belongs in the header after '-- scenario:'");
                    Matcher header = KNOWN_FAILURE.matcher(argument);
                    check(header.matches(), fileName, lineNumber, "'-- known-failure:' takes one storage and the bug in parentheses,"
                            + " e.g. '-- known-failure: mariadb (what is broken, and where)'");
                    ScenarioStorage storage = ScenarioStorage.byId(header.group(1));
                    check(storage != null, fileName, lineNumber, "unknown storage '" + header.group(1) + "'; known: sqlite, postgresql, mariadb");
                    check(knownFailures.put(storage, header.group(2).trim()) == null, fileName, lineNumber,
                            "a second '-- known-failure:' for " + storage.id());
                    i++;
                    continue;
                }
                check(DIRECTIVES.contains(name), fileName, lineNumber, "unknown directive '-- " + name + "'; known: " + DIRECTIVES);
                check(title != null, fileName, lineNumber, "the file must start with '-- scenario: <title>'");
                i++;
                List<String> rows = new ArrayList<>();
                if (name.equals("expect") && argument.isEmpty()) {
                    // The rows: every following '--' line up to a blank line, a statement or another directive.
                    while (i < lines.size() && isRowLine(lines.get(i))) {
                        String row = lines.get(i).trim();
                        rows.add(row.length() <= 3 ? "" : row.substring(3));
                        i++;
                    }
                    check(!rows.isEmpty(), fileName, lineNumber, "'-- expect:' without rows; write '-- expect: no rows' for an empty result");
                }
                steps.add(new Directive(lineNumber, name, argument, List.copyOf(rows)));
                continue;
            }
            check(title != null, fileName, lineNumber, "the file must start with '-- scenario: <title>'");
            // A statement: up to a line ending with ';', or, once a line ends with 'FORMAT name', inline data up
            // to a line holding only ';'.
            StringBuilder sql = new StringBuilder();
            boolean data = false;
            boolean ended = false;
            while (i < lines.size()) {
                String current = lines.get(i);
                i++;
                if (data) {
                    if (current.trim().equals(";")) {
                        ended = true;
                        break;
                    }
                    sql.append(current).append('\n');
                    continue;
                }
                check(!current.trim().startsWith("--"), fileName, i,
                        "the statement starting at line " + lineNumber + " has no terminating ';' before this comment");
                String text = current.stripTrailing();
                if (text.endsWith(";")) {
                    sql.append(text, 0, text.length() - 1);
                    ended = true;
                    break;
                }
                sql.append(text).append('\n');
                data = FORMAT_HEAD_END.matcher(text).matches() && sql.toString().trim().toUpperCase(Locale.ROOT).startsWith("INSERT");
            }
            check(ended, fileName, lineNumber, "the statement starting here never ends (';' at the end of a line, or alone on a line after FORMAT data)");
            steps.add(new Sql(lineNumber, sql.toString()));
        }
        check(title != null, fileName, 1, "the file must start with '-- scenario: <title>'");
        for (ScenarioStorage storage : knownFailures.keySet()) {
            check(storages.contains(storage), fileName, 1, "a known failure on " + storage.id() + ", which '-- storages:' leaves out");
        }
        return new Scenario(fileName, title, url, Collections.unmodifiableSet(storages), storagesReason,
                Collections.unmodifiableMap(knownFailures), List.copyOf(steps));
    }

    /** A row of an {@code -- expect:} block: a {@code --} line that is not one of the known directives. */
    private static boolean isRowLine(String line) {
        String trimmed = line.trim();
        if (!trimmed.equals("--") && !trimmed.startsWith("-- ")) {
            return false;
        }
        Matcher directive = DIRECTIVE.matcher(trimmed);
        return !(directive.matches() && (DIRECTIVES.contains(directive.group(1)) || directive.group(1).equals("scenario")
                || directive.group(1).equals("url") || directive.group(1).equals("storages") || directive.group(1).equals("known-failure")));
    }

    private static void check(boolean condition, String fileName, int line, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(fileName + ":" + line + ": " + problem);
        }
    }
}
