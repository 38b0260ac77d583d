package io.sluice.parser.format;

/**
 * Number syntax checked and parsed in place, without copying the text. Hot path. Stateless.
 *
 * <p>A number literal is {@code [+-]? (digits ['.' digits*] | '.' digits) [(e|E) [+-]? digits]}; an
 * integer literal is {@code [+-]? digits}. Java's own parsers accept more ({@code 1d}, {@code 0x1p3},
 * {@code Infinity}), which is why the syntax is checked here first.
 */
final class Numbers {
    /**
     * The longest number text parsed exactly (into a {@link java.math.BigDecimal}): that parse takes time
     * quadratic in the digits (seconds at 100,000), and no database keeps more precision than this
     * (PostgreSQL's {@code NUMERIC(1000)}).
     */
    static final int MAX_EXACT_LENGTH = 1_000;

    private Numbers() {}

    static boolean isIntegerLiteral(CharSequence text, int from, int to) {
        int i = skipSign(text, from, to);
        return i < to && digitsEnd(text, i, to) == to;
    }

    static boolean isNumberLiteral(CharSequence text, int from, int to) {
        return from < to && numberEnd(text, from, to) == to;
    }

    /** The end of the number literal starting at {@code pos}, or {@code pos} when none starts there. */
    static int numberEnd(CharSequence text, int pos, int end) {
        int i = skipSign(text, pos, end);
        int integerEnd = digitsEnd(text, i, end);
        boolean digits = integerEnd > i;
        i = integerEnd;
        if (i < end && text.charAt(i) == '.') {
            int fractionEnd = digitsEnd(text, i + 1, end);
            if (!digits && fractionEnd == i + 1) {
                return pos;
            }
            digits = true;
            i = fractionEnd;
        }
        if (!digits) {
            return pos;
        }
        if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = skipSign(text, i + 1, end);
            int exponentEnd = digitsEnd(text, exponent, end);
            if (exponentEnd > exponent) {
                i = exponentEnd;
            }
        }
        return i;
    }

    /**
     * Parses an integer literal ({@link #isIntegerLiteral} is true).
     *
     * @throws ArithmeticException when it does not fit a long
     */
    static long parseLong(CharSequence text, int from, int to) {
        boolean negative = text.charAt(from) == '-';
        int i = skipSign(text, from, to);
        // Accumulate negatively: Long.MIN_VALUE has no positive counterpart.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyLimit = limit / 10;
        long result = 0;
        for (; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (result < multiplyLimit) {
                throw new ArithmeticException("integer overflow");
            }
            result *= 10;
            if (result < limit + digit) {
                throw new ArithmeticException("integer overflow");
            }
            result -= digit;
        }
        return negative ? result : -result;
    }

    /** Exact powers of ten as doubles: every one up to 10^22 is exactly representable. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22
    };

    /** Mantissas below this are exact doubles (2^53). */
    private static final long EXACT_MANTISSA_LIMIT = 1L << 53;

    /**
     * The double a number literal denotes (one {@link #isNumberLiteral} accepts), correctly rounded, as
     * {@link Double#parseDouble} gives it. Plain decimals ({@code 12.5}, {@code -0.001}) with a mantissa
     * below 2^53 and at most 22 fraction digits take the exact fast path (the quotient of two exact doubles
     * is correctly rounded by IEEE 754 division) without copying the text; everything else, exponents
     * included, goes through {@code Double.parseDouble}.
     */
    static double parseDouble(CharSequence text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int fractionDigits = -1;
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa >= EXACT_MANTISSA_LIMIT) {
                    return Double.parseDouble(text.subSequence(from, to).toString());
                }
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else {
                return Double.parseDouble(text.subSequence(from, to).toString());
            }
        }
        int scale = Math.max(fractionDigits, 0);
        if (scale >= EXACT_POWERS_OF_TEN.length) {
            return Double.parseDouble(text.subSequence(from, to).toString());
        }
        double magnitude = mantissa / EXACT_POWERS_OF_TEN[scale];
        return negative ? -magnitude : magnitude;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSign(CharSequence text, int pos, int end) {
        return pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-') ? pos + 1 : pos;
    }

    private static int digitsEnd(CharSequence text, int pos, int end) {
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
