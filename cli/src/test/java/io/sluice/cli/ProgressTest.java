package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void theBarFillsWithTheFractionDone() {
        assertThat(Progress.line("load", 0, 0, 0))
                .isEqualTo("  load [>                       ]   0%           0 rows          0 rows/s    0.0 s");
        assertThat(Progress.line("load", 0.5, 1_000, 2))
                .isEqualTo("  load [============>           ]  50%       1,000 rows        500 rows/s    2.0 s");
        assertThat(Progress.line("load", 1.7, 10, 1))
                .isEqualTo("  load [========================] 100%          10 rows         10 rows/s    1.0 s");
        assertThat(Progress.line("load", Double.NaN, 10, 1))
                .isEqualTo("  load [                        ]               10 rows         10 rows/s    1.0 s");
    }

    @Test
    void aRunningBarRewritesItsLineAndBlanksItWhenClosed() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CountDownLatch shown = new CountDownLatch(2);

        Progress progress = Progress.start(err, "phase", () -> {
            shown.countDown();
            return 42;
        }, () -> 0.25);
        assertThat(shown.await(10, TimeUnit.SECONDS)).isTrue();
        progress.close();
        progress.close();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r  phase [======>").contains(" 25%").contains("42 rows");
        assertThat(text).matches("(?s).*rows/s +[0-9.]+ s\\r {40,}\\r");
    }
}
