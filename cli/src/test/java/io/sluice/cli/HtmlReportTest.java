package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.BenchResults.Run;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {
    private final Run run = SampleRuns.run();
    private final String html = HtmlReport.render(run);

    @Test
    void theReportIsOneWellFormedFileWithNothingExternal() throws Exception {
        Document document = Xml.parse(html);

        assertThat(document.getDocumentElement().getTagName()).isEqualTo("html");
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain(" src=")
                .doesNotContain(" href=").doesNotContain("@import").doesNotContain("url(");
        assertThat(document.getElementsByTagName("svg").getLength()).isEqualTo(HtmlReport.charts(run).size());
    }

    @Test
    void itHoldsTheMachineTheFiguresAndTheRatios() throws Exception {
        String text = Xml.parse(html).getDocumentElement().getTextContent();

        assertThat(text).contains("Intel(R) Xeon(R) <test> & Co").contains("OpenJDK 64-Bit Server VM 17.0.15")
                .contains("2026-11-21 19:00:00 UTC").contains("sluice bench --scenarios all");
        assertThat(text).contains("160,000").contains("32.0×").contains("0.32×").contains("500,000").contains("5,000");
        assertThat(text).contains("one prepared-statement batch in one transaction");
        assertThat(text).contains("3.50×").contains("io.sluice.engine.PendingInsert");
    }

    @Test
    void itOpensWithAOneSentenceAnswerAndHasNoPassOrFailWordingNorRepeatedHeadings() throws Exception {
        Document document = Xml.parse(html);
        NodeList paragraphs = document.getElementsByTagName("p");
        Element first = (Element) paragraphs.item(0);
        assertThat(first.getAttribute("class")).isEqualTo("answer");
        assertThat(first.getTextContent()).startsWith("On this machine Sluice wrote single-row INSERTs into SQLite 32.0 times");
        String text = document.getDocumentElement().getTextContent();
        assertThat(text).doesNotContain("goal").doesNotContain("MISSED").doesNotContain("0.00×");
        NodeList headings = document.getElementsByTagName("h2");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < headings.getLength(); i++) {
            String heading = headings.item(i).getTextContent();
            assertThat(seen.add(heading)).as("heading %s appears twice", heading).isTrue();
            assertThat(heading).doesNotContain("fire-and-forget: fire-and-forget");
        }
    }

    @Test
    void everyRequiredChartIsThere() {
        List<String> slugs = HtmlReport.charts(run).stream().map(HtmlReport.Chart::slug).toList();

        assertThat(slugs).contains("rates", "fire-and-forget-fire-and-forget-8-threads-throughput",
                "fire-and-forget-fire-and-forget-8-threads-buffered", "fire-and-forget-fire-and-forget-8-threads-rows-per-flush",
                "waiting-latency", "waiting-throughput", "waiting-10-latency-histogram", "waiting-300-latency-histogram",
                "waiting-300-throughput", "waiting-300-buffered");
    }

    @Test
    void theThroughputChartHasOnePointPerSample() throws Exception {
        HtmlReport.Chart chart = HtmlReport.charts(run).stream()
                .filter(c -> c.slug().equals("fire-and-forget-fire-and-forget-8-threads-throughput")).findFirst().orElseThrow();

        Element sent = (Element) Xml.parse(chart.svg()).getElementsByTagName("polyline").item(0);
        assertThat(sent.getAttribute("points").split(" ")).hasSize(run.phases().get(3).samples().size());
        // 40,000 rows every 0.25 s is 160,000 rows/s: the y axis reaches it
        assertThat(Xml.parse(chart.svg()).getDocumentElement().getTextContent()).contains("160k");
    }

    @Test
    void theRowsPerFlushHistogramCountsEveryFlush() throws Exception {
        HtmlReport.Chart chart = HtmlReport.charts(run).stream().filter(c -> c.slug().endsWith("rows-per-flush")).findFirst().orElseThrow();

        NodeList rects = Xml.parse(chart.svg()).getElementsByTagName("rect");
        long counted = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if ("bin".equals(rect.getAttribute("class"))) {
                String title = rect.getTextContent();
                counted += Long.parseLong(title.substring(title.lastIndexOf(": ") + 2).replace(",", ""));
            }
        }
        assertThat(counted).isEqualTo(444);
    }

    @Test
    void aReadingTakenJustAfterAnotherIsMergedIntoIt() {
        List<BenchResults.Sample> samples = List.of(new BenchResults.Sample(0.25, 10, 0, 0, 0, 0),
                new BenchResults.Sample(0.5, 20, 0, 0, 0, 0), new BenchResults.Sample(0.52, 30, 0, 0, 0, 0),
                new BenchResults.Sample(0.75, 40, 0, 0, 0, 0));

        assertThat(HtmlReport.evenlySpaced(samples)).extracting(BenchResults.Sample::sent).containsExactly(10L, 30L, 40L);
    }
}
