package io.sluice.cli;

import io.sluice.cli.BenchResults.Heap;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary of a run as rows of text (for the terminal table and the HTML report alike) and the headline
 * lines that compare it with the goals of DESIGN §8. Stateless.
 */
final class Summary {
    static final double GOAL_AUTOCOMMIT_RATIO = 30;
    static final double GOAL_BULK_RATIO = 0.5;
    static final double GOAL_STATEMENTS_PER_SECOND = 100_000;
    static final double GOAL_HEAP_RATIO = 2;

    static final List<String> HEADERS = List.of("scenario", "phase", "clients", "rows", "seconds", "rows/s",
            "× autocommit", "× bulk", "flushes", "rows/flush", "ack p50", "ack p99", "CPU µs/row");
    static final boolean[] RIGHT_ALIGNED = {false, false, true, true, true, true, true, true, true, true, true, true, true};

    private Summary() {}

    /** A headline: its text, and whether it meets its goal ({@code null}: no goal). */
    record Headline(String text, Boolean met) {
        String mark() {
            return met == null ? "" : met ? "  [goal met]" : "  [goal MISSED]";
        }
    }

    static List<List<String>> rows(Run run) {
        List<List<String>> rows = new ArrayList<>();
        for (Phase phase : run.phases()) {
            boolean sluice = phase.kind() == Kind.SLUICE;
            rows.add(List.of(phase.scenario(), phase.name(), Integer.toString(phase.clients()), Units.count(phase.rows()),
                    String.format(java.util.Locale.ROOT, "%.2f", phase.nanos() / 1e9), Units.rate(phase.rowsPerSecond()),
                    phase.kind() == Kind.AUTOCOMMIT ? "1×" : Units.ratio(phase.ratioTo(run.autocommit())),
                    phase.kind() == Kind.BULK ? "1×" : Units.ratio(phase.ratioTo(run.bulk())),
                    sluice && phase.counters() != null ? Units.count(phase.counters().flushes()) : "-",
                    sluice ? rowsPerFlush(phase) : "-",
                    phase.hasLatencies() ? Units.millis(phase.latency(50)) : "-",
                    phase.hasLatencies() ? Units.millis(phase.latency(99)) : "-",
                    cpuPerRow(phase)));
        }
        return rows;
    }

    static String cpuPerRow(Phase phase) {
        double micros = phase.cpuMicrosPerRow();
        return Double.isNaN(micros) ? "-" : String.format(java.util.Locale.ROOT, micros < 10 ? "%.2f" : "%.1f", micros);
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

    /** Whether a waiting step's p99 acknowledgement latency is within {@link #latencyBoundNanos}. */
    static boolean withinBound(Run run, Phase step) {
        return step.latency(99) <= latencyBoundNanos(run, step);
    }

    static List<Headline> headlines(Run run) {
        List<Headline> lines = new ArrayList<>();
        Phase fireAndForget = first(run, BenchOptions.Scenario.FIRE_AND_FORGET.label);
        if (fireAndForget == null) {
            fireAndForget = firstWithoutLatencies(run);
        }
        if (fireAndForget != null && run.autocommit() != null) {
            String into = " into " + run.targetKind();
            lines.add(new Headline(String.format(java.util.Locale.ROOT, "Fire-and-forget (%s): %s single-row INSERTs/s%s, "
                    + "sustained until written (goal: at least 100,000/s into SQLite)", fireAndForget.name(),
                    Units.rate(fireAndForget.rowsPerSecond()), into),
                    run.targetKind().equals("SQLite") ? fireAndForget.rowsPerSecond() >= GOAL_STATEMENTS_PER_SECOND : null));
            double autocommit = fireAndForget.ratioTo(run.autocommit());
            lines.add(new Headline("Fire-and-forget vs plain autocommit INSERTs: " + Units.ratio(autocommit)
                    + " (goal: at least 30×)", autocommit >= GOAL_AUTOCOMMIT_RATIO));
            if (run.bulk() != null) {
                double bulk = fireAndForget.ratioTo(run.bulk());
                lines.add(new Headline("Fire-and-forget vs plain bulk load (" + run.bulk().note() + "): " + Units.ratio(bulk)
                        + " (goal: at least 0.5×)", bulk >= GOAL_BULK_RATIO));
            }
        }
        List<Phase> waiting = waitingSteps(run);
        for (Phase step : waiting) {
            lines.add(new Headline(String.format(java.util.Locale.ROOT,
                    "%s: %s rows/s, ack p99 %s (bound: busy timeout %d ms + p99 flush %s = %s)",
                    step.name(), Units.rate(step.rowsPerSecond()), Units.millis(step.latency(99)),
                    run.busyTimeoutMillis(), Units.millis(flushP99Nanos(step)), Units.millis(latencyBoundNanos(run, step))),
                    withinBound(run, step)));
        }
        if (waiting.size() > 1) {
            StringBuilder growth = new StringBuilder("Waiting-clients throughput by step: ");
            boolean grows = true;
            for (int i = 0; i < waiting.size(); i++) {
                growth.append(i == 0 ? "" : " → ").append(waiting.get(i).clients()).append(": ")
                        .append(Units.rate(waiting.get(i).rowsPerSecond()));
                if (i > 0 && waiting.get(i).rowsPerSecond() < waiting.get(i - 1).rowsPerSecond()) {
                    grows = false;
                }
            }
            lines.add(new Headline(growth.append(" rows/s").append(grows ? " (grows with every step)" : " (falls at some step)")
                    .toString(), null));
        }
        Heap heap = run.heap();
        if (heap != null) {
            lines.add(new Headline(String.format(java.util.Locale.ROOT,
                    "%s buffered entries: heap grew %s for %s of raw data = %.1f× raw, %s bytes per entry (goal: at most about 2×)",
                    Units.count(heap.entries()), Units.bytes(heap.heapGrowth()), Units.bytes(heap.rawBytes()), heap.ratio(),
                    Units.count(heap.heapGrowth() / Math.max(1, heap.entries()))), heap.ratio() <= GOAL_HEAP_RATIO));
        }
        return lines;
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
