package io.sluice.engine.system;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

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

    private final LongAdder[] events = new LongAdder[Event.values().length];
    private final LongAdder[] gauges = new LongAdder[Gauge.values().length];

    public Metrics() {
        for (int i = 0; i < events.length; i++) {
            events[i] = new LongAdder();
        }
        for (int i = 0; i < gauges.length; i++) {
            gauges[i] = new LongAdder();
        }
    }

    public void add(Event event, long amount) {
        events[event.ordinal()].add(amount);
    }

    public void add(Gauge gauge, long amount) {
        gauges[gauge.ordinal()].add(amount);
    }

    public long get(Event event) {
        return events[event.ordinal()].sum();
    }

    public long get(Gauge gauge) {
        return gauges[gauge.ordinal()].sum();
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
