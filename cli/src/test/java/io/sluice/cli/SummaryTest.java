package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.BenchResults.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private final Run run = SampleRuns.run();

    @Test
    void eachPhaseIsARowWithRatiosAgainstBothBaselines() {
        List<List<String>> rows = Summary.rows(run);

        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).containsExactly("baseline", "plain JDBC, autocommit", "1", "15,000", "3.00", "5,000", "1×",
                "0.01×", "-", "-", "-", "-", "20.0");
        assertThat(rows.get(1)).containsExactly("baseline", "plain JDBC, bulk load", "1", "200,000", "0.40", "500,000", "100.0×",
                "1×", "-", "-", "-", "-", "2.00");
        assertThat(rows.get(2)).containsExactly("fire-and-forget", "fire-and-forget, 8 threads", "8", "200,000", "1.25",
                "160,000", "32.0×", "0.32×", "444", "450", "-", "-", "12.5");
        assertThat(rows.get(4).subList(0, 8)).containsExactly("waiting", "300 waiting clients", "300", "7,000", "5.00", "1,400",
                "0.28×", "0.00×");
        // 7,000 latencies from 150 to 260 ms: the median is the 3,500th, 150 + 110 × 3,499 / 6,999 ms
        assertThat(rows.get(4).get(10)).isEqualTo("205.0 ms");
        assertThat(rows.get(4).get(11)).isEqualTo("258.9 ms");
        assertThat(rows.get(4).get(12)).isEqualTo("100.0"); // 0.7 s of CPU for 7,000 rows
        assertThat(rows.get(3).get(12)).isEqualTo("-"); // not measured
    }

    @Test
    void headlinesSayWhichGoalIsMetAndWhichIsMissed() {
        List<Summary.Headline> headlines = Summary.headlines(run);

        assertThat(headlines.get(0).text()).contains("160,000 single-row INSERTs/s into SQLite");
        assertThat(headlines.get(0).met()).isTrue();
        assertThat(headlines.get(1).text()).isEqualTo("Fire-and-forget vs plain autocommit INSERTs: 32.0× (goal: at least 30×)");
        assertThat(headlines.get(1).met()).isTrue();
        assertThat(headlines.get(2).text()).isEqualTo("Fire-and-forget vs plain bulk load (one prepared-statement batch in one "
                + "transaction): 0.32× (goal: at least 0.5×)");
        assertThat(headlines.get(2).met()).isFalse();
        // 10 clients: p99 ≈ 120 ms ≤ 200 + 5; 300 clients: p99 ≈ 260 ms > 200 + 40
        assertThat(headlines.get(3).text()).startsWith("10 waiting clients: 100 rows/s, ack p99 119.3 ms")
                .endsWith("(bound: busy timeout 200 ms + p99 flush 5.0 ms = 205.0 ms)");
        assertThat(headlines.get(3).met()).isTrue();
        assertThat(headlines.get(4).text()).endsWith("(bound: busy timeout 200 ms + p99 flush 40.4 ms = 240.4 ms)");
        assertThat(headlines.get(4).met()).isFalse();
        assertThat(headlines.get(5).text()).isEqualTo("Waiting-clients throughput by step: 10: 100 → 300: 1,400 rows/s (grows with every step)");
        assertThat(headlines.get(5).met()).isNull();
        assertThat(headlines.get(6).text()).startsWith("1,000,000 buffered entries: heap grew 120.2 MiB for 34.3 MiB of raw data = 3.5× raw, 126 bytes per entry");
        assertThat(headlines.get(6).met()).isFalse();
        assertThat(headlines).hasSize(7);
    }

    @Test
    void theBoundOfAWaitingStepIsTheBusyTimeoutPlusItsP99Flush() {
        assertThat(Summary.latencyBoundNanos(run, run.phases().get(4))).isEqualTo(240_400_000L);
        assertThat(Summary.latencyBoundNanos(run, run.phases().get(3))).isEqualTo(205_000_000L);
    }
}
