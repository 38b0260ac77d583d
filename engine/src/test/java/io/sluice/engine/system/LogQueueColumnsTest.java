package io.sluice.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The queue's columns are sized for the batches the writer takes, so that rows queued do not copy them as they grow. */
class LogQueueColumnsTest {
    private static void queueInserts(LogQueue queue, int count) {
        for (int i = 0; i < count; i++) {
            queue.addFinishedInsert(1_000 + i, 1_000, "Insert", QueryIds.newQueryId(), "INSERT INTO main.t (a) VALUES", "main", "t", 1, 5, "");
        }
    }

    @Test
    @DisplayName("after a batch larger than the columns kept for reuse, the next batch queues into columns as large as it")
    void columnsFollowTheLastBatch() {
        LogQueue queue = new LogQueue(Long.MAX_VALUE, dropped -> {});
        int large = 5 * LogQueue.BATCH_ROWS;
        queueInserts(queue, large);
        LogQueue.Taken first = queue.take();
        assertThat(first.queryRows()).isEqualTo(large);
        queueInserts(queue, 1);
        LogQueue.Taken second = queue.take();
        assertThat(second.queryRows()).isEqualTo(1);
        assertThat(second.queries().get(0).capacity()).isGreaterThanOrEqualTo(large);
        // Columns of small batches are kept for the next one, and reused while batches stay as small.
        queueInserts(queue, 10);
        LogQueue.Taken third = queue.take();
        queue.recycle(third);
        queueInserts(queue, 10);
        // The rows queued since third was taken go; the columns they leave behind are third's.
        assertThat(queue.take().queries().get(0)).isNotSameAs(third.queries().get(0));
        queueInserts(queue, 10);
        assertThat(queue.take().queries().get(0)).isSameAs(third.queries().get(0));
    }
}
