package io.sluice.engine.session;

import io.sluice.engine.Engine;
import io.sluice.engine.flush.EntryRows;
import io.sluice.engine.flush.TransactionGroups;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.Setting;
import io.sluice.engine.system.Metrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The INSERTs of a session's open transaction ({@code autoCommit=false}, {@code async_insert_in_transactions=1}),
 * kept as parsed rows on the session until they must be written. While the transaction has done nothing
 * else on the target, COMMIT hands them to {@link TransactionGroups} as one all-or-nothing group and waits for it. Before
 * any other statement of the transaction they are written on the session's own target connection, in
 * order, and from then on the transaction lives on the target: later INSERTs are batched here and written
 * there before the next statement and before COMMIT. ROLLBACK drops them. Not thread-safe, like the session.
 */
final class TransactionInserts {
    private final Engine engine;
    private final List<TransactionGroups.Rows> pending = new ArrayList<>();
    /** Whether the transaction has run something on the target connection since it began. */
    private boolean onTarget;

    TransactionInserts(Engine engine) {
        this.engine = engine;
    }

    /**
     * Keeps one INSERT's rows, read now so that bad data fails the INSERT itself.
     *
     * @return its row count
     */
    long add(KeyQueue queue, String data, int dataStart, /* nullable */ List<Object[]> typedRows) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        EntryRows.parse(queue, data, dataStart, typedRows, rows::add);
        int last = pending.size() - 1;
        if (last >= 0 && pending.get(last).queue() == queue) {
            // Consecutive INSERTs of one shape are one batch, as the target's own JDBC batch would be.
            pending.get(last).rows().addAll(rows);
        } else {
            pending.add(new TransactionGroups.Rows(queue, rows));
        }
        return rows.size();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Before another statement of the transaction: writes the pending INSERTs on its own connection; it now lives there. */
    void beforeTargetStatement(Connection target) throws SQLException {
        writePending(target);
        onTarget = true;
    }

    /** Before the target connection is used for something that is not a statement (a savepoint, metadata): writes what is pending there. */
    void beforeTargetUse(Connection target) throws SQLException {
        if (!pending.isEmpty()) {
            beforeTargetStatement(target);
        }
    }

    private void writePending(Connection target) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<TransactionGroups.Rows> inserts = List.copyOf(pending);
        pending.clear();
        engine.transactions.writeOn(target, inserts);
        engine.metrics.add(Metrics.Event.SynchronousInsertQuery, inserts.size());
    }

    /**
     * COMMIT. A transaction that lived on the target writes its INSERTs there and commits there; otherwise
     * its INSERTs are one group, and COMMIT returns once the group is committed (and throws its error). It
     * does so with {@code wait_for_async_insert = 0} too: a group queued in memory would be lost by a crash
     * or an engine shutdown, which a committed transaction must not be, and the group commit already shares
     * the write with the transactions committing at the same moment.
     *
     * @param target the open target connection, or {@code null} when it was never opened
     */
    void commit(/* nullable */ Connection target, EffectiveSettings settings) throws SQLException {
        try {
            if (onTarget) {
                writePending(target);
                target.commit();
                return;
            }
            List<TransactionGroups.Rows> group = List.copyOf(pending);
            pending.clear();
            if (!group.isEmpty()) {
                if (settings.getBoolean(Setting.WAIT_FOR_ASYNC_INSERT)) {
                    engine.transactions.commit(group);
                } else {
                    engine.bufferedTransactions.commit(group, settings.getMillis(Setting.WAIT_FOR_ASYNC_INSERT_TIMEOUT),
                            settings.getLong(Setting.ASYNC_INSERT_BACKPRESSURE_TIMEOUT_MS));
                }
            }
            if (target != null) {
                target.commit();
            }
        } finally {
            pending.clear();
            onTarget = false;
        }
    }

    /** ROLLBACK: drops what is pending and rolls the target back. */
    void rollback(/* nullable */ Connection target) throws SQLException {
        pending.clear();
        onTarget = false;
        if (target != null) {
            target.rollback();
        }
    }

}
