package io.sluice.cli;

import io.sluice.cli.BenchResults.Heap;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary of a run as rows of text (for the terminal table and the HTML report alike) and the headline
 * lines that say what a user wants to know: how much faster than what they would do otherwise (plain
 * autocommit, a hand-written batcher, the bulk load), at what acknowledgement latency and CPU per row. Stateless.
 */
final class Summary {
    static final List<String> HEADERS = List.of("scenario", "phase", "clients", "rows", "seconds", "rows/s",
            "× autocommit", "× hand batcher", "× bulk", "flushes", "rows/flush", "ack p50", "ack p99", "CPU µs/row", "JIT ms");
    static final boolean[] RIGHT_ALIGNED = {false, false, true, true, true, true, true, true, true, true, true, true, true, true, true};

    private Summary() {}

    static List<List<String>> rows(Run run) {
        List<List<String>> rows = new ArrayList<>();
        for (Phase phase : run.phases()) {
            boolean sluice = phase.kind() == Kind.SLUICE;
            rows.add(List.of(phase.scenario(), phase.name(), Integer.toString(phase.clients()), Units.count(phase.rows()),
                    String.format(java.util.Locale.ROOT, "%.2f", phase.nanos() / 1e9), Units.rate(phase.rowsPerSecond()),
                    phase.kind() == Kind.AUTOCOMMIT ? "1×" : Units.ratio(phase.ratioTo(run.autocommit())),
                    phase.kind() == Kind.HAND_BATCHER ? "1×" : Units.ratio(phase.ratioTo(run.handBatcher())),
                    phase.kind() == Kind.BULK ? "1×" : Units.ratio(phase.ratioTo(run.bulk())),
                    sluice && phase.counters() != null ? Units.count(phase.counters().flushes()) : "-",
                    sluice ? rowsPerFlush(phase) : "-",
                    phase.hasLatencies() ? Units.millis(phase.latency(50)) : "-",
                    phase.hasLatencies() ? Units.millis(phase.latency(99)) : "-",
                    cpuPerRow(phase), jitMillis(phase)));
        }
        return rows;
    }

    static String cpuPerRow(Phase phase) {
        double micros = phase.cpuMicrosPerRow();
        return Double.isNaN(micros) ? "-" : String.format(java.util.Locale.ROOT, micros < 10 ? "%.2f" : "%.1f", micros);
    }

    /** The JIT's compilation time during the phase, in milliseconds ({@code -} when unknown). */
    static String jitMillis(Phase phase) {
        long millis = phase.usage().jitMillis();
        return millis < 0 ? "-" : Units.count(millis);
    }

    static String rowsPerFlush(Phase phase) {
        if (phase.counters() == null || phase.counters().flushes() == 0) {
            return "-";
        }
        return Units.rate((double) phase.counters().rows() / phase.counters().flushes());
    }

    /** A waiting step's p99 flush duration in nanoseconds (0 without flushes). */
    static long flushP99Nanos(Phase phase) {
        return phase.flushes() == null || phase.flushes().count() == 0 ? 0 : Percentiles.of(phase.flushes().durationMicros(), 99) * 1_000;
    }

    /** The p99 bound of a waiting step: the busy timeout plus the step's p99 flush duration, in nanoseconds. */
    static long latencyBoundNanos(Run run, Phase phase) {
        return run.busyTimeoutMillis() * 1_000_000 + flushP99Nanos(phase);
    }

    /**
     * The answer in a few lines: the fire-and-forget rate against each way a user could write the rows
     * otherwise, CPU per row against the hand batcher's, and each waiting step's acknowledgement latency.
     */
    static List<String> headlines(Run run) {
        List<String> lines = new ArrayList<>();
        Phase fireAndForget = fireAndForget(run);
        if (fireAndForget != null) {
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%s: %s single-row INSERTs/s into %s, timed until written", fireAndForget.name(),
                    Units.rate(fireAndForget.rowsPerSecond()), run.targetKind()));
            List<String> ratios = new ArrayList<>();
            if (run.autocommit() != null) {
                ratios.add(Units.ratio(fireAndForget.ratioTo(run.autocommit())) + " plain autocommit INSERTs");
            }
            if (run.handBatcher() != null) {
                ratios.add(Units.ratio(fireAndForget.ratioTo(run.handBatcher())) + " a hand-written batcher");
            }
            if (run.bulk() != null) {
                ratios.add(Units.ratio(fireAndForget.ratioTo(run.bulk())) + " the bulk load");
            }
            if (!ratios.isEmpty()) {
                line.append(" = ").append(String.join(", ", ratios));
            }
            lines.add(line.toString());
            if (!Double.isNaN(fireAndForget.cpuMicrosPerRow())) {
                String cpu = "CPU per row written: " + cpuPerRow(fireAndForget) + " µs through Sluice";
                if (run.handBatcher() != null && !Double.isNaN(run.handBatcher().cpuMicrosPerRow())) {
                    cpu += String.format(java.util.Locale.ROOT, ", %s µs for the hand-written batcher (%.1f×)",
                            cpuPerRow(run.handBatcher()), fireAndForget.cpuMicrosPerRow() / run.handBatcher().cpuMicrosPerRow());
                }
                if (run.autocommit() != null && !Double.isNaN(run.autocommit().cpuMicrosPerRow())) {
                    cpu += ", " + cpuPerRow(run.autocommit()) + " µs for plain autocommit";
                }
                lines.add(cpu);
            }
        }
        List<Phase> waiting = waitingSteps(run);
        for (Phase step : waiting) {
            lines.add(String.format(java.util.Locale.ROOT,
                    "%s: %s rows/s, each INSERT acknowledged once written: p50 %s, p99 %s (busy timeout %d ms + p99 flush %s)",
                    step.name(), Units.rate(step.rowsPerSecond()), Units.millis(step.latency(50)), Units.millis(step.latency(99)),
                    run.busyTimeoutMillis(), Units.millis(flushP99Nanos(step))));
        }
        if (waiting.size() > 1) {
            StringBuilder growth = new StringBuilder("Waiting-clients throughput by step: ");
            for (int i = 0; i < waiting.size(); i++) {
                growth.append(i == 0 ? "" : " → ").append(waiting.get(i).clients()).append(": ")
                        .append(Units.rate(waiting.get(i).rowsPerSecond()));
            }
            lines.add(growth.append(" rows/s").toString());
        }
        Heap heap = run.heap();
        if (heap != null) {
            lines.add(String.format(java.util.Locale.ROOT,
                    "%s buffered entries: heap grew %s for %s of raw data = %.1f× raw, %s bytes per entry",
                    Units.count(heap.entries()), Units.bytes(heap.heapGrowth()), Units.bytes(heap.rawBytes()), heap.ratio(),
                    Units.count(heap.heapGrowth() / Math.max(1, heap.entries()))));
        }
        return lines;
    }

    /** One sentence that answers "what does Sluice buy me here?", or null when the run cannot say. */
    static String answer(Run run) {
        Phase fireAndForget = fireAndForget(run);
        if (fireAndForget == null || run.autocommit() == null) {
            Phase step = waitingSteps(run).isEmpty() ? null : waitingSteps(run).get(0);
            return step == null ? null : String.format(java.util.Locale.ROOT,
                    "With %s, Sluice wrote %s rows/s into %s, each acknowledged within %s (p99).", step.name(),
                    Units.rate(step.rowsPerSecond()), run.targetKind(), Units.millis(step.latency(99)));
        }
        String sentence = String.format(java.util.Locale.ROOT,
                "On this machine Sluice wrote single-row INSERTs into %s %s as fast as plain autocommit INSERTs", run.targetKind(),
                Units.ratio(fireAndForget.ratioTo(run.autocommit())).replace("×", " times"));
        if (run.handBatcher() != null) {
            sentence += String.format(java.util.Locale.ROOT, ", at %s the rate of a hand-written batcher",
                    Units.ratio(fireAndForget.ratioTo(run.handBatcher())));
        }
        if (run.bulk() != null) {
            sentence += String.format(java.util.Locale.ROOT, " and %s that of the bulk load", Units.ratio(fireAndForget.ratioTo(run.bulk())));
        }
        return sentence + ", without changing the application's INSERTs.";
    }

    private static Phase fireAndForget(Run run) {
        Phase phase = first(run, BenchOptions.Scenario.FIRE_AND_FORGET.label);
        return phase != null ? phase : firstWithoutLatencies(run);
    }

    static List<Phase> waitingSteps(Run run) {
        List<Phase> steps = new ArrayList<>();
        for (Phase phase : run.phases()) {
            if (phase.kind() == Kind.SLUICE && phase.hasLatencies()) {
                steps.add(phase);
            }
        }
        return steps;
    }

    private static Phase first(Run run, String scenario) {
        for (Phase phase : run.phases()) {
            if (phase.kind() == Kind.SLUICE && phase.scenario().equals(scenario)) {
                return phase;
            }
        }
        return null;
    }

    private static Phase firstWithoutLatencies(Run run) {
        for (Phase phase : run.phases()) {
            if (phase.kind() == Kind.SLUICE && !phase.hasLatencies()) {
                return phase;
            }
        }
        return null;
    }
}
