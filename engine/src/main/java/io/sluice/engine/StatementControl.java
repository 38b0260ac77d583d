package io.sluice.engine;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a JDBC statement's lifecycle calls tell the engine about one of its executions: its query timeout
 * ({@code Statement.setQueryTimeout}) and a {@code Statement.cancel()} from another thread. The driver makes
 * one per execution. An INSERT waiting for its flush ends at the earlier of the query timeout and
 * {@code wait_for_async_insert_timeout} ({@code TIMEOUT_EXCEEDED}), or when cancelled
 * ({@code QUERY_WAS_CANCELLED}); either way its data stays queued and is written later, as in ClickHouse, where
 * a client that stops waiting does not take its entry back. Thread-safe.
 */
public final class StatementControl {
    /** The state once cancelled; otherwise the state is null or the hook to run on cancel. */
    private static final Object CANCELLED = new Object();

    /** {@link #state}'s atomic operations: a field rather than an AtomicReference, one object less per execution. */
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(StatementControl.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long queryTimeoutMillis;
    private volatile Object state;

    /** @param queryTimeoutSeconds the statement's query timeout, 0 for none */
    public StatementControl(int queryTimeoutSeconds) {
        this.queryTimeoutMillis = queryTimeoutSeconds * 1000L;
    }

    /** The statement's query timeout in milliseconds, 0 for none. */
    public long queryTimeoutMillis() {
        return queryTimeoutMillis;
    }

    /** The wait an INSERT may make: the smaller of {@code settingMillis} and the query timeout (if any). */
    public static long boundMillis(/* nullable */ StatementControl control, long settingMillis) {
        return control == null || control.queryTimeoutMillis == 0 ? settingMillis : Math.min(settingMillis, control.queryTimeoutMillis);
    }

    /** Whether the query timeout, rather than {@code settingMillis}, bounds the wait. */
    public static boolean queryTimeoutBounds(/* nullable */ StatementControl control, long settingMillis) {
        return control != null && control.queryTimeoutMillis != 0 && control.queryTimeoutMillis < settingMillis;
    }

    /** Ends the execution's wait, now or as soon as it starts waiting. Any thread; twice does nothing more. */
    public void cancel() {
        Object previous = STATE.getAndSet(this, CANCELLED);
        if (previous instanceof Runnable hook) {
            hook.run();
        }
    }

    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * Runs {@code hook} when the execution is cancelled: at once, on this thread, if it already was. One hook
     * at a time; {@link #clear} removes it.
     */
    public void onCancel(Runnable hook) {
        if (!STATE.compareAndSet(this, null, hook)) {
            hook.run();
        }
    }

    /** Removes a hook set by {@link #onCancel}, if it has not run. */
    public void clear(Runnable hook) {
        STATE.compareAndSet(this, hook, null);
    }

    /** The error of a statement cancelled while waiting; {@code stays} says what became of its data. */
    public static SluiceSqlException cancelled(String stays) {
        return new SluiceSqlException(ErrorCode.QUERY_WAS_CANCELLED, "The statement was cancelled (Statement.cancel) " + stays);
    }
}
