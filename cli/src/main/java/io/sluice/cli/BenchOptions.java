package io.sluice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code sluice bench} runs, read from its command line. The defaults (fire-and-forget and one step
 * of waiting clients against a temporary SQLite file) finish in about 30 seconds on two cores.
 *
 * @param scenarios the scenarios to run, in the order they run
 * @param target where the rows go
 * @param buffer the buffer plugin ({@code memory} or {@code wal})
 * @param threads fire-and-forget client threads
 * @param rows rows sent by each fire-and-forget phase, and loaded by the bulk baseline
 * @param clients the steps of the waiting-clients sweep
 * @param seconds how long each waiting step runs
 * @param baselineSeconds how long the plain autocommit baseline runs
 * @param formats the formats of the formats scenario
 * @param heapEntries entries the heap scenario buffers
 * @param heapRowBytes the inline data of each of those entries, at least (its text value padded; 0: the
 *     standard row of the other scenarios, about 40 bytes)
 * @param heapPrepared whether the heap scenario buffers its entries through a {@code PreparedStatement} (typed
 *     rows) rather than as statement text
 * @param warmupRows rows per path and round of the unmeasured warm-up (every path measured after it, through
 *     Sluice and the plain JDBC bulk load and hand-written batcher), whose rounds repeat until the JIT has
 *     settled, so that the measured phases do not pay for the JIT compiling their paths (0: no warm-up)
 * @param latencyMillis milliseconds a proxy in front of a PostgreSQL or MariaDB server adds to every chunk of bytes
 *     each way, on every connection of the run, as if the server were across a network (0: no proxy)
 * @param report the HTML report to write, or {@code null}
 * @param settings Sluice settings added to every Sluice connection's URL (a phase's own settings win)
 * @param charts a directory to write each chart of the report into as an SVG file, or {@code null}
 * @param keep keep the databases (and tables) afterwards
 * @param progress show the progress bar (on stderr, when it is a terminal)
 */
record BenchOptions(List<Scenario> scenarios, BenchTarget.Spec target, String buffer, int threads, long rows,
        List<Integer> clients, int seconds, int baselineSeconds, List<Rows.Encoding> formats, long heapEntries, int heapRowBytes, boolean heapPrepared,
        long warmupRows, int latencyMillis,
        Map<String, String> settings, Path report, Path charts, boolean keep, boolean progress) {

    /** The scenarios, by the names the command line uses. */
    enum Scenario {
        FIRE_AND_FORGET("fire-and-forget", "many threads send single-row INSERTs without waiting, timed until every row is written"),
        PREPARED("prepared", "fire-and-forget with a PreparedStatement (typed parameters) against plain statement text"),
        FORMATS("formats", "fire-and-forget single-row INSERTs in each format (Values, CSV, JSONEachRow)"),
        WAITING("waiting", "a sweep of concurrent clients that wait for their flush (wait_for_async_insert=1)"),
        HEAP("heap", "buffers a million entries under a huge busy timeout and measures the heap they take");

        final String label;
        final String description;

        Scenario(String label, String description) {
            this.label = label;
            this.description = description;
        }

        static Scenario named(String name) throws UsageException {
            for (Scenario scenario : values()) {
                if (scenario.label.equalsIgnoreCase(name)) {
                    return scenario;
                }
            }
            List<String> known = new ArrayList<>();
            for (Scenario scenario : values()) {
                known.add(scenario.label);
            }
            throw new UsageException("option --scenarios of 'sluice bench': unknown scenario '" + name + "' (known: "
                    + String.join(", ", known) + ", all)");
        }
    }

    static final Set<String> VALUE_OPTIONS = Set.of("scenarios", "target", "file", "buffer", "threads", "rows", "clients",
            "seconds", "baseline-seconds", "formats", "heap-entries", "heap-row-bytes", "warmup-rows", "latency-ms", "settings", "report",
            "charts");
    static final Set<String> FLAGS = Set.of("keep", "no-progress", "heap-prepared");

    static final int MAX_LATENCY_MILLIS = 10_000;
    static final String LATENCY_ON_SQLITE = "option --latency-ms of 'sluice bench' needs a PostgreSQL or MariaDB target: "
            + "an SQLite database is a file on this machine, with no network to delay";

    static final List<Scenario> DEFAULT_SCENARIOS = List.of(Scenario.FIRE_AND_FORGET, Scenario.WAITING);

    static BenchOptions from(Arguments args) throws UsageException {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("'sluice bench' takes no arguments, only options: " + args.positionals());
        }
        String target = args.option("target", null);
        String file = args.option("file", null);
        if (target != null && file != null) {
            throw new UsageException("options --target and --file of 'sluice bench' exclude each other (--file PATH is --target sqlite:PATH)");
        }
        BenchTarget.Spec spec = file != null ? BenchTarget.Spec.parse("sqlite:" + file)
                : target != null ? BenchTarget.Spec.parse(target) : BenchTarget.Spec.temporarySqlite();
        String buffer = args.option("buffer", "memory").toLowerCase(Locale.ROOT);
        if (!buffer.equals("memory") && !buffer.equals("wal")) {
            throw new UsageException("option --buffer of 'sluice bench' must be memory or wal, not '" + args.option("buffer", "") + "'");
        }
        int latencyMillis = args.intOption("latency-ms", 0, 0);
        if (latencyMillis > MAX_LATENCY_MILLIS) {
            throw new UsageException("option --latency-ms of 'sluice bench' must be at most " + MAX_LATENCY_MILLIS + ", not "
                    + latencyMillis);
        }
        if (latencyMillis > 0) {
            if (spec.kind() == BenchTarget.Kind.SQLITE) {
                throw new UsageException(LATENCY_ON_SQLITE);
            }
            spec.endpoint(); // a URL naming several servers has no one address to put the proxy in front of
        }
        String report = args.option("report", null);
        String charts = args.option("charts", null);
        return new BenchOptions(
                scenarios(args.option("scenarios", null)),
                spec,
                buffer,
                args.intOption("threads", 8, 1),
                args.longOption("rows", 500_000, 1),
                clients(args.option("clients", null)),
                args.intOption("seconds", 5, 1),
                args.intOption("baseline-seconds", 3, 1),
                formats(args.option("formats", null)),
                args.longOption("heap-entries", 1_000_000, 1),
                args.intOption("heap-row-bytes", 0, 0),
                args.flag("heap-prepared"),
                args.longOption("warmup-rows", 50_000, 0),
                latencyMillis,
                settings(args.option("settings", null)),
                report == null ? null : Path.of(report).toAbsolutePath(),
                charts == null ? null : Path.of(charts).toAbsolutePath(),
                args.flag("keep"),
                !args.flag("no-progress"));
    }

    boolean runs(Scenario scenario) {
        return scenarios.contains(scenario);
    }

    /** Whether any scenario needs the baselines (every one but the heap measurement). */
    boolean needsBaselines() {
        for (Scenario scenario : scenarios) {
            if (scenario != Scenario.HEAP) {
                return true;
            }
        }
        return false;
    }

    private static List<Scenario> scenarios(String text) throws UsageException {
        if (text == null) {
            return DEFAULT_SCENARIOS;
        }
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String name : items("scenarios", text)) {
            if (name.equalsIgnoreCase("all")) {
                chosen.addAll(EnumSet.allOf(Scenario.class));
            } else {
                chosen.add(Scenario.named(name));
            }
        }
        return List.copyOf(chosen); // EnumSet order: the order they run in
    }

    private static Map<String, String> settings(String text) throws UsageException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null) {
            return settings;
        }
        for (String item : items("settings", text)) {
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("option --settings of 'sluice bench': '" + item + "' is not NAME=VALUE");
            }
            String name = item.substring(0, equals).trim();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new UsageException("option --settings of 'sluice bench': '" + name + "' is not a setting name");
            }
            if (settings.put(name, item.substring(equals + 1).trim()) != null) {
                throw new UsageException("option --settings of 'sluice bench': " + name + " is given twice");
            }
        }
        return Map.copyOf(settings);
    }

    private static List<Integer> clients(String text) throws UsageException {
        if (text == null) {
            return List.of(300);
        }
        Set<Integer> steps = new LinkedHashSet<>();
        for (String item : items("clients", text)) {
            long value;
            try {
                value = Long.parseLong(item.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException("option --clients of 'sluice bench': '" + item + "' is not a whole number");
            }
            if (value < 1 || value > 100_000) {
                throw new UsageException("option --clients of 'sluice bench': each step must be between 1 and 100000, not " + value);
            }
            if (!steps.add((int) value)) {
                throw new UsageException("option --clients of 'sluice bench': " + value + " is given twice");
            }
        }
        return List.copyOf(steps);
    }

    private static List<Rows.Encoding> formats(String text) throws UsageException {
        if (text == null) {
            return List.of(Rows.Encoding.VALUES, Rows.Encoding.CSV, Rows.Encoding.JSON_EACH_ROW);
        }
        Set<Rows.Encoding> chosen = new LinkedHashSet<>();
        for (String name : items("formats", text)) {
            Rows.Encoding encoding = Rows.Encoding.format(name);
            if (encoding == null) {
                throw new UsageException("option --formats of 'sluice bench': unknown format '" + name
                        + "' (known: Values, CSV, JSONEachRow)");
            }
            chosen.add(encoding);
        }
        return List.copyOf(chosen);
    }

    private static List<String> items(String option, String text) throws UsageException {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new UsageException("option --" + option + " of 'sluice bench': empty item in '" + text + "'");
            }
            items.add(trimmed);
        }
        return items;
    }
}
