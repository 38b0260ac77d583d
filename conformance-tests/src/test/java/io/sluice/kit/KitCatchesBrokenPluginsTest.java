package io.sluice.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.BufferFactory;
import io.sluice.spi.BufferView;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushDecision.FlushTrigger;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Part;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingDefinition;
import io.sluice.spi.Storage;
import io.sluice.spi.StorageFactory;
import io.sluice.spi.TableInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit's tests can fail: each broken plugin here breaks one part of its contract, and running the kit
 * against it fails exactly the tests of that part (and the registration test, since none of them is
 * registered with ServiceLoader). The broken kits are static nested classes, which the build's test run
 * does not pick up (and skips if a test filter matches them); this test runs them through the JUnit
 * Platform launcher.
 */
@DisplayName("The plugin kit fails plugins that break the contract")
class KitCatchesBrokenPluginsTest {
    private static final long MS = 1_000_000L;

    @Test
    @DisplayName("a policy answering check-again times in the past")
    void pastCheckAgainTimes() {
        assertThat(failedTests(PastPolicyKit.class)).containsExactlyInAnyOrder("registered", "neverInThePast", "afterNowWhenHoldingEntries",
                "leadToAFlush");
    }

    @Test
    @DisplayName("a policy ignoring the size and count limits")
    void ignoredLimits() {
        assertThat(failedTests(IgnoresLimitsKit.class)).containsExactlyInAnyOrder("registered", "entryLimit", "byteLimit");
    }

    @Test
    @DisplayName("a policy whose answers depend on how often it was asked")
    void hiddenState() {
        // A second instance asked the same questions in the same order counts alike: only asking again shows it. Whether the
        // threads asking at once land on other counts depends on how they interleave, so that test may or may not fail.
        assertThat(failedTests(CountingPolicyKit.class)).contains("registered", "sameQuestionSameAnswer")
                .isSubsetOf("registered", "sameQuestionSameAnswer", "threadSafe");
    }

    @Test
    @DisplayName("a policy throwing for an empty buffer, and not checking its own setting")
    void emptyBufferAndLaxSettings() {
        assertThat(failedTests(ThrowsOnEmptyKit.class)).containsExactlyInAnyOrder("registered", "emptyGetsAnAnswer", "neverInThePast",
                "sameQuestionSameAnswer", "secondInstanceAnswersAlike", "threadSafe", "invalidSettings");
    }

    @Test
    @DisplayName("a buffer whose drain does not remove what it returns")
    void drainKeepsEntries() {
        assertThat(failedTests(DuplicatingBufferKit.class)).containsExactlyInAnyOrder("registered", "drainInOrderOnce", "appendAfterDrain",
                "engineShapedEntriesComeBackWhole",
                "concurrentAppendsAndDrains");
    }

    @Test
    @DisplayName("a memory buffer that claims to be durable")
    void falselyDurable() {
        assertThat(failedTests(FalselyDurableKit.class)).containsExactlyInAnyOrder("releaseTwice", "unreleasedAreRecovered", "recoveredOnce",
                "sequencesStartAgainAfterAFullRelease", "ledgerIds");
    }

    @Test
    @DisplayName("a storage writing a part row by row and calling every error transient")
    void notAllOrNothing() {
        assertThat(failedTests(RowByRowStorageKit.class)).contains("registered", "clashWithinThePart", "nullInNotNullColumn",
                "clashWithCommittedRow", "noneWhenOneFails", "droppedTable", "unknownErrorIsFatal").doesNotContain("writesEveryRow", "columns");
    }

    /** Runs one kit class and returns the names of the test methods that failed. */
    private static Set<String> failedTests(Class<?> kit) {
        Set<String> failed = new TreeSet<>();
        // A launcher of its own, without the listeners found on the class path: the build's test report
        // must not count the broken kits' failures as its own.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false).enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false).build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit))
                .configurationParameter(OnlyWhenRunByTheKitSelfTest.PARAMETER, "true").build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED && test.getSource().orElse(null) instanceof MethodSource method) {
                    failed.add(method.getMethodName());
                }
            }
        });
        return failed;
    }

    // ---------------------------------------------------------------- broken policies

    /** A factory for a policy built by {@code policy}, unregistered. */
    private static FlushPolicyFactory policyFactory(String name, java.util.function.Supplier<FlushPolicy> policy) {
        return new FlushPolicyFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public FlushPolicy create(PluginConfig config, PluginContext context) {
                return policy.get();
            }
        };
    }

    /** The threshold rules, written out, so that each broken policy changes one thing. */
    private static FlushDecision threshold(BufferView buffer, long now) {
        long deadline = buffer.openedAtNanos() + buffer.settings().getLong("async_insert_busy_timeout_max_ms") * MS;
        if (buffer.entries() == 0) {
            return FlushDecision.checkAgainAt(Math.max(now, deadline));
        }
        if (buffer.bytes() >= buffer.settings().getLong("async_insert_max_data_size")) {
            return FlushDecision.flushNow(FlushTrigger.SIZE);
        }
        if (buffer.entries() >= buffer.settings().getLong("async_insert_max_query_number")) {
            return FlushDecision.flushNow(FlushTrigger.COUNT);
        }
        return now >= deadline ? FlushDecision.flushNow(FlushTrigger.DEADLINE) : FlushDecision.checkAgainAt(deadline);
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class PastPolicyKit extends FlushPolicyKit {
        @Override
        protected FlushPolicyFactory factory() {
            return policyFactory("past", () -> (buffer, now) -> {
                FlushDecision decision = threshold(buffer, now);
                return decision.flush() ? decision : FlushDecision.checkAgainAt(now - 1);
            });
        }
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class IgnoresLimitsKit extends FlushPolicyKit {
        @Override
        protected FlushPolicyFactory factory() {
            return policyFactory("no-limits", () -> (buffer, now) -> {
                long deadline = buffer.openedAtNanos() + 200 * MS;
                return now >= deadline && buffer.entries() > 0 ? FlushDecision.flushNow(FlushTrigger.DEADLINE)
                        : FlushDecision.checkAgainAt(Math.max(now, deadline));
            });
        }
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class CountingPolicyKit extends FlushPolicyKit {
        @Override
        protected FlushPolicyFactory factory() {
            return policyFactory("counting", () -> {
                AtomicLong asked = new AtomicLong();
                return (buffer, now) -> {
                    FlushDecision decision = threshold(buffer, now);
                    return decision.flush() ? decision : FlushDecision.checkAgainAt(decision.checkAgainAtNanos() + asked.incrementAndGet() % 3);
                };
            });
        }
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class ThrowsOnEmptyKit extends FlushPolicyKit {
        @Override
        protected FlushPolicyFactory factory() {
            FlushPolicyFactory inner = policyFactory("throws-on-empty", () -> (buffer, now) -> {
                if (buffer.entries() == 0) {
                    throw new IllegalStateException("empty buffer");
                }
                return threshold(buffer, now);
            });
            return new FlushPolicyFactory() {
                @Override
                public String name() {
                    return inner.name();
                }

                @Override
                public List<SettingDefinition> settings() {
                    return List.of(new SettingDefinition("throws_on_empty_interval_ms", "Milliseconds", "100", "Read, never checked"));
                }

                @Override
                public FlushPolicy create(PluginConfig config, PluginContext context) throws SQLException {
                    return inner.create(config, context);
                }
            };
        }
    }

    // ---------------------------------------------------------------- broken buffers

    /** Keeps every entry: a drain returns them all again. */
    static final class DuplicatingBuffer implements Buffer {
        private final Map<String, List<BufferEntry>> byKey = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Void> append(BufferEntry entry) {
            byKey.computeIfAbsent(entry.keyId(), key -> java.util.Collections.synchronizedList(new ArrayList<>())).add(entry);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<BufferEntry> drain(String keyId) {
            List<BufferEntry> entries = byKey.get(keyId);
            return entries == null ? List.of() : List.copyOf(entries);
        }

        @Override
        public void release(List<BufferEntry> entries) {}

        @Override
        public void close() {}
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class DuplicatingBufferKit extends BufferKit {
        @Override
        protected BufferFactory factory() {
            return new BufferFactory() {
                @Override
                public String name() {
                    return "duplicating";
                }

                @Override
                public Buffer create(PluginConfig config, PluginContext context) {
                    return new DuplicatingBuffer();
                }
            };
        }
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class FalselyDurableKit extends BufferKit {
        @Override
        protected BufferFactory factory() {
            return KitPlugins.buffer("memory");
        }

        @Override
        protected Set<Capability> capabilities() {
            return Set.of(Capability.DURABLE);
        }
    }

    // ---------------------------------------------------------------- a broken storage

    /** The SQLite storage, but each row is written in a transaction of its own and every error is called transient. */
    static final class RowByRowStorage implements Storage {
        private final Storage sqlite;

        RowByRowStorage(Storage sqlite) {
            this.sqlite = sqlite;
        }

        @Override
        public String defaultDatabase() {
            return sqlite.defaultDatabase();
        }

        @Override
        public Optional<TableInfo> table(String database, String table) throws SQLException {
            return sqlite.table(database, table);
        }

        @Override
        public Set<String> writePart(Part part) throws SQLException {
            for (Object[] row : part.rows()) {
                sqlite.writePart(new Part(part.database(), part.table(), part.columns(), List.<Object[]>of(row), part.name(), part.flushQueryId()));
            }
            return Set.of();
        }

        @Override
        public Set<String> writeParts(List<Part> parts) throws SQLException {
            Set<String> skipped = new HashSet<>();
            for (Part part : parts) {
                skipped.addAll(writePart(part));
            }
            return skipped;
        }

        @Override
        public void writeRows(Connection connection, Part part) throws SQLException {
            sqlite.writeRows(connection, part);
        }

        @Override
        public Connection openConnection() throws SQLException {
            return sqlite.openConnection();
        }

        @Override
        public ErrorKind classify(SQLException error) {
            return ErrorKind.TRANSIENT;
        }

        @Override
        public void close() {
            sqlite.close();
        }
    }

    @ExtendWith(OnlyWhenRunByTheKitSelfTest.class)
    static class RowByRowStorageKit extends StorageKit {
        @TempDir
        Path directory;

        @Override
        protected StorageFactory factory() {
            StorageFactory sqlite = KitPlugins.storage("sqlite");
            return new StorageFactory() {
                @Override
                public String name() {
                    return "row-by-row";
                }

                @Override
                public Storage create(PluginConfig config, PluginContext context) throws SQLException {
                    return new RowByRowStorage(sqlite.create(config, context));
                }
            };
        }

        @Override
        protected String target() {
            return "sqlite:" + directory.resolve("kit.db");
        }

        @Override
        protected Set<Capability> capabilities() {
            return Set.of(Capability.MULTI_PART_TRANSACTION);
        }
    }
}
