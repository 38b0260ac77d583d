package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts as standalone SVG elements (well-formed XML, no scripts, no external references), for the
 * benchmark's HTML report: line charts, histograms and horizontal bar charts. Every text is escaped.
 * Stateless.
 */
final class Svg {
    static final String[] COLORS = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"};
    static final int WIDTH = 680;
    static final int HEIGHT = 300;
    private static final int LEFT = 72;
    private static final int RIGHT = WIDTH - 18;
    private static final int TOP = 50;
    private static final int BOTTOM = HEIGHT - 46;

    private Svg() {}

    /** One line of a line chart: points {@code (x[i], y[i])}. */
    record Series(String name, double[] x, double[] y) {
        Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + " has " + x.length + " x values and " + y.length + " y values");
            }
        }
    }

    /** One bar of a horizontal bar chart, with a note written after it. */
    record Bar(String label, double value, String note, int color) {}

    /** Escapes text for XML and HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        escaped.append(' ');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /**
     * A line chart with a y axis from 0. With {@code categories}, x values are indexes into it and the x axis
     * is labelled with them (equally spaced); otherwise the x axis is numeric.
     */
    static String lineChart(String title, String xLabel, String yLabel, List<Series> series, String[] categories) {
        StringBuilder svg = open(WIDTH, HEIGHT, title);
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        int points = 0;
        for (Series line : series) {
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
                    xMin = Math.min(xMin, line.x()[i]);
                    xMax = Math.max(xMax, line.x()[i]);
                    yMax = Math.max(yMax, line.y()[i]);
                    points++;
                }
            }
        }
        if (points == 0) {
            return noData(svg, title);
        }
        if (categories != null) {
            xMin = -0.5;
            xMax = categories.length - 0.5;
        } else if (xMax == xMin) {
            xMax = xMin + 1;
        }
        double[] yTicks = ticks(0, yMax == 0 ? 1 : yMax);
        double yTop = yTicks[yTicks.length - 1];
        Scale x = new Scale(xMin, xMax, LEFT, RIGHT, false);
        Scale y = new Scale(0, yTop, BOTTOM, TOP, false);
        gridY(svg, y, yTicks);
        if (categories != null) {
            for (int i = 0; i < categories.length; i++) {
                tickX(svg, x.at(i), categories[i]);
            }
        } else {
            for (double tick : ticks(xMin, xMax)) {
                if (tick >= xMin && tick <= xMax) {
                    tickX(svg, x.at(tick), Units.compact(tick));
                }
            }
        }
        axes(svg, xLabel, yLabel);
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String color = COLORS[s % COLORS.length];
            StringBuilder path = new StringBuilder();
            int shown = 0;
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
                    path.append(shown++ == 0 ? "" : " ").append(num(x.at(line.x()[i]))).append(',').append(num(y.at(line.y()[i])));
                }
            }
            svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\" points=\"").append(path).append("\"><title>").append(escape(line.name()))
                    .append("</title></polyline>\n");
            if (shown <= 30) {
                for (int i = 0; i < line.x().length; i++) {
                    if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
                        svg.append("<circle cx=\"").append(num(x.at(line.x()[i]))).append("\" cy=\"").append(num(y.at(line.y()[i])))
                                .append("\" r=\"3\" fill=\"").append(color).append("\"><title>").append(escape(line.name()))
                                .append(": ").append(escape(Units.compact(line.y()[i]))).append("</title></circle>\n");
                    }
                }
            }
        }
        legend(svg, series.stream().map(Series::name).toList());
        return close(svg);
    }

    /**
     * A histogram of {@code counts} in bins of {@code width} from 0, the last bin holding every larger
     * value; x values are shown with {@code unit}.
     */
    static String histogram(String title, String xLabel, String unit, long[] counts, double width) {
        StringBuilder svg = open(WIDTH, HEIGHT, title);
        long max = 0;
        long total = 0;
        for (long count : counts) {
            max = Math.max(max, count);
            total += count;
        }
        if (total == 0) {
            return noData(svg, title);
        }
        double[] yTicks = ticks(0, max);
        Scale x = new Scale(0, counts.length, LEFT, RIGHT, false);
        Scale y = new Scale(0, yTicks[yTicks.length - 1], BOTTOM, TOP, false);
        gridY(svg, y, yTicks);
        double barWidth = x.at(1) - x.at(0);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double top = y.at(counts[i]);
            String range = i == counts.length - 1 ? "≥ " + Units.compact(i * width) + unit
                    : Units.compact(i * width) + "–" + Units.compact((i + 1) * width) + unit;
            svg.append("<rect class=\"bin\" x=\"").append(num(x.at(i) + 0.5)).append("\" y=\"").append(num(top))
                    .append("\" width=\"").append(num(Math.max(1, barWidth - 1))).append("\" height=\"")
                    .append(num(BOTTOM - top)).append("\" fill=\"").append(COLORS[0]).append("\"><title>")
                    .append(escape(range + ": " + Units.count(counts[i]))).append("</title></rect>\n");
        }
        int every = Math.max(1, (int) Math.ceil(counts.length / 8.0));
        for (int i = 0; i <= counts.length; i += every) {
            tickX(svg, x.at(i), Units.compact(i * width) + (i == counts.length ? "+" : ""));
        }
        axes(svg, xLabel, "count");
        return close(svg);
    }

    /**
     * Horizontal bars, one per row, each labelled on the left and followed by its value and note; with
     * {@code log} the scale is logarithmic (values must be positive), so that rates 100× apart stay readable.
     */
    static String horizontalBars(String title, String unit, List<Bar> bars, boolean log) {
        int rowHeight = 30;
        int labelWidth = 250;
        int width = WIDTH + 120;
        int height = TOP + bars.size() * rowHeight + 40;
        StringBuilder svg = open(width, height, title);
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (Bar bar : bars) {
            if (bar.value() > 0 && Double.isFinite(bar.value())) {
                max = Math.max(max, bar.value());
                min = Math.min(min, bar.value());
            }
        }
        if (max == 0) {
            return noData(svg, title);
        }
        int plotLeft = labelWidth + 10;
        int plotRight = width - 250;
        int plotBottom = TOP + bars.size() * rowHeight;
        Scale x;
        List<Double> ticks = new ArrayList<>();
        if (log) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            if (high <= low) {
                high = low * 10;
            }
            x = new Scale(low, high, plotLeft, plotRight, true);
            for (double tick = low; tick <= high * 1.0001; tick *= 10) {
                ticks.add(tick);
            }
        } else {
            double[] linear = ticks(0, max);
            x = new Scale(0, linear[linear.length - 1], plotLeft, plotRight, false);
            for (double tick : linear) {
                ticks.add(tick);
            }
        }
        for (double tick : ticks) {
            double at = x.at(tick);
            svg.append("<line class=\"grid\" x1=\"").append(num(at)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                    .append(num(at)).append("\" y2=\"").append(plotBottom).append("\" stroke=\"#e5e7eb\"/>\n");
            svg.append("<text x=\"").append(num(at)).append("\" y=\"").append(plotBottom + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#374151\">").append(escape(Units.compact(tick)))
                    .append("</text>\n");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double top = TOP + i * rowHeight + 5;
            double middle = top + (rowHeight - 10) / 2.0 + 4;
            svg.append("<text x=\"").append(labelWidth).append("\" y=\"").append(num(middle))
                    .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#111827\">").append(escape(bar.label())).append("</text>\n");
            if (bar.value() > 0 && Double.isFinite(bar.value())) {
                double end = x.at(bar.value());
                svg.append("<rect class=\"bar\" x=\"").append(plotLeft).append("\" y=\"").append(num(top)).append("\" width=\"")
                        .append(num(Math.max(1, end - plotLeft))).append("\" height=\"").append(rowHeight - 10)
                        .append("\" fill=\"").append(COLORS[bar.color() % COLORS.length]).append("\"><title>")
                        .append(escape(bar.label() + ": " + Units.rate(bar.value()) + " " + unit)).append("</title></rect>\n");
                svg.append("<text x=\"").append(num(end + 6)).append("\" y=\"").append(num(middle))
                        .append("\" font-size=\"11\" fill=\"#111827\">").append(escape(Units.compact(bar.value())
                                + (bar.note().isEmpty() ? "" : "  " + bar.note()))).append("</text>\n");
            }
        }
        svg.append("<text x=\"").append((plotLeft + plotRight) / 2).append("\" y=\"").append(plotBottom + 34)
                .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#374151\">")
                .append(escape(unit + (log ? " (logarithmic scale)" : ""))).append("</text>\n");
        return close(svg);
    }

    // ---- pieces

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" role=\"img\" aria-label=\"").append(escape(title)).append("\">\n");
        svg.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>\n");
        svg.append("<text x=\"").append(width / 2).append("\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#111827\">")
                .append(escape(title)).append("</text>\n");
        return svg;
    }

    private static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    private static String noData(StringBuilder svg, String title) {
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#6b7280\">no data</text>\n");
        return close(svg);
    }

    private static void gridY(StringBuilder svg, Scale y, double[] ticks) {
        for (double tick : ticks) {
            double at = y.at(tick);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(num(at)).append("\" x2=\"").append(RIGHT)
                    .append("\" y2=\"").append(num(at)).append("\" stroke=\"#e5e7eb\"/>\n");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(at + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#374151\">").append(escape(Units.compact(tick)))
                    .append("</text>\n");
        }
    }

    private static void tickX(StringBuilder svg, double at, String label) {
        svg.append("<line x1=\"").append(num(at)).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(num(at))
                .append("\" y2=\"").append(BOTTOM + 4).append("\" stroke=\"#374151\"/>\n");
        svg.append("<text x=\"").append(num(at)).append("\" y=\"").append(BOTTOM + 17)
                .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#374151\">").append(escape(label)).append("</text>\n");
    }

    private static void axes(StringBuilder svg, String xLabel, String yLabel) {
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(RIGHT).append("\" y2=\"")
                .append(BOTTOM).append("\" stroke=\"#374151\"/>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
                .append(BOTTOM).append("\" stroke=\"#374151\"/>\n");
        svg.append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(HEIGHT - 10)
                .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#374151\">").append(escape(xLabel)).append("</text>\n");
        svg.append("<text x=\"16\" y=\"").append((TOP + BOTTOM) / 2).append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#374151\" transform=\"rotate(-90 16 ")
                .append((TOP + BOTTOM) / 2).append(")\">").append(escape(yLabel)).append("</text>\n");
    }

    private static void legend(StringBuilder svg, List<String> names) {
        double x = LEFT + 8;
        for (int i = 0; i < names.size(); i++) {
            String color = COLORS[i % COLORS.length];
            svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(TOP - 18).append("\" width=\"12\" height=\"4\" fill=\"")
                    .append(color).append("\"/>\n");
            svg.append("<text x=\"").append(num(x + 16)).append("\" y=\"").append(TOP - 13).append("\" font-size=\"11\" fill=\"#111827\">")
                    .append(escape(names.get(i))).append("</text>\n");
            x += 30 + names.get(i).length() * 6.8;
        }
    }

    /** Tick values from 0 (or {@code min}) covering {@code max}: about five, at 1, 2 or 5 times a power of ten. */
    static double[] ticks(double min, double max) {
        double range = max - min;
        if (!(range > 0)) {
            return new double[] {min, min + 1};
        }
        double raw = range / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= raw) {
                step = factor * magnitude;
                break;
            }
        }
        double first = Math.floor(min / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (double tick = first; tick < max + step * 0.999; tick += step) {
            ticks.add(Math.abs(tick) < step * 1e-9 ? 0 : tick);
        }
        if (ticks.get(ticks.size() - 1) < max) {
            ticks.add(ticks.get(ticks.size() - 1) + step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Maps data values onto pixel coordinates, linearly or logarithmically. */
    private record Scale(double min, double max, double from, double to, boolean log) {
        double at(double value) {
            if (log) {
                double position = (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
                return from + position * (to - from);
            }
            return from + (value - min) / (max - min) * (to - from);
        }
    }
}
