package io.sluice.cli;

import java.util.Locale;

/** Numbers as the summary and the report show them. Stateless. */
final class Units {
    private Units() {}

    /** {@code 1,234,567} */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Rows per second, rounded: {@code 123,456}. */
    static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A ratio: {@code 31.4×}, {@code 0.42×}; a dash when it cannot be computed. */
    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        // Two significant digits below 1, so that a small ratio never reads "0.00×".
        if (value == 0) {
            return "0×";
        }
        if (value < 1) {
            return new java.math.BigDecimal(value).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString() + "×";
        }
        return String.format(Locale.ROOT, "%.1f×", value);
    }

    /** Nanoseconds as milliseconds: {@code 12.3 ms}. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** Bytes with a binary unit: {@code 512 B}, {@code 3.4 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A short axis label: {@code 950}, {@code 1.2k}, {@code 35M}, {@code 0.25}. */
    static String compact(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e9) {
            return trim(value / 1e9) + "G";
        }
        if (magnitude >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (magnitude >= 1e3) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, Math.abs(value) >= 100 || value == Math.rint(value) ? "%.0f"
                : Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text.equals("-0") ? "0" : text;
    }
}
