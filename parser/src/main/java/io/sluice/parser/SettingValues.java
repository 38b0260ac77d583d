package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlParser;
import java.util.Locale;

/** {@code name = value} pairs from the parse tree: names lower-cased, string values unquoted. Stateless. */
final class SettingValues {
    private SettingValues() {}

    static SettingAssignment assignment(SluiceSqlParser.SettingContext context) {
        String name = Names.unquote(context.identifier()).toLowerCase(Locale.ROOT);
        return new SettingAssignment(name, value(context.settingValue()));
    }

    private static String value(SluiceSqlParser.SettingValueContext context) {
        if (context instanceof SluiceSqlParser.StringValueContext string) {
            String text = string.STRING().getText();
            return unescape(text, 1, text.length() - 1);
        }
        if (context instanceof SluiceSqlParser.WordValueContext word) {
            return Names.unquote(word.identifier());
        }
        return context.getText();
    }

    /**
     * The body of a single-quoted literal with ClickHouse's escapes resolved: {@code \\ \' \n \t \r \0 \b
     * \f \a \v \xHH}, a doubled quote, and any other escaped character standing for itself.
     */
    static String unescape(String text, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '\'' && i + 1 < to && text.charAt(i + 1) == '\'') {
                out.append('\'');
                i += 2;
            } else if (c == '\\' && i + 1 < to) {
                char escaped = text.charAt(i + 1);
                i += 2;
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'a' -> out.append('\u0007');
                    case 'v' -> out.append('\u000B');
                    case 'x' -> {
                        int high = i < to ? hexValue(text.charAt(i)) : -1;
                        int low = i + 1 < to ? hexValue(text.charAt(i + 1)) : -1;
                        if (high >= 0 && low >= 0) {
                            out.append((char) (high * 16 + low));
                            i += 2;
                        } else {
                            out.append('x');
                        }
                    }
                    default -> out.append(escaped);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int hexValue(char c) {
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
