package io.sluice.cli;

import io.sluice.cli.BenchResults.Phase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What every phase of one {@code sluice bench} run works with: the options, the target, the output, the
 * progress bar, where a measured phase is recorded, and the row-count checks whose failures fail the run.
 * Not thread-safe: only the thread that runs the phases uses it.
 */
final class BenchContext {
    private final BenchOptions options;
    private final BenchTarget target;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean showProgress;
    private final Consumer<Phase> recorder;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param showProgress whether each phase shows a progress bar on {@code err}
     * @param recorder takes each measured phase as it ends
     */
    BenchContext(BenchOptions options, BenchTarget target, PrintStream out, PrintStream err, boolean showProgress,
            Consumer<Phase> recorder) {
        this.options = options;
        this.target = target;
        this.out = out;
        this.err = err;
        this.showProgress = showProgress;
        this.recorder = recorder;
    }

    BenchOptions options() {
        return options;
    }

    BenchTarget target() {
        return target;
    }

    /** Where the phases' lines and the summary go. */
    PrintStream out() {
        return out;
    }

    /** A phase's progress bar on {@code err}, or one that shows nothing when the bar is off. */
    Progress progress(String label, LongSupplier rows, DoubleSupplier fraction) {
        return showProgress ? Progress.start(err, label, rows, fraction) : Progress.disabled();
    }

    /** Prints the phase's line and keeps it for the summary and the report. */
    void record(Phase phase) {
        recorder.accept(phase);
    }

    /**
     * Fails the run when {@code table} does not hold the {@code expected} rows, and says so on {@code err} at
     * once (and again at the run's end).
     */
    void verifyCount(Connection connection, String phase, String table, long expected) throws SQLException {
        long actual = target.count(connection, table);
        if (actual != expected) {
            String failure = String.format(Locale.ROOT, "%s: the table %s holds %,d rows, but %,d were sent", phase, table,
                    actual, expected);
            failures.add(failure);
            err.println("FAILED: " + failure);
        }
    }

    /** Fails the run; {@code failure} is said at its end. */
    void fail(String failure) {
        failures.add(failure);
    }

    /** Why the run failed so far: empty while every check passed. */
    List<String> failures() {
        return List.copyOf(failures);
    }
}
