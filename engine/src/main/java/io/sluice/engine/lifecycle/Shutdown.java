package io.sluice.engine.lifecycle;

import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Gauge;
import io.sluice.engine.flush.BufferedTransactions;
import io.sluice.engine.flush.Flusher;
import io.sluice.engine.insert.Accumulator;
import io.sluice.engine.insert.FlushReason;
import io.sluice.engine.insert.RunState;
import io.sluice.spi.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * The graceful end of an engine, in Kafka's order: close intake first, then drain. Stops taking INSERTs,
 * detaches every open batch, waits up to {@code async_insert_shutdown_timeout_ms} for the flushes, and says
 * once what it could not write and where that data is now. The engine closes its resources afterwards.
 */
public final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private final String target;
    private final Clock clock;
    private final RunState state;
    private final Accumulator accumulator;
    private final Flusher flusher;
    private final Metrics metrics;
    private final long timeoutMillis;
    private final BufferedTransactions transactions;
    private final String bufferName;
    private final String systemPath;
    private final Object closeLock = new Object();
    private boolean started;

    public Shutdown(String target, Clock clock, RunState state, Accumulator accumulator, Flusher flusher, BufferedTransactions transactions,
            Metrics metrics, long timeoutMillis, String bufferName, String systemPath) {
        this.transactions = transactions;
        this.target = target;
        this.clock = clock;
        this.state = state;
        this.accumulator = accumulator;
        this.flusher = flusher;
        this.metrics = metrics;
        this.timeoutMillis = timeoutMillis;
        this.bufferName = bufferName;
        this.systemPath = systemPath;
    }

    /**
     * Closes intake and drains; returns false, doing nothing, when called before.
     */
    public boolean drain() {
        synchronized (closeLock) {
            if (started) {
                return false;
            }
            started = true;
            state.startClosing(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        }
        accumulator.detachOpen(qualified -> true, FlushReason.SHUTDOWN);
        try {
            // A batch another thread closed just before (full, or its timeout came) may still be on its way to its
            // lane: the lanes are asked to drain once it is there, or the engine would close under it.
            accumulator.whenHandedOver()
                    .thenCompose(handedOver -> java.util.concurrent.CompletableFuture.allOf(flusher.whenDrained(qualified -> true),
                            transactions.whenIdle()))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Reported below with everything else that was not written.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Sluice shutdown of {} was interrupted", target);
        } catch (ExecutionException e) {
            log.error("Sluice shutdown flush of {} failed", target, e.getCause());
        }
        reportUnwritten();
        return true;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * Says, once, what a shutdown could not write: entries still pending (being flushed when the deadline
     * came, or kept by a durable buffer after a failed write) and entries whose write failed during the
     * shutdown and went to the dead-letter table; and where each of them is now.
     */
    private void reportUnwritten() {
        long pending = metrics.get(Gauge.PendingAsyncInsert) + transactions.pendingEntries();
        long deadLettered = state.shutdownDeadLetters();
        if (pending + deadLettered <= 0) {
            return;
        }
        String deadLetterFate = systemPath.isEmpty()
                ? " in system.asynchronous_insert_dead_letter, which lives in memory: they are lost"
                : " kept in system.asynchronous_insert_dead_letter (" + systemPath + ")";
        String fate;
        if (state.durableBuffer()) {
            fate = pending + " stay in the durable " + bufferName + " buffer and are written at its next start"
                    + (deadLettered > 0 ? "; " + deadLettered + " failed on their own data," + deadLetterFate : "");
        } else {
            fate = (pending > 0 ? pending + " still in the " + bufferName + " buffer are lost" : "")
                    + (pending > 0 && deadLettered > 0 ? "; " : "") + (deadLettered > 0 ? deadLettered + " failed," + deadLetterFate : "");
        }
        String lastError = state.shutdownError();
        log.error("Sluice shutdown of {}: {} buffered INSERTs were not written within async_insert_shutdown_timeout_ms = {}{}; {}", target,
                pending + deadLettered, timeoutMillis, lastError == null ? "" : " (last error: " + lastError + ")", fate);
    }
}
