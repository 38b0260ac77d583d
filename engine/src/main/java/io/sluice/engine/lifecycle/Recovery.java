package io.sluice.engine.lifecycle;

import io.sluice.engine.system.DeadLetters;
import io.sluice.engine.system.Metrics;
import io.sluice.engine.system.Metrics.Event;
import io.sluice.engine.system.SystemTables;
import io.sluice.engine.flush.BufferedTransactions;
import io.sluice.engine.flush.TransactionGroups;
import io.sluice.engine.insert.Accumulator;
import io.sluice.engine.insert.BufferKeyCodec;
import io.sluice.engine.insert.KeyQueue;
import io.sluice.engine.insert.KeyResolver;
import io.sluice.engine.insert.RunState;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.parser.InsertHead;
import io.sluice.parser.StatementParser;
import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.Clock;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;

/**
 * Writes the entries a durable buffer kept from an earlier run, before any new INSERT is accepted: each key's
 * entries go to its table's lane as one batch, so they are written before anything newer of their table. The
 * storage's ledger skips the entries that were committed before the crash, so every entry is written exactly
 * once. An entry whose key no longer resolves (its table was dropped) goes to the dead-letter table.
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final Clock clock;
    private final Buffer buffer;
    private final String bufferName;
    private final SystemTables system;
    private final Metrics metrics;
    private final Accumulator accumulator;
    private final KeyResolver resolver;
    private final SettingsStack settings;
    private final StatementParser parser;
    private final RunState state;
    private final BufferedTransactions transactions;

    public Recovery(Clock clock, Buffer buffer, String bufferName, SystemTables system, Metrics metrics, Accumulator accumulator,
            KeyResolver resolver, SettingsStack settings, StatementParser parser, RunState state, BufferedTransactions transactions) {
        this.transactions = transactions;
        this.clock = clock;
        this.buffer = buffer;
        this.bufferName = bufferName;
        this.system = system;
        this.metrics = metrics;
        this.accumulator = accumulator;
        this.resolver = resolver;
        this.settings = settings;
        this.parser = parser;
        this.state = state;
    }

    public void run() throws SQLException {
        List<BufferEntry> recovered = buffer.recover();
        List<String> notes = buffer.recoveryNotes();
        if (!notes.isEmpty()) {
            List<SystemTables.EntryLogRow> rows = new ArrayList<>();
            for (String note : notes) {
                log.warn("Sluice buffer recovery: {}", note);
                rows.add(new SystemTables.EntryLogRow(clock.epochMicros(), "", 0, 0, note, "RecoveryNote", "", ""));
            }
            system.log(new SystemTables.FlushLogRow("", "", "", "", "", clock.epochMicros(), 0, rows), List.of(), List.of(), List.of());
        }
        List<List<BufferEntry>> groups = buffer.recoverGroups();
        if (recovered.isEmpty() && groups.isEmpty()) {
            return;
        }
        Map<String, List<BufferEntry>> byKey = new LinkedHashMap<>();
        long highest = 0;
        for (BufferEntry entry : recovered) {
            byKey.computeIfAbsent(entry.keyId(), k -> new ArrayList<>()).add(entry);
            highest = Math.max(highest, entry.sequence());
        }
        for (List<BufferEntry> group : groups) {
            for (BufferEntry entry : group) {
                highest = Math.max(highest, entry.sequence());
            }
        }
        accumulator.continueSequenceAfter(highest);
        state.markDurable();
        for (List<BufferEntry> group : groups) {
            recoverGroup(group);
        }
        log.info("Sluice is writing {} entries of {} buffer keys recovered from the {} buffer", recovered.size(), byKey.size(), bufferName);
        for (Map.Entry<String, List<BufferEntry>> key : byKey.entrySet()) {
            KeyQueue queue;
            try {
                InsertHead head = BufferKeyCodec.decode(key.getKey(), parser);
                queue = resolver.resolveRecovered(head, settings.resolve(head.settings()));
            } catch (SQLException e) {
                log.error("Sluice could not resolve the recovered buffer key {}: {}; its {} entries go to"
                        + " system.asynchronous_insert_dead_letter", key.getKey(), e.getMessage(), key.getValue().size());
                List<SystemTables.DeadLetterRow> letters = new ArrayList<>();
                for (BufferEntry entry : key.getValue()) {
                    letters.add(DeadLetters.unresolved(entry, e, clock.epochMicros()));
                }
                system.log(null, List.of(), List.of(), letters);
                metrics.add(Event.AsyncInsertDeadLetters, letters.size());
                buffer.release(key.getValue());
                continue;
            }
            accumulator.submitRecovered(queue, key.getValue());
        }
    }

    /**
     * A transaction's group committed without waiting in an earlier run: written again as one group (the
     * ledger skips it if it was committed before the crash). A group with an entry whose key no longer resolves
     * cannot be written whole: all of its entries go to the dead-letter table.
     */
    private void recoverGroup(List<BufferEntry> group) {
        List<TransactionGroups.Rows> inserts = new ArrayList<>(group.size());
        for (BufferEntry entry : group) {
            try {
                InsertHead head = BufferKeyCodec.decode(entry.keyId(), parser);
                KeyQueue queue = resolver.resolveRecovered(head, settings.resolve(head.settings()));
                inserts.add(new TransactionGroups.Rows(queue, entry.rows() == null ? List.of() : entry.rows()));
            } catch (SQLException e) {
                log.error("Sluice could not resolve the recovered buffer key {} of a committed transaction: {}; its {} INSERTs go to"
                        + " system.asynchronous_insert_dead_letter", entry.keyId(), e.getMessage(), group.size());
                List<SystemTables.DeadLetterRow> letters = new ArrayList<>();
                for (BufferEntry member : group) {
                    letters.add(DeadLetters.unresolved(member, e, clock.epochMicros()));
                }
                system.log(null, List.of(), List.of(), letters);
                metrics.add(Event.AsyncInsertDeadLetters, letters.size());
                buffer.release(group);
                return;
            }
        }
        log.info("Sluice is writing a committed transaction of {} INSERTs recovered from the {} buffer", group.size(), bufferName);
        transactions.submitRecovered(inserts, group);
    }
}
