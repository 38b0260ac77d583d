package io.sluice.parser.format;

/** Backslash escapes as ClickHouse writes them in Values strings and TabSeparated fields. Stateless. */
final class Escapes {
    private Escapes() {}

    /**
     * Appends {@code text[from, to)} to {@code out} with escapes resolved: {@code \b \f \n \r \t \0 \a \v
     * \xHH}, and any other escaped character standing for itself ({@code \\ \' \" \N}…). When {@code quote}
     * is not 0, a doubled quote stands for one quote.
     */
    static void unescape(CharSequence text, int from, int to, char quote, StringBuilder out) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < to) {
                i = appendEscaped(text, i + 1, to, out);
            } else if (quote != 0 && c == quote && i + 1 < to && text.charAt(i + 1) == quote) {
                out.append(quote);
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
    }

    /** Appends the character escaped at {@code pos} (just after the backslash); returns the offset after it. */
    private static int appendEscaped(CharSequence text, int pos, int to, StringBuilder out) {
        char escaped = text.charAt(pos);
        switch (escaped) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case '0' -> out.append('\0');
            case 'a' -> out.append('\u0007');
            case 'v' -> out.append('\u000B');
            case 'x' -> {
                int high = pos + 1 < to ? hexValue(text.charAt(pos + 1)) : -1;
                int low = pos + 2 < to ? hexValue(text.charAt(pos + 2)) : -1;
                if (high >= 0 && low >= 0) {
                    out.append((char) (high * 16 + low));
                    return pos + 3;
                }
                out.append('x');
            }
            default -> out.append(escaped);
        }
        return pos + 1;
    }

    /** The value of an ASCII hexadecimal digit, or -1. */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
