package io.sluice.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Buffer}, as abstract JUnit 5 tests. A buffer author extends this class,
 * supplies the factory and, for a buffer that keeps entries across runs, the {@link Capability#DURABLE}
 * capability and settings that point every instance of one test at the same place:
 *
 * <pre>{@code
 * class LogBufferKitTest extends BufferKit {
 *     @TempDir Path directory;
 *
 *     @Override protected BufferFactory factory() { return KitPlugins.buffer("log"); }
 *     @Override protected Set<Capability> capabilities() { return Set.of(Capability.DURABLE); }
 *     @Override protected Map<String, String> pluginSettings() { return Map.of("log_directory", directory.toString()); }
 * }
 * }</pre>
 *
 * <p>The kit drives a buffer as the engine does: {@link Buffer#recover} once right after the buffer is
 * built, appends and drains of one key under that key's lock, keys in parallel, releases after the
 * flush, and a new instance over the same settings for the next run. A run numbers its entries after
 * the highest sequence it recovered, or from 1 again when it recovered nothing.
 */
public abstract class BufferKit extends PluginKit<BufferFactory, Buffer> {
    /** What a buffer can do beyond the contract every buffer honours. */
    public enum Capability {
        /**
         * Entries appended and not released survive {@link Buffer#close()} and come back from
         * {@link Buffer#recover()} of a new instance built with the same settings; every entry has a
         * {@link Buffer#ledgerId ledger id}. Without it, a new instance recovers nothing and ledger ids
         * are {@code null}.
         */
        DURABLE
    }

    /** How long the kit waits for an append's stage: it completes on I/O, never on the manual clock. */
    private static final long APPEND_TIMEOUT_SECONDS = 30;

    /**
     * What the buffer under test can do; the kit tests each capability listed, and the correct absence
     * of each one not listed.
     *
     * @return the capabilities; none by default
     */
    protected Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * The target the buffer is built for, as the engine passes it in {@link PluginContext#target()}.
     *
     * @return a target; {@code sqlite::memory:} by default
     */
    protected String target() {
        return "sqlite::memory:";
    }

    @Override
    protected PluginContext context() {
        return new PluginContext(clock, target(), new Properties());
    }

    @Override
    final List<BufferFactory> registeredFactories() {
        return registered(Plugin::getBufferFactories);
    }

    /** One run of a buffer: the instance, and what its {@link Buffer#recover()} returned when it started. */
    protected record Run(Buffer buffer, List<BufferEntry> recovered) {}

    /**
     * Starts a run as the engine does: builds a buffer from {@link #config()} and calls
     * {@link Buffer#recover()} once. The kit closes it after the test.
     *
     * @return the run
     * @throws SQLException when the buffer cannot be built or recovered
     */
    protected final Run start() throws SQLException {
        Buffer buffer = build(config());
        List<BufferEntry> recovered = buffer.recover();
        assertThat(recovered).as("recover() of %s", factory().name()).isNotNull();
        return new Run(buffer, List.copyOf(recovered));
    }

    private boolean durable() {
        return capabilities().contains(Capability.DURABLE);
    }

    /** Appends and waits until the entry is as durable as the buffer promises. */
    static void appendAndWait(Buffer buffer, BufferEntry entry) throws SQLException {
        await(buffer.append(entry), entry);
    }

    private static void await(CompletionStage<Void> stage, BufferEntry entry) {
        assertThat(stage).as("append(%s) returned null", entry.sequence()).isNotNull();
        try {
            stage.toCompletableFuture().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("append(" + entry.sequence() + ")'s stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("append(" + entry.sequence() + ")'s stage did not complete within " + APPEND_TIMEOUT_SECONDS
                    + " s; it must complete on I/O, not wait for the engine's clock to move", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<String> described(List<BufferEntry> entries) {
        return BufferEntries.describeAll(entries);
    }

    // ---------------------------------------------------------------- the contract

    @Nested
    @DisplayName("Appending and draining")
    class AppendAndDrain {
        @Test
        @DisplayName("a new buffer recovers nothing")
        void newBufferRecoversNothing() throws SQLException {
            assertThat(start().recovered()).isEmpty();
        }

        @Test
        @DisplayName("an append's stage completes normally")
        void appendCompletes() throws SQLException {
            Buffer buffer = start().buffer();
            BufferEntry entry = BufferEntries.raw(1, "k", "(1)");
            CompletableFuture<Void> done = buffer.append(entry).toCompletableFuture();
            await(done, entry);
            assertThat(done).isCompleted().isNotCompletedExceptionally();
        }

        @Test
        @DisplayName("a drain returns the key's entries in append order, and a second drain returns none of them")
        void drainInOrderOnce() throws SQLException {
            Buffer buffer = start().buffer();
            List<BufferEntry> appended = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                BufferEntry entry = BufferEntries.raw(i, "k", "(" + i + ")");
                appendAndWait(buffer, entry);
                appended.add(entry);
            }
            assertThat(described(buffer.drain("k"))).containsExactlyElementsOf(described(appended));
            assertThat(buffer.drain("k")).isEmpty();
        }

        @Test
        @DisplayName("a drain returns only its own key's entries; the others wait for their key's drain")
        void drainPerKey() throws SQLException {
            Buffer buffer = start().buffer();
            List<BufferEntry> first = new ArrayList<>();
            List<BufferEntry> second = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                BufferEntry entry = BufferEntries.raw(i, i % 2 == 0 ? "key b" : "key a", "(" + i + ")");
                appendAndWait(buffer, entry);
                (i % 2 == 0 ? second : first).add(entry);
            }
            assertThat(described(buffer.drain("key a"))).containsExactlyElementsOf(described(first));
            assertThat(described(buffer.drain("key b"))).containsExactlyElementsOf(described(second));
        }

        @Test
        @DisplayName("entries appended after a drain come with the next drain")
        void appendAfterDrain() throws SQLException {
            Buffer buffer = start().buffer();
            appendAndWait(buffer, BufferEntries.raw(1, "k", "(1)"));
            assertThat(buffer.drain("k")).hasSize(1);
            BufferEntry later = BufferEntries.raw(2, "k", "(2)");
            appendAndWait(buffer, later);
            assertThat(described(buffer.drain("k"))).containsExactly(BufferEntries.describe(later));
        }

        @Test
        @DisplayName("a drain of a key never appended to is empty, not null")
        void drainUnknownKey() throws SQLException {
            Buffer buffer = start().buffer();
            appendAndWait(buffer, BufferEntries.raw(1, "k", "(1)"));
            assertThat(buffer.drain("no such key")).isNotNull().isEmpty();
        }

        @Test
        @DisplayName("raw data and typed rows of every kind come back whole")
        void entriesComeBackWhole() throws SQLException {
            Buffer buffer = start().buffer();
            List<BufferEntry> appended = List.of(BufferEntries.raw(1, "k", "(1, 'zürich ✓'), (2, NULL)"),
                    BufferEntries.typedOfEveryKind(2, "k"));
            for (BufferEntry entry : appended) {
                appendAndWait(buffer, entry);
            }
            assertThat(described(buffer.drain("k"))).containsExactlyElementsOf(described(appended));
        }

        @Test
        @DisplayName("entries as the engine builds them (data alone or a prepared statement's typed rows of every value class, UUID query"
                + " ids, text of any kind and size, sequences far apart) come back whole, and a peek shows them without draining them")
        void engineShapedEntriesComeBackWhole() throws SQLException {
            Buffer buffer = start().buffer();
            String[] unusual = {"(1, 'a')", "", "(2, 'zürich ✓ 🚀')", "(3, '" + "x".repeat(70_000) + "')", "(4, '\uD800 lone')",
                    "(5, 'é')", "(6, '" + "ü".repeat(9000) + "')", "(7, '" + "✓".repeat(8000) + "')"};
            List<BufferEntry> appended = new ArrayList<>();
            for (int i = 1; i <= 1200; i++) {
                String values = i <= unusual.length ? unusual[i - 1] : "(" + i + ", '" + "y".repeat(i % 500) + (i % 7 == 0 ? "ж" : "") + "')";
                // Sequences and times far apart (past what an int holds), as entries of a key between busy other keys.
                long sequence = i * 3_000_017L;
                BufferEntry entry = i % 4 == 0 ? BufferEntries.prepared(sequence, "k", preparedRows(i))
                        : BufferEntries.inline(sequence, "k", values);
                appendAndWait(buffer, entry);
                appended.add(entry);
                if (i == 600) {
                    List<BufferEntry> peeked = buffer.peek("k");
                    if (peeked != null) {
                        assertThat(described(peeked)).as("peek after 600 appends").containsExactlyElementsOf(described(appended));
                    }
                }
            }
            assertThat(described(buffer.drain("k"))).containsExactlyElementsOf(described(appended));
            assertThat(buffer.drain("k")).isEmpty();
        }
    }

    /** A prepared statement's rows: one, a batch, a batch with a null row, or rows of a single wide text value. */
    private static List<Object[]> preparedRows(int i) {
        List<Object[]> rows = new ArrayList<>();
        switch (i % 16) {
            case 4 -> rows.add(BufferEntries.valuesOfEveryClass(i));
            case 8 -> {
                for (int r = 0; r < 50; r++) {
                    rows.add(BufferEntries.valuesOfEveryClass(i * 100L + r));
                }
            }
            case 12 -> {
                rows.add(new Object[] {(long) i, "w".repeat(80_000), null});
                rows.add(null);
                rows.add(new Object[0]);
            }
            default -> rows.add(new Object[] {(long) i, "name " + i, i * 0.25, java.sql.Timestamp.valueOf("2026-01-01 00:00:00")});
        }
        return rows;
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency {
        @Test
        @DisplayName("appends and drains from several threads, one key at a time as the engine does, lose and duplicate nothing")
        void concurrentAppendsAndDrains() throws Exception {
            Buffer buffer = start().buffer();
            int threads = 8;
            int perThread = 400;
            int keys = 16;
            ReentrantLock[] locks = new ReentrantLock[keys];
            List<List<Long>> drained = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                locks[k] = new ReentrantLock();
                drained.add(new ArrayList<>());
            }
            AtomicLong sequence = new AtomicLong();
            List<CompletionStage<Void>> stages = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<List<CompletionStage<Void>>>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    tasks.add(() -> {
                        List<CompletionStage<Void>> mine = new ArrayList<>();
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            int key = (thread * 7 + i) % keys;
                            locks[key].lock();
                            try {
                                // As in the engine: the sequence is taken and the entry appended under the key's lock.
                                long seq = sequence.incrementAndGet();
                                mine.add(buffer.append(BufferEntries.raw(seq, "key " + key, "(" + seq + ")")));
                                if (i % 10 == 9) {
                                    for (BufferEntry entry : buffer.drain("key " + key)) {
                                        drained.get(key).add(entry.sequence());
                                    }
                                }
                            } finally {
                                locks[key].unlock();
                            }
                        }
                        return mine;
                    });
                }
                List<Future<List<CompletionStage<Void>>>> results = new ArrayList<>();
                for (Callable<List<CompletionStage<Void>>> task : tasks) {
                    results.add(pool.submit(task));
                }
                go.countDown();
                for (Future<List<CompletionStage<Void>>> result : results) {
                    stages.addAll(result.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            for (CompletionStage<Void> stage : stages) {
                stage.toCompletableFuture().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            Set<Long> seen = new HashSet<>();
            for (int k = 0; k < keys; k++) {
                for (BufferEntry entry : buffer.drain("key " + k)) {
                    drained.get(k).add(entry.sequence());
                }
                assertThat(drained.get(k)).as("sequences drained from key %d, in drain order", k).isSorted();
                for (long seq : drained.get(k)) {
                    if (!seen.add(seq)) {
                        fail("entry %d was drained twice", seq);
                    }
                }
            }
            assertThat(seen).as("entries drained").hasSize(threads * perThread);
        }
    }

    @Nested
    @DisplayName("Release and recovery")
    class ReleaseAndRecovery {
        @Test
        @DisplayName("released entries are never recovered")
        void releasedAreNotRecovered() throws SQLException {
            Buffer buffer = start().buffer();
            for (int i = 1; i <= 3; i++) {
                appendAndWait(buffer, BufferEntries.raw(i, "k", "(" + i + ")"));
            }
            buffer.release(buffer.drain("k"));
            buffer.close();
            assertThat(start().recovered()).isEmpty();
        }

        @Test
        @DisplayName("releasing an entry twice does nothing")
        void releaseTwice() throws SQLException {
            Buffer buffer = start().buffer();
            appendAndWait(buffer, BufferEntries.raw(1, "k", "(1)"));
            appendAndWait(buffer, BufferEntries.raw(2, "k", "(2)"));
            List<BufferEntry> drained = buffer.drain("k");
            buffer.release(drained.subList(0, 1));
            assertThatCode(() -> buffer.release(drained.subList(0, 1))).doesNotThrowAnyException();
            buffer.close();
            List<BufferEntry> recovered = start().recovered();
            if (durable()) {
                assertThat(described(recovered)).containsExactly(BufferEntries.describe(drained.get(1)));
            } else {
                assertThat(recovered).isEmpty();
            }
        }

        @Test
        @DisplayName("DURABLE: entries appended and not released come back from recover() of the next run, in append order across keys")
        void unreleasedAreRecovered() throws SQLException {
            assumeDurable();
            Buffer buffer = start().buffer();
            List<BufferEntry> appended = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                BufferEntry entry = i == 4 ? BufferEntries.typedOfEveryKind(i, "key b") : BufferEntries.raw(i, i % 2 == 0 ? "key b" : "key a", "(" + i + ")");
                appendAndWait(buffer, entry);
                appended.add(entry);
            }
            // Drained but not released: the flush was under way when the run stopped.
            List<BufferEntry> inFlight = buffer.drain("key a");
            buffer.release(inFlight.subList(0, 1));
            buffer.close();
            List<BufferEntry> expected = new ArrayList<>(appended);
            expected.remove(inFlight.get(0));
            assertThat(described(start().recovered())).containsExactlyElementsOf(described(expected));
        }

        @Test
        @DisplayName("DURABLE: recovered entries are not returned by drain, and once released are not recovered again")
        void recoveredOnce() throws SQLException {
            assumeDurable();
            Buffer first = start().buffer();
            appendAndWait(first, BufferEntries.raw(1, "k", "(1)"));
            appendAndWait(first, BufferEntries.raw(2, "k", "(2)"));
            first.close();
            Run second = start();
            assertThat(second.recovered()).hasSize(2);
            assertThat(second.buffer().drain("k")).as("drain after recover").isEmpty();
            second.buffer().release(second.recovered().subList(0, 1));
            second.buffer().close();
            assertThat(described(start().recovered())).containsExactly(BufferEntries.describe(second.recovered().get(1)));
        }

        @Test
        @DisplayName("DURABLE: a run numbering its entries from 1 again, after an earlier run released all of its own, recovers its entries")
        void sequencesStartAgainAfterAFullRelease() throws SQLException {
            assumeDurable();
            Buffer first = start().buffer();
            appendAndWait(first, BufferEntries.raw(1, "k", "('first run')"));
            appendAndWait(first, BufferEntries.raw(2, "k", "('first run')"));
            first.release(first.drain("k"));
            first.close();
            Run second = start();
            assertThat(second.recovered()).isEmpty();
            // With nothing recovered, the engine numbers the new run's entries from 1 again.
            BufferEntry fromSecond = BufferEntries.raw(1, "k", "('second run')");
            appendAndWait(second.buffer(), fromSecond);
            second.buffer().close();
            assertThat(described(start().recovered())).containsExactly(BufferEntries.describe(fromSecond));
        }

        @Test
        @DisplayName("DURABLE: every entry has a ledger id, distinct from the others' and the same after recovery")
        void ledgerIds() throws SQLException {
            assumeDurable();
            Buffer first = start().buffer();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                BufferEntry entry = BufferEntries.raw(i, "k", "(" + i + ")");
                appendAndWait(first, entry);
                ids.add(first.ledgerId(entry));
            }
            assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
            first.close();
            Run second = start();
            List<String> recoveredIds = second.recovered().stream().map(second.buffer()::ledgerId).toList();
            assertThat(recoveredIds).containsExactlyElementsOf(ids);
            second.buffer().release(second.recovered());
            second.buffer().close();
            // A later run that recovered nothing numbers its entries from 1 again: its entry 1 is not the first run's.
            Run third = start();
            assertThat(third.recovered()).isEmpty();
            BufferEntry again = BufferEntries.raw(1, "k", "(1)");
            appendAndWait(third.buffer(), again);
            assertThat(third.buffer().ledgerId(again)).isNotNull().isNotIn(ids);
        }

        @Test
        @DisplayName("not DURABLE: the next run recovers nothing, and ledger ids are null")
        void notDurable() throws SQLException {
            Assumptions.assumeFalse(durable(), "the buffer declares Capability.DURABLE");
            Buffer first = start().buffer();
            BufferEntry entry = BufferEntries.raw(1, "k", "(1)");
            appendAndWait(first, entry);
            appendAndWait(first, BufferEntries.raw(2, "k", "(2)"));
            first.drain("k");
            assertThat(first.ledgerId(entry)).isNull();
            first.close();
            assertThat(start().recovered()).isEmpty();
        }

        private void assumeDurable() {
            Assumptions.assumeTrue(durable(), "the buffer does not declare Capability.DURABLE");
        }
    }

    @Nested
    @DisplayName("Closing")
    class Closing {
        @Test
        @DisplayName("closing twice is harmless")
        void closeTwice() throws SQLException {
            Buffer buffer = start().buffer();
            appendAndWait(buffer, BufferEntries.raw(1, "k", "(1)"));
            buffer.close();
            assertThatCode(buffer::close).doesNotThrowAnyException();
        }

        @Test
        @DisplayName("closing a buffer that never held anything is harmless")
        void closeUnused() throws SQLException {
            Buffer buffer = start().buffer();
            assertThatCode(buffer::close).doesNotThrowAnyException();
        }
    }
}
