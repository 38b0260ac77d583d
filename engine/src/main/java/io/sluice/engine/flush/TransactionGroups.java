package io.sluice.engine.flush;

import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.RowBytes;
import io.sluice.engine.system.QueryIds;
import io.sluice.engine.system.SystemTables.PartLogRow;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.Storage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * Committed transactions' INSERTs, each transaction one group written all-or-nothing, groups that arrive
 * together written in one target transaction (group commit, leader/follower as in MySQL's binary log: the
 * first committer writes every group queued when it starts, on its own thread, while later ones queue for
 * the next write). When a shared write fails, each of its groups is written again on its own, so a bad row
 * fails its own transaction's COMMIT and never a neighbour's. Thread-safe.
 */
public final class TransactionGroups {
    private static final Logger log = LoggerFactory.getLogger(TransactionGroups.class);

    /** One INSERT of a transaction: its key's table and columns, and its rows as the columns' values. */
    public record Rows(KeyQueue queue, List<Object[]> rows) {}

    private static final class Group extends CompletableFuture<Void> {
        final List<Rows> inserts;
        /** The ledger id of each insert, for a group a durable buffer keeps; {@code null} otherwise. */
        final String[] ledgerIds;
        final int ledgerWindow;
        /** Whether this group, written alone, has had its one more attempt after a transient failure. */
        boolean retried;

        /**
         * For a group with ids of its own: the flush query id and part names its parts keep on every attempt, so
         * that its ids are its parts' own run ids ({@link Part#runId}), recorded without a lookup; else null.
         */
        final String ownFlushQueryId;
        final String[] ownPartNames;

        Group(List<Rows> inserts, String[] ledgerIds, int ledgerWindow) {
            this(inserts, ledgerIds, ledgerWindow, null, null);
        }

        Group(List<Rows> inserts, String[] ledgerIds, int ledgerWindow, String ownFlushQueryId, String[] ownPartNames) {
            this.inserts = inserts;
            this.ledgerIds = ledgerIds;
            this.ledgerWindow = ledgerWindow;
            this.ownFlushQueryId = ownFlushQueryId;
            this.ownPartNames = ownPartNames;
        }
    }

    private final Storage storage;
    private final PartNames partNames;
    private final Executor background;
    private final List<Group> queued = new ArrayList<>();
    /** Guarded by {@code this}: whether a leader is writing. */
    private boolean leading;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong groups = new AtomicLong();

    private final Clock clock;
    /** Takes the {@code system.part_log} rows of each shared write. */
    private final Consumer<List<PartLogRow>> partLog;
    /** Ledger ids kept per table for transactions' own ids; 0 when they get none. */
    private final int ownIdsWindow;

    /**
     * @param partLog takes each shared write's {@code system.part_log} rows, one per part, written or failed
     */
    public TransactionGroups(Storage storage, PartNames partNames, Executor background, Clock clock, Consumer<List<PartLogRow>> partLog) {
        this(storage, partNames, background, clock, partLog, 0);
    }

    /**
     * @param ownIdsWindow when positive and a write's COMMIT answer can be lost ({@link Storage#writeOutcomeCanBeUnknown},
     *     a storage with a ledger), each committed transaction's INSERTs get ledger ids of their own, kept in that
     *     many ids per table at least: a write whose answer was lost, or a shared write that failed and is written
     *     again group by group, then skips what had committed instead of writing it twice
     */
    public TransactionGroups(Storage storage, PartNames partNames, Executor background, Clock clock, Consumer<List<PartLogRow>> partLog,
            long ownIdsWindow) {
        this.storage = storage;
        this.partNames = partNames;
        this.background = background;
        this.clock = clock;
        this.partLog = partLog;
        boolean canBeLost = ownIdsWindow > 0 && storage.supportsLedger() && storage.writeOutcomeCanBeUnknown()
                && !storage.defaultDatabase().isEmpty();
        this.ownIdsWindow = canBeLost ? (int) Math.min(Integer.MAX_VALUE, ownIdsWindow) : 0;
    }

    /**
     * A committed transaction's group: with ids of its own when writes can lose their COMMIT answer, one per
     * INSERT, the same on every attempt to write them.
     */
    private Group ownGroup(List<Rows> inserts) {
        if (ownIdsWindow == 0) {
            return new Group(inserts, null, 0);
        }
        String flushQueryId = QueryIds.newQueryId();
        String[] names = new String[inserts.size()];
        String[] ids = new String[inserts.size()];
        for (int i = 0; i < ids.length; i++) {
            names[i] = partNames.next();
            ids[i] = Part.runId(flushQueryId, names[i], 0);
        }
        return new Group(inserts, ids, ownIdsWindow, flushQueryId, names);
    }

    /** Writes a transaction's group, with the groups that arrive meanwhile, and returns once it is committed. */
    public void commit(List<Rows> inserts) throws SQLException {
        Group group = enqueue(ownGroup(inserts));
        lead(group);
        try {
            group.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    /** Queues a transaction's group to be written on a background thread; the future completes once it is committed. */
    public CompletableFuture<Void> submit(List<Rows> inserts) {
        Group group = enqueue(ownGroup(inserts));
        background.execute(() -> lead(group));
        return group;
    }

    /**
     * Queues a group a buffer keeps to be written on a background thread, with a ledger id per insert when the
     * buffer is durable: the storage records them in the same transaction and skips inserts it recorded
     * already, so a group replayed after a crash is written once.
     *
     * @param ledgerIds one per insert, or {@code null}
     * @param ledgerWindow how many ids the ledger keeps per table, at least
     */
    public CompletableFuture<Void> submit(List<Rows> inserts, /* nullable */ String[] ledgerIds, int ledgerWindow) {
        Group group = enqueue(inserts, ledgerIds, ledgerWindow);
        background.execute(() -> lead(group));
        return group;
    }

    /** Target transactions committed so far (one per write of one or more groups). */
    public long transactions() {
        return transactions.get();
    }

    /** Groups committed so far. */
    public long groups() {
        return groups.get();
    }

    /** Groups waiting for a leader, for tests that make groups arrive together. */
    public synchronized int queued() {
        return queued.size();
    }

    private Group enqueue(List<Rows> inserts, String[] ledgerIds, int ledgerWindow) {
        return enqueue(new Group(inserts, ledgerIds, ledgerWindow));
    }

    private synchronized Group enqueue(Group group) {
        queued.add(group);
        return group;
    }

    /** Until {@code group} is written: waits while another leader writes, else writes everything queued. */
    private void lead(Group group) {
        while (!group.isDone()) {
            List<Group> batch;
            synchronized (this) {
                if (group.isDone()) {
                    return;
                }
                if (leading) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
                leading = true;
                batch = new ArrayList<>(queued);
                queued.clear();
            }
            try {
                write(batch);
            } finally {
                synchronized (this) {
                    leading = false;
                    notifyAll();
                }
            }
        }
    }

    private void write(List<Group> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writeTogether(batch);
            batch.forEach(g -> g.complete(null));
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                Group group = batch.get(0);
                if (group.ledgerIds != null && e instanceof SQLException sql && storage.classify(sql) == ErrorKind.TRANSIENT
                        && !group.retried) {
                    // The write may have committed (its COMMIT answer lost): once more, the ledger skipping what did.
                    group.retried = true;
                    write(batch);
                    return;
                }
                group.completeExceptionally(e);
                return;
            }
            // Which group failed is unknown: each is written again alone, and only the bad ones fail.
            for (Group group : batch) {
                write(List.of(group));
            }
        }
    }

    /**
     * One storage transaction holding every group's rows, through the storage's write path ({@link Storage#writeParts},
     * its pool's connections), each insert of a durable group in a ledger block. A storage whose
     * {@code writeParts} takes a single part only gets several through a connection of its own instead.
     */
    private void writeTogether(List<Group> batch) throws SQLException {
        List<Part> parts = new ArrayList<>();
        String flushQueryId = QueryIds.newQueryId();
        for (Group group : batch) {
            for (int i = 0; i < group.inserts.size(); i++) {
                Rows insert = group.inserts.get(i);
                if (insert.rows().isEmpty()) {
                    continue;
                }
                KeyQueue queue = insert.queue();
                List<Part.Block> blocks = group.ledgerIds == null ? List.of() : List.of(new Part.Block(group.ledgerIds[i], 0, insert.rows().size()));
                boolean own = group.ownPartNames != null;
                parts.add(new Part(queue.table.database(), queue.table.name(), queue.columns, insert.rows(),
                        own ? group.ownPartNames[i] : partNames.next(), own ? group.ownFlushQueryId : flushQueryId, blocks,
                        blocks.isEmpty() ? 0 : group.ledgerWindow));
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        long start = clock.nanoTime();
        try {
            try {
                storage.writeParts(parts);
            } catch (SQLFeatureNotSupportedException e) {
                if (parts.size() == 1 || parts.stream().anyMatch(part -> !part.blocks().isEmpty())) {
                    throw e;
                }
                writeOnOwnConnection(parts);
            }
        } catch (SQLException | RuntimeException e) {
            // A shared write that failed is written again group by group: only a group's own failure is its part's.
            if (batch.size() == 1) {
                logParts(parts, start, e);
            }
            throw e;
        }
        logParts(parts, start, null);
        transactions.incrementAndGet();
        groups.addAndGet(batch.size());
    }

    private void logParts(List<Part> parts, long startNanos, /* nullable */ Exception error) {
        long micros = clock.epochMicros();
        long millis = (clock.nanoTime() - startNanos) / 1_000_000L;
        List<PartLogRow> rows = new ArrayList<>(parts.size());
        for (Part part : parts) {
            rows.add(new PartLogRow(micros, part.flushQueryId(), part.database(), part.table(), part.name(), error == null ? part.rows().size() : 0,
                    RowBytes.of(part.rows()), millis, error == null ? 0 : 1, error == null ? "" : String.valueOf(error.getMessage())));
        }
        partLog.accept(rows);
    }

    private void writeOnOwnConnection(List<Part> parts) throws SQLException {
        try (Connection connection = storage.openConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Part part : parts) {
                    storage.writeRows(connection, part);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    log.warn("Sluice could not roll back a failed write of committed transactions", rollback);
                }
                throw e;
            }
        }
    }

    private Part part(Rows insert) {
        KeyQueue queue = insert.queue();
        return new Part(queue.table.database(), queue.table.name(), queue.columns, insert.rows(), partNames.next(), QueryIds.newQueryId());
    }

    /** Writes a transaction's INSERTs on its own target connection, in order, inside its transaction. */
    public void writeOn(Connection transaction, List<Rows> inserts) throws SQLException {
        for (Rows insert : inserts) {
            if (!insert.rows().isEmpty()) {
                storage.writeRows(transaction, part(insert));
            }
        }
    }
}
