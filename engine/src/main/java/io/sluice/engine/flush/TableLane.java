package io.sluice.engine.flush;

import io.sluice.engine.insert.FlushJob;
import io.sluice.engine.insert.Lane;
import io.sluice.spi.StorageFeedback;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The flushes of one table, run one after another in the order their buffers were detached, on the
 * engine's shared flush pool. Different tables' lanes run in parallel. When flushes fall behind, the
 * jobs queued meanwhile are handed over together (up to {@link #GROUP_LIMIT}), so the engine can write
 * them in one transaction. Thread-safe.
 */
public final class TableLane implements Lane {
    /** The most queued flushes handed over at once. */
    static final int GROUP_LIMIT = 64;

    final String database;
    final String table;
    private final Executor pool;
    private final Consumer<List<FlushJob>> runner;
    private final ArrayDeque<FlushJob> jobs = new ArrayDeque<>();
    private boolean running;
    /** Jobs submitted and jobs finished since the lane was made; guarded by this. */
    private long submitted;
    private long finished;
    /** Callers of {@link #whenDrained}, each waiting for the jobs submitted before its call, oldest first. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    private record Waiter(long upTo, CompletableFuture<Void> future) {}
    private long lastFlushEndNanos = Long.MIN_VALUE;
    private long previousFlushEndNanos = Long.MIN_VALUE;
    private long lastFlushDurationNanos;
    private int consecutiveFailures;
    /**
     * Entries the table's previous flush released from a durable buffer: their release may not be on disk yet,
     * so the ledger keeps their ids a while longer. Written by the flush that runs the lane, read by the next one.
     */
    volatile long lastReleased;
    /** A snapshot read on every append without taking the lane's monitor. */
    private volatile StorageFeedback feedback = StorageFeedback.NONE;

    public TableLane(String database, String table, Executor pool, Consumer<List<FlushJob>> runner) {
        this.database = database;
        this.table = table;
        this.pool = pool;
        this.runner = runner;
    }

    @Override
    public synchronized void submit(FlushJob job) {
        jobs.add(job);
        submitted++;
        refreshFeedback();
        if (!running) {
            running = true;
            pool.execute(this::drain);
        }
    }

    /**
     * A future that completes once every job submitted before this call has run, however many are
     * submitted after it.
     */
    public synchronized CompletableFuture<Void> whenDrained() {
        if (finished == submitted) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(submitted, new CompletableFuture<>());
        waiters.add(waiter);
        return waiter.future();
    }

    /**
     * The leader/follower form of group commit (MySQL's binary log): a caller about to wait for this job
     * writes it itself when the lane is idle, sparing the hand-off to a flush thread and the wake-up back,
     * which cost more than a small commit. The caller takes the lane as its thread would, so flushes of a
     * table still run one at a time in order; jobs submitted meanwhile go to the pool afterwards.
     */
    @Override
    public boolean runHere(FlushJob job) {
        synchronized (this) {
            if (running) {
                return false;
            }
            running = true;
            submitted++;
            refreshFeedback();
        }
        run(List.of(job));
        synchronized (this) {
            if (jobs.isEmpty()) {
                running = false;
                return true;
            }
        }
        pool.execute(this::drain);
        return true;
    }

    private void drain() {
        while (true) {
            List<FlushJob> group = new ArrayList<>();
            synchronized (this) {
                while (group.size() < GROUP_LIMIT && !jobs.isEmpty()) {
                    group.add(jobs.poll());
                }
                refreshFeedback();
                if (group.isEmpty()) {
                    running = false;
                    return;
                }
            }
            run(group);
        }
    }

    private void run(List<FlushJob> group) {
        try {
            runner.accept(group);
        } catch (RuntimeException | Error e) {
            // The runner answers its clients itself; a lane must keep draining whatever happens.
            io.sluice.spi.log.LoggerFactory.getLogger(TableLane.class).error("Sluice flush of {}.{} failed", database, table, e);
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            finished += group.size();
            while (!waiters.isEmpty() && waiters.peekFirst().upTo() <= finished) {
                done.add(waiters.pollFirst().future());
            }
        }
        for (CompletableFuture<Void> future : done) {
            future.complete(null);
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

    @Override
    public StorageFeedback feedback() {
        return feedback;
    }

    private void refreshFeedback() {
        feedback = lastFlushEndNanos == Long.MIN_VALUE && consecutiveFailures == 0 && jobs.isEmpty()
                ? StorageFeedback.NONE
                : new StorageFeedback(lastFlushEndNanos, previousFlushEndNanos, lastFlushDurationNanos, consecutiveFailures, jobs.size());
    }
}
