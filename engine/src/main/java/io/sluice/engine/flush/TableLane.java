package io.sluice.engine.flush;

import io.sluice.engine.insert.FlushJob;
import io.sluice.engine.insert.Lane;
import io.sluice.spi.Clock;
import io.sluice.spi.StorageFeedback;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The flushes of one table, on the engine's shared flush pool: up to {@code slots} at once, each started in the
 * order its buffer was detached. A storage with one writer (SQLite) gets one slot, so its flushes run one after
 * another; a storage that writes through a pool of connections (PostgreSQL, MariaDB) gets several, so that the
 * table's flushes overlap as the plain driver's autocommit INSERTs would on as many connections, and the server
 * groups their commits. Different tables' lanes run in parallel. When every slot is busy, the jobs queued
 * meanwhile are handed over together (up to {@link #GROUP_LIMIT}), so the engine can write them in one
 * transaction. Flushes that overlap may commit in any order, as ClickHouse's asynchronous-insert flushes do.
 * Thread-safe.
 */
public final class TableLane implements Lane {
    /** The most queued flushes handed over at once. */
    static final int GROUP_LIMIT = 64;
    /**
     * How many times the table's last flush a running flush must take before a waiting caller's batch starts beside
     * it ({@link #takesAnotherFlush}). A flush's own work is mostly CPU (parse, log, answer): splitting a table's
     * callers into several small flushes at once costs more than it saves while flushes take their usual time (on the
     * 2-core reference machine, jOOQ from 8 threads on PostgreSQL, 1.6 to 4.4 rows a flush instead of 6.5, and about
     * 0.4 to 0.75 times plain autocommit against 0.6 to 1.0), and a loaded machine makes a flush take a few times its
     * usual time now and then; but a flush stalled on the database must not hold the table's other callers back.
     */
    static final int STALL_FACTOR = 8;

    final String database;
    final String table;
    private final Executor pool;
    private final Consumer<List<FlushJob>> runner;
    /** The most flushes of the table that run at once; at least 1. */
    private final int slots;
    /** The engine's clock: when the newest running flush started. */
    private final Clock clock;
    /** When the most recently started flush of the table started; written holding this, read without. */
    private volatile long newestStartNanos;
    private final ArrayDeque<Queued> jobs = new ArrayDeque<>();
    /** Flushes running now (on flush threads or on leading callers' threads); written holding this, read without. */
    private volatile int running;
    /** Tickets handed out since the lane was made, one per job; guarded by this. */
    private long submitted;
    /**
     * The tickets of the jobs queued or running. Flushes that overlap finish in any order, so a count of finished
     * jobs would not tell which ones are done; guarded by this.
     */
    private final TreeSet<Long> unfinished = new TreeSet<>();
    /** Callers of {@link #whenDrained}, each waiting for the jobs submitted before its call, oldest first. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /**
     * How many durable-buffer entries each of the table's last {@code slots} flushes released (a ring): their
     * release may not be on disk yet, so the ledger keeps their ids a while longer. Guarded by this.
     */
    private final long[] released;
    private int releasedNext;

    private record Queued(FlushJob job, long ticket) {}

    private record Waiter(long upTo, CompletableFuture<Void> future) {}
    private long lastFlushEndNanos = Long.MIN_VALUE;
    private long previousFlushEndNanos = Long.MIN_VALUE;
    private long lastFlushDurationNanos;
    private int consecutiveFailures;
    /** A snapshot read on every append without taking the lane's monitor. */
    private volatile StorageFeedback feedback = StorageFeedback.NONE;

    /** A lane whose flushes run one at a time. */
    public TableLane(String database, String table, Executor pool, Consumer<List<FlushJob>> runner) {
        this(database, table, pool, runner, 1, Clock.system());
    }

    /**
     * @param slots the most flushes of the table that run at once (at least 1)
     * @param clock the engine's clock, which times a running flush against the table's last one
     */
    public TableLane(String database, String table, Executor pool, Consumer<List<FlushJob>> runner, int slots, Clock clock) {
        if (slots < 1) {
            throw new IllegalArgumentException("A lane runs at least one flush at a time: " + slots);
        }
        this.database = database;
        this.table = table;
        this.pool = pool;
        this.runner = runner;
        this.slots = slots;
        this.clock = clock;
        this.released = new long[slots];
    }

    @Override
    public synchronized void submit(FlushJob job) {
        long ticket = submitted++;
        jobs.add(new Queued(job, ticket));
        unfinished.add(ticket);
        refreshFeedback();
        if (running < slots) {
            running++;
            pool.execute(this::drain);
        }
    }

    /**
     * A future that completes once every job submitted before this call has run, however many are
     * submitted after it.
     */
    public synchronized CompletableFuture<Void> whenDrained() {
        if (drainedUpTo(submitted)) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(submitted, new CompletableFuture<>());
        waiters.add(waiter);
        return waiter.future();
    }

    /** Whether every job with a ticket below {@code upTo} has finished; call holding this. */
    private boolean drainedUpTo(long upTo) {
        return unfinished.isEmpty() || unfinished.first() >= upTo;
    }

    /**
     * The leader/follower form of group commit (MySQL's binary log): a caller about to wait for this job
     * writes it itself when one of the lane's slots is free, sparing the hand-off to a flush thread and the
     * wake-up back, which cost more than a small commit. The caller takes the slot as a flush thread would, so
     * at most {@code slots} flushes of the table run at once; when the lane has more slots, callers that arrive
     * while it flushes lead flushes of their own beside it. Jobs queued while every slot was busy go to the pool
     * afterwards.
     */
    @Override
    public boolean runHere(FlushJob job) {
        long ticket;
        synchronized (this) {
            if (running >= slots) {
                return false;
            }
            running++;
            started();
            ticket = submitted++;
            unfinished.add(ticket);
            refreshFeedback();
        }
        run(List.of(job), new long[] {ticket});
        synchronized (this) {
            if (jobs.isEmpty()) {
                running--;
                return true;
            }
        }
        // The slot stays taken: the pool's thread drains what queued meanwhile.
        pool.execute(this::drain);
        return true;
    }

    private void drain() {
        while (true) {
            List<FlushJob> group;
            long[] tickets;
            synchronized (this) {
                if (jobs.isEmpty()) {
                    running--;
                    refreshFeedback();
                    return;
                }
                group = new ArrayList<>(Math.min(GROUP_LIMIT, jobs.size()));
                tickets = new long[Math.min(GROUP_LIMIT, jobs.size())];
                while (group.size() < tickets.length) {
                    Queued queued = jobs.poll();
                    tickets[group.size()] = queued.ticket();
                    group.add(queued.job());
                }
                started();
                refreshFeedback();
            }
            run(group, tickets);
        }
    }

    /** Runs a group of jobs, {@code tickets} theirs. */
    private void run(List<FlushJob> group, long[] tickets) {
        try {
            runner.accept(group);
        } catch (RuntimeException | Error e) {
            // The runner answers its clients itself; a lane must keep draining whatever happens.
            io.sluice.spi.log.LoggerFactory.getLogger(TableLane.class).error("Sluice flush of {}.{} failed", database, table, e);
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            for (long ticket : tickets) {
                unfinished.remove(ticket);
            }
            while (!waiters.isEmpty() && drainedUpTo(waiters.peekFirst().upTo())) {
                done.add(waiters.pollFirst().future());
            }
        }
        for (CompletableFuture<Void> future : done) {
            future.complete(null);
        }
    }

    /** A flush starts now; call holding this. Only a lane of several slots reads the time. */
    private void started() {
        if (slots > 1) {
            newestStartNanos = clock.nanoTime();
        }
    }

    /**
     * Whether a waiting caller's batch should start beside the running flushes: the lane has several slots, one is
     * free, and the newest running flush has taken {@value #STALL_FACTOR} times as long as the table's last flush
     * (stalled on the database: a row lock, a slow commit, a retry's backoff). Read on every append, without the monitor.
     */
    @Override
    public boolean takesAnotherFlush() {
        if (slots == 1) {
            return false;
        }
        int now = running;
        if (now >= slots) {
            return false;
        }
        // With nothing running, the callers of the flush that just ended still count: returning, they append to the open
        // batch again before it is flushed, which keeps a table's flushes as large as one at a time made them.
        return now > 0 && clock.nanoTime() - newestStartNanos >= STALL_FACTOR * feedback.lastFlushDurationNanos();
    }

    /** Records how many durable-buffer entries a flush of the table released. */
    synchronized void released(long entries) {
        released[releasedNext] = entries;
        releasedNext = (releasedNext + 1) % released.length;
    }

    /**
     * How many entries the table's last {@code slots} flushes released from a durable buffer: the flushes that may
     * have ended just before a flush of the table (one at a time, the previous one), whose release may not be on
     * disk yet.
     */
    synchronized long recentlyReleased() {
        long sum = 0;
        for (long count : released) {
            sum += count;
        }
        return sum;
    }

    /**
     * Records a flush's outcome for {@link StorageFeedback}. Overlapping flushes report in the order they finish:
     * a failure counts in the run of consecutive failures, a success ends it, and the latest end time is kept.
     */
    synchronized void recordFlush(long endNanos, long durationNanos, boolean failed) {
        if (failed) {
            consecutiveFailures++;
        } else {
            consecutiveFailures = 0;
            if (lastFlushEndNanos == Long.MIN_VALUE || endNanos - lastFlushEndNanos > 0) {
                previousFlushEndNanos = lastFlushEndNanos;
                lastFlushEndNanos = endNanos;
                lastFlushDurationNanos = durationNanos;
            }
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
