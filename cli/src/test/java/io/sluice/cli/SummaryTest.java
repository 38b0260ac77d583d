package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.BenchResults.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private final Run run = SampleRuns.run();

    @Test
    void eachPhaseIsARowWithRatiosAgainstEveryBaseline() {
        List<List<String>> rows = Summary.rows(run);

        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).containsExactly("baseline", "plain JDBC, autocommit", "1", "15,000", "3.00", "5,000", "1×",
                "0.02×", "0.01×", "-", "-", "-", "-", "20.0", "40");
        assertThat(rows.get(1)).containsExactly("baseline", "plain JDBC, bulk load", "1", "200,000", "0.40", "500,000", "100.0×",
                "2.0×", "1×", "-", "-", "-", "-", "2.00", "12");
        assertThat(rows.get(2)).containsExactly("baseline", "hand-written batcher, 8 threads", "8", "200,000", "0.80", "250,000",
                "50.0×", "1×", "0.5×", "-", "-", "-", "-", "3.00", "3");
        assertThat(rows.get(3)).containsExactly("fire-and-forget", "fire-and-forget, 8 threads", "8", "200,000", "1.25",
                "160,000", "32.0×", "0.64×", "0.32×", "444", "450", "-", "-", "12.5", "1,250");
        // Small ratios keep two significant digits instead of reading 0.00×.
        assertThat(rows.get(5).subList(0, 9)).containsExactly("waiting", "300 waiting clients", "300", "7,000", "5.00", "1,400",
                "0.28×", "0.0056×", "0.0028×");
        // 7,000 latencies from 150 to 260 ms: the median is the 3,500th, 150 + 110 × 3,499 / 6,999 ms
        assertThat(rows.get(5).get(11)).isEqualTo("205.0 ms");
        assertThat(rows.get(5).get(12)).isEqualTo("258.9 ms");
        assertThat(rows.get(5).get(13)).isEqualTo("100.0"); // 0.7 s of CPU for 7,000 rows
        assertThat(rows.get(4).get(13)).isEqualTo("-"); // not measured
        assertThat(rows.get(4).get(14)).isEqualTo("-");
        assertThat(rows.get(5).get(14)).isEqualTo("-"); // CPU known, the JIT's time not
    }

    @Test
    void headlinesCompareWithWhatAUserWouldDoOtherwiseWithoutPassOrFail() {
        List<String> headlines = Summary.headlines(run);

        assertThat(headlines.get(0)).isEqualTo("fire-and-forget, 8 threads: 160,000 single-row INSERTs/s into SQLite, timed until"
                + " written = 32.0× plain autocommit INSERTs, 0.64× a hand-written batcher, 0.32× the bulk load");
        assertThat(headlines.get(1)).isEqualTo("CPU per row written: 12.5 µs through Sluice, 3.00 µs for the hand-written batcher"
                + " (4.2×), 20.0 µs for plain autocommit");
        assertThat(headlines.get(2)).startsWith("10 waiting clients: 100 rows/s, each INSERT acknowledged once written: p50 ")
                .contains("p99 119.3 ms").endsWith("(busy timeout 200 ms + p99 flush 5.0 ms)");
        assertThat(headlines.get(3)).endsWith("(busy timeout 200 ms + p99 flush 40.4 ms)");
        assertThat(headlines.get(4)).isEqualTo("Waiting-clients throughput by step: 10: 100 → 300: 1,400 rows/s");
        assertThat(headlines.get(5)).startsWith("1,000,000 buffered entries: heap grew 120.2 MiB for 34.3 MiB of raw data = 3.5× raw, 126 bytes per entry");
        assertThat(headlines).hasSize(6).noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).contains("goal"))
                .noneMatch(line -> line.contains("MISSED"));
    }

    @Test
    void theAnswerIsOneSentence() {
        assertThat(Summary.answer(run)).isEqualTo("On this machine Sluice wrote single-row INSERTs into SQLite 32.0 times as fast"
                + " as plain autocommit INSERTs, at 0.64× the rate of a hand-written batcher and 0.32× that of the bulk load,"
                + " without changing the application's INSERTs.");
    }

    @Test
    void theBoundOfAWaitingStepIsTheBusyTimeoutPlusItsP99Flush() {
        assertThat(Summary.latencyBoundNanos(run, run.phases().get(5))).isEqualTo(240_400_000L);
        assertThat(Summary.latencyBoundNanos(run, run.phases().get(4))).isEqualTo(205_000_000L);
    }
}
