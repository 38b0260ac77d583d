package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.system.SystemTables.EntryLogRow;
import io.sluice.engine.system.SystemTables.FlushLogRow;
import io.sluice.engine.system.SystemTables.PartLogRow;
import io.sluice.engine.system.SystemTables.QueryLogRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Log rows wait in memory until the writer's interval ends, yet no reader may miss one: every read of a
 * system table sees every row queued before the read began (read-your-logs), whatever its kind, and
 * whether or not its text is shared with other rows. The system tables alone, without an engine, so
 * nothing but the read itself writes the queued rows.
 */
class PendingLogRowsTest {
    private static final long NOW = 1_800_000_000_000_000L;

    @Test
    @DisplayName("a read sees the queued rows of every log table, in their order, with no SYSTEM FLUSH LOGS before it")
    void aReadSeesEveryQueuedRow() throws Exception {
        try (SystemTables system = open()) {
            List<String> expectedQueries = new ArrayList<>();
            List<String> expectedEntries = new ArrayList<>();
            for (int flush = 0; flush < 3; flush++) {
                List<EntryLogRow> entries = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String id = flush == 1 && i == 0 ? "own-id-" + flush : QueryIds.newQueryId();
                    boolean failed = i == 3;
                    entries.add(new EntryLogRow(NOW + i, id, 10 + i, 1, failed ? "bad row " + i : "", failed ? "ParsingError" : "Ok", "Parsed",
                            flush == 2 ? "nightly" : ""));
                    expectedEntries.add("f-" + flush + "|" + id + "|" + (10 + i) + "|" + (failed ? "ParsingError|bad row " + i : "Ok|")
                            + "|" + (flush == 2 ? "nightly" : ""));
                    boolean queryFailed = i == 4;
                    system.logQuery(new QueryLogRow(queryFailed ? "ExceptionBeforeStart" : "QueryFinish", NOW + i, NOW, "Insert", id,
                            "INSERT INTO t VALUES", true, "main", "t", 0, 0, queryFailed ? 62 : 0, queryFailed ? "syntax" : "", ""));
                    expectedQueries.add(id + "|" + (queryFailed ? "ExceptionBeforeStart|62|syntax" : "QueryFinish|0|"));
                }
                List<QueryLogRow> flushQueries = List.of(new QueryLogRow("QueryFinish", NOW, NOW, "AsyncInsertFlush", "f-" + flush,
                        "INSERT INTO main.t (a) FORMAT Values", true, "main", "t", 4, 40, 0, "", ""));
                expectedQueries.add("f-" + flush + "|QueryFinish|0|");
                system.log(new FlushLogRow("f-" + flush, "INSERT INTO main.t (a) FORMAT Values", "main", "t", "Values", NOW, 200, entries),
                        List.of(new PartLogRow(NOW, "f-" + flush, "main", "t", "part-" + flush, 4, 40, 1, 0, "")), flushQueries, List.of());
            }
            system.logQuery(new QueryLogRow("QueryFinish", NOW, NOW, "Select", "select-1", "SELECT 1", false, "", "", 0, 0, 0, "", ""));
            expectedQueries.add("select-1|QueryFinish|0|");

            assertThat(SystemReads.read(system, "SELECT query_id, type, exception_code, exception FROM system.query_log"))
                    .containsExactlyElementsOf(expectedQueries);
            assertThat(SystemReads.read(system, "SELECT flush_query_id, query_id, bytes, status, exception, log_comment"
                    + " FROM system.asynchronous_insert_log")).containsExactlyElementsOf(expectedEntries);
            assertThat(SystemReads.read(system, "SELECT part_name FROM system.part_log")).containsExactly("part-0", "part-1", "part-2");
        }
    }

    @Test
    @DisplayName("rows queued while other threads read are each seen by every read that starts after they were queued")
    void readsRacingWritersMissNothing() throws Exception {
        try (SystemTables system = open()) {
            int writers = 4;
            int perWriter = 3_000;
            AtomicInteger queued = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perWriter; i++) {
                            system.logQuery(new QueryLogRow("QueryFinish", NOW + i, NOW, "Insert", writer + "-" + i, "INSERT INTO t VALUES", true,
                                    "main", "t", 0, 0, 0, "", ""));
                            queued.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            boolean running = true;
            while (running) {
                running = threads.stream().anyMatch(Thread::isAlive);
                int before = queued.get();
                long seen = count(system);
                assertThat(seen).as("rows seen by a read that began after %d were queued", before).isGreaterThanOrEqualTo(before);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(count(system)).isEqualTo((long) writers * perWriter);
        }
    }

    private static long count(SystemTables system) throws SQLException {
        return Long.parseLong(SystemReads.read(system, "SELECT count(*) FROM system.query_log").get(0));
    }

    @Test
    @DisplayName("finished INSERTs queued without a row object read back like whole rows, whether their text is the previous row's or not")
    void finishedInsertsReadLikeWholeRows() throws Exception {
        try (SystemTables whole = open(); SystemTables finished = open()) {
            String headA = "INSERT INTO a VALUES";
            String headB = "INSERT INTO b VALUES";
            String[] heads = {headA, headA, headB, headA, headA, new String(headA), headB};
            String[] comments = {"", "", "", "", "batch", "batch", ""};
            for (int i = 0; i < heads.length; i++) {
                // An id of the caller's own, for a row of the previous row's text (1) and for one of another (2).
                String id = i == 1 || i == 2 ? "own-id-" + i : QueryIds.newQueryId();
                String table = heads[i] == headB ? "b" : "a";
                whole.logQuery(new QueryLogRow("QueryFinish", NOW + i, NOW, "Insert", id, heads[i], true, "main", table, i, 10L * i, 0, "",
                        comments[i]));
                finished.logFinishedInsert(NOW + i, NOW, "Insert", id, heads[i], "main", table, i, 10L * i, comments[i]);
                if (i == 3) {
                    // A row of another kind between two of the same head.
                    QueryLogRow select = new QueryLogRow("QueryFinish", NOW, NOW, "Select", "select-1", "SELECT 1", false, "", "", 0, 0, 0, "",
                            "");
                    whole.logQuery(select);
                    finished.logQuery(select);
                }
            }
            String read = "SELECT * FROM system.query_log";
            List<String> expected = SystemReads.read(whole, read);
            assertThat(expected).hasSize(heads.length + 1);
            assertThat(SystemReads.read(finished, read)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("a flush's entries read from a source, ids as halves or text, read back like the same entries given as rows")
    void entriesFromASourceReadLikeRows() throws Exception {
        try (SystemTables rows = open(); SystemTables source = open()) {
            List<EntryLogRow> entries = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String id = i == 2 ? "own-id" : QueryIds.newQueryId();
                boolean failed = i == 4;
                entries.add(new EntryLogRow(NOW + i, id, 10 + i, 1, failed ? "bad row " + i : "", failed ? "ParsingError" : "Ok",
                        i == 5 ? "Preprocessed" : "Parsed", i == 6 ? "nightly" : ""));
            }
            FlushLogRow flush = new FlushLogRow("f-1", "INSERT INTO main.t (a) FORMAT Values", "main", "t", "Values", NOW, 200, entries);
            rows.log(flush, List.of(), List.of(), List.of());
            long[] halves = new long[2];
            source.log(new FlushLogRow("f-1", flush.query(), "main", "t", "Values", NOW, 200, List.of()), new SystemTables.EntryLogSource() {
                @Override
                public int size() {
                    return entries.size();
                }

                @Override
                public long eventMicros(int entry) {
                    return entries.get(entry).eventMicros();
                }

                @Override
                public String queryId(int entry) {
                    // An id known as halves is not read from its text.
                    return uuidId(entry) ? "not read" : entries.get(entry).queryId();
                }

                @Override
                public boolean uuidId(int entry) {
                    return QueryIds.parse(entries.get(entry).queryId(), halves) && entry % 2 == 0;
                }

                @Override
                public long idHigh(int entry) {
                    QueryIds.parse(entries.get(entry).queryId(), halves);
                    return halves[0];
                }

                @Override
                public long idLow(int entry) {
                    QueryIds.parse(entries.get(entry).queryId(), halves);
                    return halves[1];
                }

                @Override
                public long bytes(int entry) {
                    return entries.get(entry).bytes();
                }

                @Override
                public long rows(int entry) {
                    return entries.get(entry).rows();
                }

                @Override
                public String exception(int entry) {
                    return entries.get(entry).exception();
                }

                @Override
                public String status(int entry) {
                    return entries.get(entry).status();
                }

                @Override
                public String dataKind(int entry) {
                    return entries.get(entry).dataKind();
                }

                @Override
                public String logComment(int entry) {
                    return entries.get(entry).logComment();
                }
            }, List.of(), List.of(), List.of());
            String read = "SELECT * FROM system.asynchronous_insert_log";
            List<String> expected = SystemReads.read(rows, read);
            assertThat(expected).hasSize(entries.size());
            assertThat(SystemReads.read(source, read)).containsExactlyElementsOf(expected);
        }
    }

    private static SystemTables open() throws SQLException {
        return new SystemTables("", 259_200, 1_000_000, 1_000, 1_000_000, List.of(), evicted -> {});
    }
}
