package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: headless Chromium renders the sample run's report to a screenshot,
 * which must not be blank, and its console must show no errors. Skipped, with a message saying so, where
 * {@code /usr/bin/chromium} is not installed ({@code apt-get install -y chromium}).
 */
class HtmlReportChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void chromiumRendersTheReportWithoutErrors(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "SKIPPED: no /usr/bin/chromium, so the report is not rendered in a browser"
                + " (apt-get install -y chromium to run this test)");
        Path report = directory.resolve("report.html");
        Files.writeString(report, HtmlReport.render(SampleRuns.run()), StandardCharsets.UTF_8);
        Path screenshot = directory.resolve("report.png");
        Path log = directory.resolve("chromium.log");
        Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + directory.resolve("profile"),
                "--window-size=1280,2400", "--screenshot=" + screenshot, report.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String output = Files.readString(log);
        assertThat(chromium.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("Uncaught").doesNotContain(":CONSOLE(");

        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        long dark = 0;
        long colored = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r + g + b < 200) {
                    dark++;
                }
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    colored++;
                }
            }
        }
        // Text draws dark pixels and the charts' bars and lines colored ones; a blank page has neither.
        assertThat(dark).as("dark (text) pixels").isGreaterThan(2_000);
        assertThat(colored).as("colored (chart) pixels").isGreaterThan(2_000);
    }
}
