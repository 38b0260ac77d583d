package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgTest {
    @Test
    void aLineChartDrawsEachSeriesThroughEveryPoint() throws Exception {
        String svg = Svg.lineChart("Throughput <rows> & more", "seconds", "rows/s", List.of(
                new Svg.Series("sent", new double[] {0.25, 0.5, 0.75}, new double[] {1000, 3000, 2000}),
                new Svg.Series("written", new double[] {0.25, 0.5, 0.75}, new double[] {0, Double.NaN, 6000})), null);

        Document document = Xml.parse(svg);
        NodeList lines = document.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        assertThat(((Element) lines.item(0)).getAttribute("points").split(" ")).hasSize(3);
        assertThat(((Element) lines.item(1)).getAttribute("points").split(" ")).hasSize(2); // NaN is left out
        assertThat(document.getDocumentElement().getTextContent()).contains("Throughput <rows> & more").contains("sent")
                .contains("written").contains("6k");
        assertThat(svg).doesNotContain("<script").doesNotContain("href");
    }

    @Test
    void theYAxisCoversTheLargestValueAndStartsAtZero() throws Exception {
        String svg = Svg.lineChart("t", "x", "y", List.of(new Svg.Series("s", new double[] {1, 2}, new double[] {0, 950})), null);

        String text = Xml.parse(svg).getDocumentElement().getTextContent();
        assertThat(text).contains("0").contains("1k");
    }

    @Test
    void categoriesLabelTheXAxis() throws Exception {
        String svg = Svg.lineChart("sweep", "clients", "ms", List.of(new Svg.Series("p99", new double[] {0, 1, 2},
                new double[] {12, 150, 240})), new String[] {"1", "100", "1000"});

        String text = Xml.parse(svg).getDocumentElement().getTextContent();
        assertThat(text).contains("1000").contains("100");
        assertThat(Xml.parse(svg).getElementsByTagName("circle").getLength()).isEqualTo(3);
    }

    @Test
    void aHistogramHasOneBarPerNonEmptyBin() throws Exception {
        String svg = Svg.histogram("Rows per flush", "rows", "", new long[] {3, 0, 7, 1}, 50);

        Document document = Xml.parse(svg);
        NodeList bars = document.getElementsByTagName("rect");
        int bins = 0;
        StringBuilder titles = new StringBuilder();
        for (int i = 0; i < bars.getLength(); i++) {
            Element bar = (Element) bars.item(i);
            if ("bin".equals(bar.getAttribute("class"))) {
                bins++;
                titles.append(bar.getTextContent()).append('|');
            }
        }
        assertThat(bins).isEqualTo(3);
        assertThat(titles.toString()).isEqualTo("0–50: 3|100–150: 7|≥ 150: 1|");
    }

    @Test
    void horizontalBarsOnALogScaleKeepSmallRatesVisible() throws Exception {
        String svg = Svg.horizontalBars("Rates", "rows/s", List.of(new Svg.Bar("autocommit", 5_000, "baseline", 1),
                new Svg.Bar("bulk", 600_000, "baseline", 2), new Svg.Bar("sluice", 150_000, "30.0× autocommit", 0)), true);

        Document document = Xml.parse(svg);
        NodeList rects = document.getElementsByTagName("rect");
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if ("bar".equals(rect.getAttribute("class"))) {
                double width = Double.parseDouble(rect.getAttribute("width"));
                smallest = Math.min(smallest, width);
                largest = Math.max(largest, width);
            }
        }
        // a linear scale would draw 5,000 at under 1% of 600,000; the log scale from 1k to 1M at about 23%
        assertThat(smallest / largest).isGreaterThan(0.2);
        assertThat(document.getDocumentElement().getTextContent()).contains("30.0× autocommit").contains("600k")
                .contains("logarithmic");
    }

    @Test
    void noDataIsSaidRatherThanDrawn() throws Exception {
        String svg = Svg.lineChart("empty", "x", "y", List.of(new Svg.Series("s", new double[0], new double[0])), null);

        assertThat(Xml.parse(svg).getDocumentElement().getTextContent()).contains("no data");
        assertThat(svg).doesNotContain("polyline");
    }

    @Test
    void ticksAreRoundNumbersThatCoverTheRange() {
        assertThat(Svg.ticks(0, 950)).containsExactly(0, 200, 400, 600, 800, 1000);
        assertThat(Svg.ticks(0, 1)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
        assertThat(Svg.ticks(0, 12_345)).containsExactly(0, 5_000, 10_000, 15_000);
    }

    @Test
    void textIsEscaped() {
        assertThat(Svg.escape("a<b & \"c\" 'd'>")).isEqualTo("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
        assertThatThrownBy(() -> new Svg.Series("s", new double[1], new double[2]))
                .hasMessage("series s has 1 x values and 2 y values");
    }
}
