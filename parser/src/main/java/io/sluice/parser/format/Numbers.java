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
