package io.sluice.engine.insert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.StatementControl;
import io.sluice.engine.settings.EffectiveSettings;
import io.sluice.engine.settings.SettingsLayer;
import io.sluice.engine.settings.SettingsRegistry;
import io.sluice.engine.settings.SettingsStack;
import io.sluice.engine.system.Metrics;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.format.Format;
import io.sluice.plugin.memory.MemoryBufferPlugin;
import io.sluice.plugin.threshold.ThresholdPolicyPlugin;
import io.sluice.spi.Buffer;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ManualClock;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.StorageFeedback;
import io.sluice.spi.TableInfo;
import io.sluice.spi.ValueType;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client's wait on a manual clock, with the real accumulator, memory buffer and threshold policy and a lane
 * that never flushes: only a timeout or a cancel can end a wait here.
 */
class ClientWaitsTest {
    private static final TableInfo TABLE = new TableInfo("main", "t", List.of(ColumnInfo.of("a", "INTEGER", ValueType.INTEGER, true, false)));

    private final ManualClock clock = new ManualClock();
    private final Timer timer = new Timer(clock, "client-waits-test-timer");
    private final Metrics metrics = new Metrics();
    private final BufferedBytesLimit bytes = new BufferedBytesLimit(1_000_000, clock, timer, metrics);
    private final Lane lane = new Lane() {
        @Override
        public void submit(FlushJob job) {}

        @Override
        public StorageFeedback feedback() {
            return StorageFeedback.NONE;
        }
    };
    private Buffer buffer;
    private Accumulator accumulator;
    private ClientWaits waits;
    private KeyQueue queue;

    @BeforeEach
    void start() throws Exception {
        PluginContext context = new PluginContext(clock, "test", new Properties(), null);
        buffer = new MemoryBufferPlugin().getBufferFactories().get(0).create(PluginConfig.of(Map.of()), context);
        accumulator = new Accumulator("test", clock, buffer, timer, bytes, metrics, new RunState(), table -> lane);
        waits = new ClientWaits(clock, timer, metrics, accumulator);
        EffectiveSettings settings = SettingsStack.ofEngine(new SettingsRegistry(List.of()), SettingsLayer.EMPTY).resolve(List.of(
                new SettingAssignment("async_insert_busy_timeout_max_ms", "60000"),
                new SettingAssignment("async_insert_use_adaptive_busy_timeout", "0"),
                new SettingAssignment("async_insert_closed_loop_flush", "0")));
        queue = accumulator.queue(new BufferKey("main", "t", List.of("a"), Format.VALUES, settings.keySettings()), TABLE, TABLE.columns(),
                settings, new ThresholdPolicyPlugin().getFlushPolicyFactories().get(0).create(PluginConfig.of(Map.of()), context));
    }

    @AfterEach
    void close() {
        timer.close();
        buffer.close();
    }

    @Test
    void theTimeoutCountsFromTheInsertsAcceptanceNotFromWhenItsClientStartsWaiting() throws Exception {
        PendingInsert insert = accumulator.append(queue, "(1)", 0, null, 3, "q", "", "", true);
        // The clock moves on before the client reaches its wait: its timeout has already passed.
        clock.advanceMillis(1000);
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return waits.await(insert, 1000);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        // Nothing moves the clock any more: measured from the start of the wait, it would never end.
        assertThatThrownBy(() -> waited.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(SluiceSqlException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.TIMEOUT_EXCEEDED.code()));
        assertThat(insert).as("the entry stays queued, to be completed by its flush").isNotDone();
        assertThat(metrics.get(Metrics.Event.AsyncInsertWaitTimeouts)).isEqualTo(1);
    }

    @Test
    void aWaitCancelledBeforeItStartsEndsAtOnceAndTheEntryStaysQueued() throws Exception {
        PendingInsert insert = accumulator.append(queue, "(1)", 0, null, 3, "q", "", "", true);
        StatementControl control = new StatementControl(0);
        control.cancel();
        assertThatThrownBy(() -> waits.await(insert, 60_000, control)).isInstanceOfSatisfying(SluiceSqlException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.QUERY_WAS_CANCELLED.code()));
        assertThat(insert).isNotDone();
        assertThat(buffer.drain(queue.keyId)).as("still in the buffer").hasSize(1);
    }
}
