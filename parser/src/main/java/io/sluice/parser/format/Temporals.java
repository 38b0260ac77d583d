package io.sluice.parser.format;

/**
 * Strict date and timestamp syntax: {@code YYYY-MM-DD} and {@code YYYY-MM-DD HH:MM:SS[.fraction]} (or
 * {@code T} between date and time), with real calendar days. Checked in place. Stateless.
 */
final class Temporals {
    private static final int DATE_LENGTH = 10;
    private static final int TIMESTAMP_LENGTH = 19;
    private static final int MAX_FRACTION_DIGITS = 9;

    private Temporals() {}

    static boolean isDate(CharSequence text, int from, int to) {
        return to - from == DATE_LENGTH && isDateAt(text, from);
    }

    static boolean isTimestamp(CharSequence text, int from, int to) {
        int length = to - from;
        if (length < TIMESTAMP_LENGTH || !isDateAt(text, from)) {
            return false;
        }
        char separator = text.charAt(from + 10);
        if (separator != ' ' && separator != 'T') {
            return false;
        }
        int hour = twoDigits(text, from + 11);
        int minute = twoDigits(text, from + 14);
        int second = twoDigits(text, from + 17);
        if (text.charAt(from + 13) != ':' || text.charAt(from + 16) != ':'
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        if (length == TIMESTAMP_LENGTH) {
            return true;
        }
        int fraction = length - TIMESTAMP_LENGTH - 1;
        if (text.charAt(from + TIMESTAMP_LENGTH) != '.' || fraction < 1 || fraction > MAX_FRACTION_DIGITS) {
            return false;
        }
        for (int i = from + TIMESTAMP_LENGTH + 1; i < to; i++) {
            if (!Numbers.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDateAt(CharSequence text, int from) {
        int century = twoDigits(text, from);
        int yearInCentury = twoDigits(text, from + 2);
        int month = twoDigits(text, from + 5);
        int day = twoDigits(text, from + 8);
        if (century < 0 || yearInCentury < 0 || month < 1 || month > 12 || day < 1
                || text.charAt(from + 4) != '-' || text.charAt(from + 7) != '-') {
            return false;
        }
        int year = century * 100 + yearInCentury;
        return year >= 1 && day <= daysInMonth(year, month);
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The two-digit number at {@code pos}, or -1. */
    private static int twoDigits(CharSequence text, int pos) {
        char tens = text.charAt(pos);
        char units = text.charAt(pos + 1);
        if (!Numbers.isDigit(tens) || !Numbers.isDigit(units)) {
            return -1;
        }
        return (tens - '0') * 10 + (units - '0');
    }
}
