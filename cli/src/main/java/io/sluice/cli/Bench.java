package io.sluice.cli;

import io.sluice.cli.BenchOptions.Scenario;
import io.sluice.cli.BenchResults.Heap;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Run;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * {@code sluice bench}: Sluice against plain JDBC on one target, in one run on this machine. The baselines
 * ({@link Baselines}) come first, with an unmeasured {@link WarmUp} among them: plain single-row autocommit
 * INSERTs through the target's own driver for a fixed time; then the warm-up of every path measured after it,
 * in rounds until the JIT has settled; then the target's best bulk load of the same rows the fire-and-forget
 * phases send, and a hand-written batcher; then each chosen scenario:
 *
 * <ul>
 *   <li><b>fire-and-forget</b>: many threads, each with its own Sluice connection, send single-row INSERT
 *       text with {@code wait_for_async_insert=0}; the time runs until {@code SYSTEM FLUSH ASYNC INSERT
 *       QUEUE} returns, that is until every row is written, which a {@code count(*)} then checks;
 *   <li><b>prepared</b>: the same with statement text and with a {@code PreparedStatement};
 *   <li><b>formats</b>: the same in each format (Values, CSV, JSONEachRow) ({@link FireAndForget} runs these three);
 *   <li><b>waiting</b>: for each step of the sweep, that many clients insert single rows with
 *       {@code wait_for_async_insert=1} for a fixed time, each acknowledgement's latency recorded
 *       ({@link WaitingClients});
 *   <li><b>heap</b>: a million entries buffered under a huge busy timeout; heap used after
 *       {@code System.gc()} before and after, against their raw size, and a class histogram difference; with
 *       {@code --heap-prepared} the entries are typed rows from a {@code PreparedStatement}, their raw size the
 *       length of each row's {@code VALUES} text ({@link HeapScenario}).
 * </ul>
 *
 * While a phase runs, a sampler reads Sluice's counters and gauges every 250 ms; afterwards each phase's
 * flushes are read from {@code system.part_log} ({@link SystemTables}). {@link ClientRunner} runs the client
 * threads. Each phase's CPU time is the whole process's; the JIT's compilation time in it is reported beside
 * it. With {@code --latency-ms N}, every connection of the run, plain and Sluice, reaches a PostgreSQL or MariaDB
 * server through a {@link LatencyProxy} that delays each chunk of bytes N ms each way, as across a network.
 * Sluice is reached through JDBC only. This class runs the phases in order, prints each phase's line
 * as it ends, then the summary, and writes the report. Not thread-safe; one instance runs once.
 */
final class Bench {
    private final BenchOptions options;
    private final List<String> arguments;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean showProgress;
    private final List<Phase> phases = new ArrayList<>();
    private Phase autocommit;
    private Phase bulk;
    private Phase handBatcher;

    /**
     * @param arguments the command line after {@code bench}, for the report
     * @param terminal whether {@code err} is a terminal (the progress bar is shown only then)
     */
    Bench(BenchOptions options, List<String> arguments, PrintStream out, PrintStream err, boolean terminal) {
        this.options = options;
        this.arguments = arguments;
        this.out = out;
        this.err = err;
        this.showProgress = terminal && options.progress();
    }

    /** Runs every chosen scenario, prints the summary, writes the report; 0 when every row sent was written. */
    int run() throws Exception {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        MachineInfo machine = MachineInfo.current();
        BenchTarget target = BenchTarget.open(options.target(), options.buffer(), HeapScenario.engineSettings(options),
                options.latencyMillis());
        BenchContext context = new BenchContext(options, target, out, err, showProgress, this::record);
        Connection control = null;
        Heap heap = null;
        long busyTimeout = 200;
        out.println("Sluice bench: " + scenarioNames() + " into " + target.kind().label + ", buffer " + options.buffer()
                + (options.settings().isEmpty() ? "" : ", settings " + options.settings()));
        out.println("Databases: " + target.describe());
        if (target.describeNetwork() != null) {
            out.println("Network: " + target.describeNetwork());
        }
        out.println("Machine: " + machine.describe());
        if (machine.loadAverage() > machine.processors()) {
            out.printf(Locale.ROOT, "Warning: the load average (%.1f) exceeds the %d processors: other work competes for"
                    + " the CPU, so these figures are unreliable; run again on a quieter machine.%n",
                    machine.loadAverage(), machine.processors());
        }
        try {
            Baselines baselines = options.needsBaselines() ? new Baselines(context) : null;
            if (baselines != null) {
                autocommit = baselines.autocommit();
            }
            control = ClientRunner.connect(target, target.sluiceUrl(Map.of()), target.sluiceProperties());
            ObjectName engine = Sampler.engineMBean(target.engineTarget());
            if (engine == null) {
                err.println("Warning: no JMX MBean found for the engine of " + options.target().shown()
                        + "; the report will have no buffered bytes or rows written over time");
            }
            SluiceSide sluice = new SluiceSide(context, control, new SystemTables(control), new ClientRunner(context, engine));
            busyTimeout = sluice.system().busyTimeoutMillis();
            if (baselines != null) {
                if (options.warmupRows() > 0) {
                    new WarmUp(sluice, baselines).run();
                }
                bulk = baselines.bulk();
                handBatcher = baselines.handBatcher();
            }
            FireAndForget fireAndForget = new FireAndForget(sluice);
            WaitingClients waiting = new WaitingClients(sluice);
            for (Scenario scenario : options.scenarios()) {
                switch (scenario) {
                    case FIRE_AND_FORGET -> fireAndForget.run(scenario, "ff", Rows.Encoding.VALUES,
                            "fire-and-forget, " + threads(options.threads()));
                    case PREPARED -> {
                        fireAndForget.run(scenario, "text", Rows.Encoding.VALUES, "statement text, " + threads(options.threads()));
                        fireAndForget.run(scenario, "prepared", Rows.Encoding.PREPARED,
                                "PreparedStatement, " + threads(options.threads()));
                    }
                    case FORMATS -> {
                        for (Rows.Encoding format : options.formats()) {
                            fireAndForget.run(scenario, format.format.toLowerCase(Locale.ROOT), format,
                                    "FORMAT " + format.format + ", " + threads(options.threads()));
                        }
                    }
                    case WAITING -> {
                        for (int clientCount : options.clients()) {
                            waiting.run(clientCount);
                        }
                    }
                    case HEAP -> heap = new HeapScenario(sluice).run();
                }
            }
        } finally {
            closeQuietly(control);
            try {
                target.cleanUp(options.keep(), out);
            } finally {
                target.close();
            }
        }
        List<String> failures = context.failures();
        Run run = new Run("sluice bench" + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments)), machine,
                options.target().shown(), target.kind().label,
                options.buffer(), started, (System.nanoTime() - startNanos) / 1e9, MachineInfo.currentLoadAverage(), busyTimeout,
                autocommit, bulk, handBatcher, List.copyOf(phases), heap, failures);
        printSummary(run);
        writeReport(run);
        if (failures.isEmpty()) {
            out.println("Every row sent was written.");
            return 0;
        }
        for (String failure : failures) {
            err.println("FAILED: " + failure);
        }
        return 1;
    }

    private String scenarioNames() {
        List<String> names = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            names.add(scenario == Scenario.WAITING ? "waiting " + options.clients() : scenario.label);
        }
        return String.join(", ", names);
    }

    /** {@code 1 thread}, {@code 8 threads}: how a phase's name counts its threads. */
    static String threads(int threads) {
        return threads + (threads == 1 ? " thread" : " threads");
    }

    /** A phase or run that cannot go on. */
    static final class BenchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BenchFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the run's result is what matters
            }
        }
    }

    private void record(Phase phase) {
        phases.add(phase);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-40s %,11d rows in %6.2f s = %,10.0f rows/s",
                phase.name(), phase.rows(), phase.nanos() / 1e9, phase.rowsPerSecond()));
        if (phase.kind() == Kind.SLUICE) {
            line.append(" (").append(Units.ratio(phase.ratioTo(autocommit))).append(" autocommit, ")
                    .append(Units.ratio(phase.ratioTo(handBatcher))).append(" hand batcher, ")
                    .append(Units.ratio(phase.ratioTo(bulk))).append(" bulk)");
        }
        if (phase.counters() != null) {
            line.append(String.format(Locale.ROOT, ", %,d flushes, %s rows/flush", phase.counters().flushes(),
                    Summary.rowsPerFlush(phase)));
        }
        if (!Double.isNaN(phase.cpuMicrosPerRow())) {
            line.append(", ").append(Summary.cpuPerRow(phase)).append(" µs CPU/row");
        }
        if (phase.usage().jitMillis() >= 0) {
            line.append(", JIT ").append(Summary.jitMillis(phase)).append(" ms");
        }
        if (phase.usage().loadAverage() >= 0) {
            line.append(String.format(Locale.ROOT, ", load %.1f", phase.usage().loadAverage()));
        }
        if (phase.hasLatencies()) {
            line.append(", ack p50 ").append(Units.millis(phase.latency(50))).append(", p99 ")
                    .append(Units.millis(phase.latency(99)));
        }
        out.println(line);
    }

    private void printSummary(Run run) {
        out.println();
        if (!run.phases().isEmpty()) {
            out.print(TablePrinter.render(Summary.HEADERS, Summary.rows(run), Summary.RIGHT_ALIGNED));
        }
        if (run.bulk() != null) {
            out.println("Bulk load: " + run.bulk().note() + ".");
        }
        if (run.handBatcher() != null) {
            out.println("Hand-written batcher: " + run.handBatcher().note() + ".");
        }
        out.println();
        for (String headline : Summary.headlines(run)) {
            out.println(headline);
        }
    }

    private void writeReport(Run run) throws IOException {
        if (options.report() != null) {
            Path report = options.report();
            if (report.getParent() != null) {
                Files.createDirectories(report.getParent());
            }
            Files.writeString(report, HtmlReport.render(run), StandardCharsets.UTF_8);
            out.println("Report: " + report);
        }
        if (options.charts() != null) {
            Files.createDirectories(options.charts());
            for (HtmlReport.Chart chart : HtmlReport.charts(run)) {
                Files.writeString(options.charts().resolve(chart.slug() + ".svg"),
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart.svg(), StandardCharsets.UTF_8);
            }
            out.println("Charts: " + options.charts());
        }
    }
}
