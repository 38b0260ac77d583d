package io.sluice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The same application work timed through the plain URL and through the Sluice URL in one run, appended
 * to {@code target/framework-ratios.tsv}: framework, target, mode, rows, seconds of each, and the ratio of
 * their throughputs. Figures only; no test asserts on time.
 */
public final class Ratios {
    private static final Path FILE = Path.of("target", "framework-ratios.tsv");

    private Ratios() {}

    /** Runs {@code work} and returns its elapsed seconds. */
    public static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The median of some timings: one cold or disturbed run does not decide the figure. */
    public static double median(double... seconds) {
        double[] sorted = seconds.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static synchronized void record(String framework, Target target, String mode, long rows, double plainSeconds,
            double sluiceSeconds) {
        String line = String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%.3f\t%.3f\t%.2f%n", framework,
                target.name().toLowerCase(Locale.ROOT), mode, rows, plainSeconds, sluiceSeconds, plainSeconds / sluiceSeconds);
        try {
            Files.createDirectories(FILE.getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "framework\ttarget\tmode\trows\tplain_s\tsluice_s\tsluice_speedup\n", StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(line);
    }

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }
}
