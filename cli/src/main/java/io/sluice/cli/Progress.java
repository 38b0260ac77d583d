package io.sluice.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A live progress bar on one terminal line: every 200 ms it rewrites the line (carriage return) with a bar,
 * the percentage done, the rows so far and the rate since {@link #start}. It is meant for stderr and only
 * when stderr is a terminal; {@link #disabled()} shows nothing. {@link #close()} stops it and blanks the
 * line; calling it again does nothing.
 */
final class Progress implements AutoCloseable {
    private static final long PERIOD_MILLIS = 200;
    static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private volatile String label;
    private final LongSupplier rows;
    private final DoubleSupplier fraction;
    private final ScheduledExecutorService timer;
    private long startNanos;
    private int lastWidth;
    private boolean closed;

    private Progress(PrintStream out, String label, LongSupplier rows, DoubleSupplier fraction) {
        this.out = out;
        this.label = label;
        this.rows = rows;
        this.fraction = fraction;
        this.timer = out == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-bench-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A progress bar that shows nothing. */
    static Progress disabled() {
        Progress progress = new Progress(null, "", () -> 0, () -> 0);
        progress.closed = true;
        return progress;
    }

    /**
     * Starts showing progress on {@code out} now; the rate counts from this moment.
     *
     * @param fraction the part done, 0 to 1 (NaN when unknown: the bar then shows no percentage)
     */
    static Progress start(PrintStream out, String label, LongSupplier rows, DoubleSupplier fraction) {
        Progress progress = new Progress(out, label, rows, fraction);
        progress.startNanos = System.nanoTime();
        progress.timer.scheduleAtFixedRate(progress::show, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return progress;
    }

    /** The line shown for the given state (without the carriage return). */
    static String line(String label, double fraction, long rows, double seconds) {
        StringBuilder line = new StringBuilder("  ").append(label).append(' ');
        if (Double.isNaN(fraction)) {
            line.append('[').append(" ".repeat(BAR_WIDTH)).append("]     ");
        } else {
            double done = Math.max(0, Math.min(1, fraction));
            int filled = (int) Math.floor(done * BAR_WIDTH);
            line.append('[').append("=".repeat(filled));
            if (filled < BAR_WIDTH) {
                line.append('>').append(" ".repeat(BAR_WIDTH - filled - 1));
            }
            line.append(']').append(String.format(Locale.ROOT, " %3.0f%%", done * 100));
        }
        line.append(String.format(Locale.ROOT, " %,11d rows %,10.0f rows/s %6.1f s", rows,
                seconds > 0 ? rows / seconds : 0.0, seconds));
        return line.toString();
    }

    /** Shows {@code label} from now on, e.g. to say what the run waits for once every row is sent. */
    void relabel(String label) {
        this.label = label;
    }

    private synchronized void show() {
        if (closed) {
            return;
        }
        String line = line(label, fraction.getAsDouble(), rows.getAsLong(), (System.nanoTime() - startNanos) / 1e9);
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        if (lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
    }
}
