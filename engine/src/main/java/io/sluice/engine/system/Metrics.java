package io.sluice.engine.system;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's counters ({@code system.events}) and gauges ({@code system.metrics}), with ClickHouse's
 * names. Updated without locks from any thread.
 */
public final class Metrics {
    /** Counters only grow. */
    public enum Event {
        AsyncInsertQuery("Async INSERT statements accepted into a buffer"),
        AsyncInsertBytes("Bytes of data of accepted async INSERTs"),
        AsyncInsertRows("Rows written by async INSERT flushes"),
        FailedAsyncInsertQuery("Async INSERTs whose data failed to parse or to be written"),
        AsyncInsertFlush("Flushes of async INSERT buffers; AsyncInsertQuery / AsyncInsertFlush is INSERTs per flush"),
        AsyncInsertParts("Parts written to the storage by flushes"),
        SynchronousInsertQuery("INSERTs that ran synchronously (async_insert=0, oversized, INSERT SELECT, in a transaction, the target's own SQL such as ON CONFLICT or expressions)"),
        AsyncInsertWaitTimeouts("Waiting clients that got TIMEOUT_EXCEEDED before their data was written"),
        AsyncInsertRetries("Storage writes retried after a transient error (database busy or locked, connection lost)"),
        AsyncInsertLostWritesResolved("Storage writes whose outcome a lost connection left unknown, found committed in the ledger and not written again"),
        AsyncInsertBackpressureWaits("INSERTs that had to wait for room under async_insert_max_buffered_bytes"),
        AsyncInsertBackpressureRefusals("INSERTs refused with MEMORY_LIMIT_EXCEEDED after waiting for room"),
        AsyncInsertFlushBacklogWaits("INSERTs that waited for their table's flushes to catch up (async_insert_flush_backlog_entries)"),
        DuplicatedInsertedBlocks("Async INSERTs dropped as duplicates: of an earlier write (found in the storage's ledger) or of another entry of the same flush"),
        AsyncInsertCacheHits("Async INSERTs whose deduplication id was already known (in the storage's ledger or earlier in the same flush):"
                + " ClickHouse's name for its async insert id cache's hits; the same count as DuplicatedInsertedBlocks"),
        AsyncInsertDeadLetters("Failed entries kept in system.asynchronous_insert_dead_letter"),
        AsyncInsertDeadLettersEvicted("Dead letters pushed out by async_insert_dead_letter_max_rows or _max_bytes"),
        AsyncInsertDeadLettersReplayed("Dead letters written by SYSTEM REPLAY ASYNC INSERT DEAD LETTER"),
        SystemLogRowsDropped("Rows of system.query_log and system.asynchronous_insert_log dropped because system_log_max_size_rows rows"
                + " were already waiting to be written");

        public final String description;

        Event(String description) {
            this.description = description;
        }
    }

    /** Gauges go up and down. */
    public enum Gauge {
        PendingAsyncInsert("Async INSERTs buffered or being flushed"),
        AsynchronousInsertQueueSize("Open buffers waiting for their flush"),
        AsynchronousInsertQueueBytes("Bytes in open buffers"),
        AsynchronousInsertThreads("Threads in the flush pool"),
        AsynchronousInsertThreadsActive("Flush threads running a flush"),
        AsynchronousInsertThreadsScheduled("Flush jobs queued for a flush thread or being flushed"),
        AsyncInsertCacheSize("Deduplication ids written to the storage's ledger by this engine that the ledger still keeps"
                + " (at most async_insert_deduplication_window per table): ClickHouse's async insert id cache"),
        AsynchronousInsertBufferedBytes("Bytes of INSERT data buffered or being flushed, counted against async_insert_max_buffered_bytes");

        public final String description;

        Gauge(String description) {
            this.description = description;
        }
    }

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int EVENTS = Event.values().length;
    private static final int VALUES = EVENTS + Gauge.values().length;

    /**
     * One thread's share of every counter and gauge (events first), written by that thread alone: an INSERT's
     * updates touch only its own thread's cache lines, where a shared adder's would move between cores.
     */
    public static final class Cells {
        final long[] values = new long[VALUES];
        final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());

        private Cells() {}

        /** {@link Metrics#add(Event, long)}, on the thread whose cells these are. */
        public void add(Event event, long amount) {
            add(event.ordinal(), amount);
        }

        /** {@link Metrics#add(Gauge, long)}, on the thread whose cells these are. */
        public void add(Gauge gauge, long amount) {
            add(EVENTS + gauge.ordinal(), amount);
        }

        private void add(int index, long amount) {
            // Only this thread writes its cells; readers on other threads see each value whole.
            LONGS.setOpaque(values, index, (long) LONGS.getOpaque(values, index) + amount);
        }
    }

    /** The calling thread's cells, for several adds with one look-up; only that thread may add to them. */
    public Cells mine() {
        return mine.get();
    }

    private final ThreadLocal<Cells> mine = ThreadLocal.withInitial(this::register);
    /** The cells of every thread that updated a value and had not ended at the last read. */
    private volatile Cells[] live = new Cells[0];
    /** The values of the threads that ended, folded in by a read; guarded by {@code this}. */
    private final long[] ended = new long[VALUES];

    private synchronized Cells register() {
        Cells cells = new Cells();
        Cells[] now = Arrays.copyOf(live, live.length + 1);
        now[now.length - 1] = cells;
        live = now;
        return cells;
    }

    public void add(Event event, long amount) {
        add(event.ordinal(), amount);
    }

    public void add(Gauge gauge, long amount) {
        add(EVENTS + gauge.ordinal(), amount);
    }

    private void add(int index, long amount) {
        mine.get().add(index, amount);
    }

    public long get(Event event) {
        return get(event.ordinal());
    }

    public long get(Gauge gauge) {
        return get(EVENTS + gauge.ordinal());
    }

    /**
     * The sum of every thread's share. The cells of threads that ended are folded into {@link #ended} first, so that
     * reads cost what the live threads do, however many came and went.
     */
    private synchronized long get(int index) {
        Cells[] cells = live;
        int kept = 0;
        for (Cells c : cells) {
            Thread owner = c.owner.get();
            if (owner == null || !owner.isAlive()) {
                for (int i = 0; i < VALUES; i++) {
                    ended[i] += (long) LONGS.getOpaque(c.values, i);
                }
            } else {
                cells[kept++] = c;
            }
        }
        if (kept < cells.length) {
            live = Arrays.copyOf(cells, kept);
        }
        long sum = ended[index];
        for (int i = 0; i < kept; i++) {
            sum += (long) LONGS.getOpaque(cells[i].values, index);
        }
        return sum;
    }

    public Map<Event, Long> events() {
        Map<Event, Long> snapshot = new LinkedHashMap<>();
        for (Event event : Event.values()) {
            snapshot.put(event, get(event));
        }
        return snapshot;
    }

    public Map<Gauge, Long> gauges() {
        Map<Gauge, Long> snapshot = new LinkedHashMap<>();
        for (Gauge gauge : Gauge.values()) {
            snapshot.put(gauge, get(gauge));
        }
        return snapshot;
    }
}
