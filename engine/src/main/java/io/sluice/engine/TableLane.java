package io.sluice.engine;

import io.sluice.spi.StorageFeedback;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The flushes of one table, run one after another in the order their buffers were detached, on the
 * engine's shared flush pool. Different tables' lanes run in parallel. Thread-safe.
 */
final class TableLane {
    /** A detached batch and the work that writes it. */
    interface Job {
        void run();
    }

    final String database;
    final String table;
    private final Executor pool;
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private boolean running;
    /** Completes when every job submitted so far has finished. */
    private CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);
    private long lastFlushEndNanos = Long.MIN_VALUE;
    private long previousFlushEndNanos = Long.MIN_VALUE;
    private long lastFlushDurationNanos;
    private int consecutiveFailures;
    /** A snapshot read on every append without taking the lane's monitor. */
    private volatile StorageFeedback feedback = StorageFeedback.NONE;

    TableLane(String database, String table, Executor pool) {
        this.database = database;
        this.table = table;
        this.pool = pool;
    }

    synchronized void submit(Job job) {
        jobs.add(job);
        refreshFeedback();
        if (!running) {
            running = true;
            drained = new CompletableFuture<>();
            pool.execute(this::drain);
        }
    }

    /** A future that completes once every job submitted before this call has run. */
    synchronized CompletableFuture<Void> whenDrained() {
        return drained;
    }

    private void drain() {
        while (true) {
            Job job;
            CompletableFuture<Void> done = null;
            synchronized (this) {
                job = jobs.poll();
                refreshFeedback();
                if (job == null) {
                    running = false;
                    done = drained;
                }
            }
            if (job == null) {
                done.complete(null);
                return;
            }
            job.run();
        }
    }

    synchronized void recordFlush(long endNanos, long durationNanos, boolean failed) {
        if (failed) {
            consecutiveFailures++;
        } else {
            consecutiveFailures = 0;
            previousFlushEndNanos = lastFlushEndNanos;
            lastFlushEndNanos = endNanos;
            lastFlushDurationNanos = durationNanos;
        }
        refreshFeedback();
    }

    StorageFeedback feedback() {
        return feedback;
    }

    private void refreshFeedback() {
        feedback = lastFlushEndNanos == Long.MIN_VALUE && consecutiveFailures == 0 && jobs.isEmpty()
                ? StorageFeedback.NONE
                : new StorageFeedback(lastFlushEndNanos, previousFlushEndNanos, lastFlushDurationNanos, consecutiveFailures, jobs.size());
    }
}
