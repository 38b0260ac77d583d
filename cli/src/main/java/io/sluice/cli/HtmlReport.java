package io.sluice.cli;

import io.sluice.cli.BenchResults.ClassBytes;
import io.sluice.cli.BenchResults.Heap;
import io.sluice.cli.BenchResults.Kind;
import io.sluice.cli.BenchResults.Phase;
import io.sluice.cli.BenchResults.Run;
import io.sluice.cli.BenchResults.Sample;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of a run: one self-contained file (inline CSS, charts as inline SVG, no scripts and no
 * external references) that is also well-formed XML. It holds the machine, the headline ratios, the
 * summary table, the rates against both baselines, and per phase the throughput over time, the buffered
 * bytes over time and the rows per flush; for waiting clients the latency percentiles per step and each
 * step's latency histogram; and the heap measurement. Stateless.
 */
final class HtmlReport {
    private static final int HISTOGRAM_BINS = 30;

    private HtmlReport() {}

    /** A chart: a file-name-friendly name and its SVG. */
    record Chart(String slug, String title, String svg) {}

    /** A part of the report: a heading, a paragraph of explanation, and its charts. */
    private record Section(String heading, String text, List<Chart> charts) {}

    static String render(Run run) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Sluice bench, ")
                .append(Svg.escape(run.targetKind())).append(", ").append(Svg.escape(started(run))).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; margin: 2em auto; max-width: 1440px; color: #111827; padding: 0 1em; }\n")
                .append("table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px; }\n")
                .append("th, td { border: 1px solid #d1d5db; padding: 3px 8px; }\n")
                .append("th { background: #f3f4f6; text-align: left; }\n")
                .append("td.n { text-align: right; font-variant-numeric: tabular-nums; }\n")
                .append(".charts { display: flex; flex-wrap: wrap; gap: 12px; }\n")
                .append(".charts svg { border: 1px solid #e5e7eb; }\n")
                .append("p.answer { font-size: 1.2em; font-weight: 600; }\n")
                .append("li.failure { color: #991b1b; }\n")
                .append("code { background: #f3f4f6; padding: 1px 4px; }\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Sluice bench</h1>\n");
        String answer = Summary.answer(run);
        if (answer != null) {
            html.append("<p class=\"answer\">").append(Svg.escape(answer)).append("</p>\n");
        }
        html.append("<p>").append(Svg.escape(started(run))).append(" · ").append(String.format(Locale.ROOT, "%.0f s", run.seconds()))
                .append(" · <code>").append(Svg.escape(run.command())).append("</code></p>\n");
        html.append("<table class=\"machine\">\n");
        row(html, "target", run.target() + " (" + run.targetKind() + "), buffer " + run.buffer());
        row(html, "processors", Integer.toString(run.machine().processors()));
        row(html, "CPU", run.machine().cpuModel());
        row(html, "memory", run.machine().memoryBytes() > 0 ? Units.bytes(run.machine().memoryBytes()) : "?");
        row(html, "JDK", run.machine().jdk());
        row(html, "OS", run.machine().os());
        row(html, "load average", String.format(Locale.ROOT, "%.2f at the start, %.2f at the end", run.machine().loadAverage(),
                run.loadAfter()));
        html.append("</table>\n");

        html.append("<h2>In short</h2>\n<ul class=\"headlines\">\n");
        for (String headline : Summary.headlines(run)) {
            html.append("<li>").append(Svg.escape(headline)).append("</li>\n");
        }
        html.append("</ul>\n");
        if (!run.failures().isEmpty()) {
            html.append("<h2>Failures</h2>\n<ul>\n");
            for (String failure : run.failures()) {
                html.append("<li class=\"failure\">").append(Svg.escape(failure)).append("</li>\n");
            }
            html.append("</ul>\n");
        }

        html.append("<h2>Summary</h2>\n");
        table(html, Summary.HEADERS, Summary.rows(run), Summary.RIGHT_ALIGNED);
        html.append("<p>Ratios are rows per second against the baselines measured in the same run: plain single-row "
                + "autocommit INSERTs through the target's own driver, a hand-written batcher"
                + (run.handBatcher() == null ? "" : " (" + Svg.escape(run.handBatcher().note()) + ")")
                + ", and the target's best bulk load of the same rows"
                + (run.bulk() == null ? "" : " (" + Svg.escape(run.bulk().note()) + ")")
                + ". Fire-and-forget phases are timed until every row is written. CPU µs/row is the whole process's CPU"
                + " time during the phase over its rows, the JIT compiler's included; JIT ms is how long the JIT compiled"
                + " during the phase.</p>\n");

        for (Section section : sections(run)) {
            html.append("<h2>").append(Svg.escape(section.heading())).append("</h2>\n");
            if (!section.text().isEmpty()) {
                html.append(section.text()).append('\n');
            }
            html.append("<div class=\"charts\">\n");
            for (Chart chart : section.charts()) {
                html.append(chart.svg());
            }
            html.append("</div>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** Every chart of the report, for saving as separate SVG files. */
    static List<Chart> charts(Run run) {
        List<Chart> charts = new ArrayList<>();
        for (Section section : sections(run)) {
            charts.addAll(section.charts());
        }
        return charts;
    }

    private static List<Section> sections(Run run) {
        List<Section> sections = new ArrayList<>();
        List<Phase> rated = new ArrayList<>();
        for (Phase phase : run.phases()) {
            if (phase.rows() > 0) {
                rated.add(phase);
            }
        }
        if (!rated.isEmpty()) {
            List<Svg.Bar> bars = new ArrayList<>();
            for (Phase phase : rated) {
                String note = switch (phase.kind()) {
                    case SLUICE -> Units.ratio(phase.ratioTo(run.autocommit())) + " autocommit, "
                            + Units.ratio(phase.ratioTo(run.handBatcher())) + " hand batcher, " + Units.ratio(phase.ratioTo(run.bulk())) + " bulk";
                    case AUTOCOMMIT -> "baseline";
                    case BULK -> "baseline (bulk)";
                    case HAND_BATCHER -> "baseline (hand-written batcher)";
                };
                bars.add(new Svg.Bar(shortName(phase), phase.rowsPerSecond(), note,
                        phase.kind() == Kind.AUTOCOMMIT ? 1 : phase.kind() == Kind.BULK ? 2 : phase.kind() == Kind.HAND_BATCHER ? 3 : 0));
            }
            sections.add(new Section("Rows per second against the baselines", "",
                    List.of(new Chart("rates", "Rows per second", Svg.horizontalBars("Rows per second, each phase (linear scale)", "rows/s", bars, false)))));
        }
        for (Phase phase : run.phases()) {
            if (phase.kind() != Kind.SLUICE || phase.hasLatencies()) {
                continue;
            }
            sections.add(new Section(phase.name().startsWith(phase.scenario()) ? phase.name() : phase.scenario() + ": " + phase.name(), "<p>" + Svg.escape(String.format(Locale.ROOT,
                    "%s rows in %.2f s = %s rows/s, %s flushes, %s rows per flush.", Units.count(phase.rows()), phase.nanos() / 1e9,
                    Units.rate(phase.rowsPerSecond()), phase.counters() == null ? "?" : Units.count(phase.counters().flushes()),
                    Summary.rowsPerFlush(phase))) + "</p>", phaseCharts(phase, slug(phase))));
        }
        List<Phase> steps = Summary.waitingSteps(run);
        if (!steps.isEmpty()) {
            sections.add(waitingSection(run, steps));
        }
        if (run.heap() != null) {
            sections.add(heapSection(run.heap()));
        }
        return sections;
    }

    /**
     * The samples with any reading taken less than half a period after the one before it merged into that
     * one (the last reading is taken when the phase ends, often just after a periodic one): a rate over a
     * sliver of time would spike.
     */
    static List<Sample> evenlySpaced(List<Sample> samples) {
        double minimum = Sampler.PERIOD_MILLIS / 2000.0;
        List<Sample> kept = new ArrayList<>();
        for (Sample sample : samples) {
            double last = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).seconds();
            if (!kept.isEmpty() && sample.seconds() - last < minimum) {
                kept.set(kept.size() - 1, sample);
            } else {
                kept.add(sample);
            }
        }
        return kept;
    }

    private static List<Chart> phaseCharts(Phase phase, String slug) {
        List<Chart> charts = new ArrayList<>();
        List<Sample> samples = evenlySpaced(phase.samples());
        double[] time = new double[samples.size()];
        double[] sent = new double[samples.size()];
        double[] written = new double[samples.size()];
        double[] queue = new double[samples.size()];
        double[] buffered = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            time[i] = sample.seconds();
            double previousTime = i == 0 ? 0 : samples.get(i - 1).seconds();
            double elapsed = sample.seconds() - previousTime;
            long previousSent = i == 0 ? 0 : samples.get(i - 1).sent();
            long previousWritten = i == 0 ? 0 : samples.get(i - 1).written();
            sent[i] = elapsed > 0 ? (sample.sent() - previousSent) / elapsed : Double.NaN;
            written[i] = elapsed > 0 && sample.written() >= 0 && previousWritten >= 0
                    ? (sample.written() - previousWritten) / elapsed : Double.NaN;
            queue[i] = sample.queueBytes() >= 0 ? sample.queueBytes() : Double.NaN;
            buffered[i] = sample.bufferedBytes() >= 0 ? sample.bufferedBytes() : Double.NaN;
        }
        String name = shortName(phase);
        charts.add(new Chart(slug + "-throughput", "Throughput over time", Svg.lineChart("Throughput over time: " + name,
                "seconds since the phase started", "rows/s", List.of(new Svg.Series(phase.hasLatencies()
                        ? "acknowledged" : "sent by clients", time, sent), new Svg.Series("written by Sluice", time, written)), null)));
        charts.add(new Chart(slug + "-buffered", "Buffered bytes over time", Svg.lineChart("Buffered bytes over time: " + name,
                "seconds since the phase started", "bytes", List.of(new Svg.Series("in open buffers", time, queue),
                        new Svg.Series("buffered or being flushed", time, buffered)), null)));
        if (phase.flushes() != null && phase.flushes().count() > 0) {
            long[] rows = phase.flushes().rows();
            long width = Percentiles.niceWidth(rows[rows.length - 1] + 1, HISTOGRAM_BINS);
            int bins = (int) Math.min(HISTOGRAM_BINS, rows[rows.length - 1] / width + 1);
            charts.add(new Chart(slug + "-rows-per-flush", "Rows per flush", Svg.histogram(String.format(Locale.ROOT,
                    "Rows per flush: %s (%s flushes, median %s)", name, Units.count(rows.length), Units.count(Percentiles.of(rows, 50))),
                    "rows in one flush (system.part_log)", "", Percentiles.linearBins(rows, width, bins), width)));
        }
        return charts;
    }

    private static Section waitingSection(Run run, List<Phase> steps) {
        StringBuilder text = new StringBuilder();
        text.append("<p>Each client has its own connection and sends single-row INSERTs with <code>wait_for_async_insert=1</code>, ")
                .append("one after the other, for the step's duration. An acknowledgement waits at most about the busy timeout (")
                .append(run.busyTimeoutMillis()).append(" ms) plus the flush's duration: the last column adds the step's p99 flush duration (each flush from its start to its commit, from <code>system.query_log</code>).</p>\n");
        List<List<String>> rows = new ArrayList<>();
        String[] categories = new String[steps.size()];
        double[] index = new double[steps.size()];
        double[] p50 = new double[steps.size()];
        double[] p90 = new double[steps.size()];
        double[] p99 = new double[steps.size()];
        double[] rate = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Phase step = steps.get(i);
            rows.add(List.of(Integer.toString(step.clients()), Units.count(step.rows()), Units.rate(step.rowsPerSecond()),
                    Units.millis(step.latency(50)), Units.millis(step.latency(90)),
                    Units.millis(step.latency(99)), Units.millis(step.latency(100)),
                    step.flushes() == null || step.flushes().count() == 0 ? "-" : Units.count(step.flushes().count()),
                    Summary.rowsPerFlush(step),
                    step.flushes() == null || step.flushes().count() == 0 ? "-"
                            : Units.millis(Summary.flushP99Nanos(step)),
                    Units.millis(Summary.latencyBoundNanos(run, step))));
            categories[i] = Integer.toString(step.clients());
            index[i] = i;
            p50[i] = step.latency(50) / 1e6;
            p90[i] = step.latency(90) / 1e6;
            p99[i] = step.latency(99) / 1e6;
            rate[i] = step.rowsPerSecond();
        }
        StringBuilder table = new StringBuilder();
        table(table, List.of("clients", "acknowledged", "rows/s", "p50", "p90", "p99", "max", "flushes", "rows/flush",
                "flush p99", "busy timeout + flush p99"), rows,
                new boolean[] {true, true, true, true, true, true, true, true, true, true, true});
        text.append(table);
        List<Chart> charts = new ArrayList<>();
        charts.add(new Chart("waiting-latency", "Acknowledgement latency by clients", Svg.lineChart(
                "Acknowledgement latency by concurrent clients", "waiting clients", "ms",
                List.of(new Svg.Series("p50", index, p50), new Svg.Series("p90", index, p90), new Svg.Series("p99", index, p99)),
                categories)));
        charts.add(new Chart("waiting-throughput", "Throughput by clients", Svg.lineChart("Acknowledged rows per second by concurrent clients",
                "waiting clients", "rows/s", List.of(new Svg.Series("rows/s", index, rate)), categories)));
        for (Phase step : steps) {
            long top = Math.max(1, step.latency(99.9));
            long width = Percentiles.niceWidth(top / 1_000_000 + 1, HISTOGRAM_BINS) * 1_000_000;
            int bins = (int) Math.min(HISTOGRAM_BINS, top / width + 2);
            charts.add(new Chart("waiting-" + step.clients() + "-latency-histogram", "Latency histogram",
                    Svg.histogram(String.format(Locale.ROOT, "Ack latency, %s (p50 %s, p99 %s)", step.name(),
                            Units.millis(step.latency(50)), Units.millis(step.latency(99))),
                            "acknowledgement latency (ms)", " ms", Percentiles.linearBins(step.latencies(), width, bins), width / 1e6)));
        }
        Phase largest = steps.get(steps.size() - 1);
        charts.addAll(phaseCharts(largest, "waiting-" + largest.clients()));
        return new Section("Waiting clients", text.toString(), charts);
    }

    private static Section heapSection(Heap heap) {
        StringBuilder text = new StringBuilder();
        text.append("<p>").append(Svg.escape(Units.count(heap.entries()))).append(" single-row INSERTs buffered with a huge busy ")
                .append("timeout, then heap used measured through <code>MemoryMXBean</code> after <code>System.gc()</code>, before and ")
                .append("after. Raw size: the entries' inline data as Sluice counts bytes.</p>\n");
        table(text, List.of("entries", "raw bytes", "AsynchronousInsertQueueBytes", "heap before", "heap after", "growth",
                "growth / raw", "bytes per entry", "flush afterwards"), List.of(List.of(Units.count(heap.entries()),
                Units.bytes(heap.rawBytes()), Units.bytes(heap.queueBytes()), Units.bytes(heap.heapBefore()),
                Units.bytes(heap.heapAfter()), Units.bytes(heap.heapGrowth()), String.format(Locale.ROOT, "%.2f×", heap.ratio()),
                Units.count(heap.heapGrowth() / Math.max(1, heap.entries())),
                String.format(Locale.ROOT, "%s rows in %.2f s", Units.count(heap.rowsWritten()), heap.flushNanos() / 1e9))),
                new boolean[] {true, true, true, true, true, true, true, true, true});
        if (!heap.topClasses().isEmpty()) {
            text.append("<p>Classes whose heap use grew most (class histogram after minus before):</p>\n");
            List<List<String>> rows = new ArrayList<>();
            for (ClassBytes bytes : heap.topClasses()) {
                rows.add(List.of(bytes.name(), Units.count(bytes.instances()), Units.bytes(bytes.bytes()),
                        String.format(Locale.ROOT, "%.1f", (double) bytes.bytes() / Math.max(1, heap.entries()))));
            }
            table(text, List.of("class", "instances", "bytes", "bytes per entry"), rows, new boolean[] {false, true, true, true});
        }
        return new Section("Heap with buffered entries", text.toString(), List.of());
    }

    // ---- pieces

    static String slug(Phase phase) {
        String text = (phase.scenario() + "-" + phase.name()).toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                slug.append(c);
            } else if (slug.length() > 0 && slug.charAt(slug.length() - 1) != '-') {
                slug.append('-');
            }
        }
        while (slug.length() > 0 && slug.charAt(slug.length() - 1) == '-') {
            slug.setLength(slug.length() - 1);
        }
        return slug.toString();
    }

    private static String shortName(Phase phase) {
        return phase.kind() == Kind.SLUICE ? phase.name() : phase.name().replace("plain JDBC, ", "plain ");
    }

    private static String started(Run run) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).format(run.started().atOffset(ZoneOffset.UTC));
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(Svg.escape(name)).append("</th><td>").append(Svg.escape(value)).append("</td></tr>\n");
    }

    private static void table(StringBuilder html, List<String> headers, List<List<String>> rows, boolean[] rightAligned) {
        html.append("<table>\n<tr>");
        for (String header : headers) {
            html.append("<th>").append(Svg.escape(header)).append("</th>");
        }
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append(rightAligned[i] ? "<td class=\"n\">" : "<td>").append(Svg.escape(row.get(i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }
}
