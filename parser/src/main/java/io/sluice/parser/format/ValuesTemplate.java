package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import io.sluice.spi.Part;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The VALUES part of a prepared INSERT, such as {@code (?, 'x', ?), (?, 'y', ?)}: tuples of literals and
 * {@code ?} placeholders, parsed once when the statement is prepared. Immutable and thread-safe.
 */
public final class ValuesTemplate {
    /** Marks a placeholder's slot in a tuple; replaced by the next parameter. */
    private static final Object PLACEHOLDER = new Object();

    private final Object[][] tuples;
    private final int parameterCount;

    private ValuesTemplate(Object[][] tuples, int parameterCount) {
        this.tuples = tuples;
        this.parameterCount = parameterCount;
    }

    /**
     * Parses the tuples that start at {@code dataStart}.
     *
     * @param columnCount how many values each tuple must have
     * @throws DataParseException when a tuple is malformed or has the wrong number of values, or when
     *     there is no tuple at all
     */
    public static ValuesTemplate parse(String sql, int dataStart, int columnCount) throws DataParseException {
        List<Object[]> tuples = new ArrayList<>();
        ValuesTokenizer in = new ValuesTokenizer(sql, dataStart, true);
        ValuesReader.readRows(in, new ColumnInfo[columnCount], ValuesTemplate::literal, tuples::add);
        if (tuples.isEmpty()) {
            throw Errors.input(1, null, "expected '(' at the start of the row, found end of data");
        }
        int parameters = 0;
        for (Object[] tuple : tuples) {
            for (Object value : tuple) {
                if (value == PLACEHOLDER) {
                    parameters++;
                }
            }
        }
        return new ValuesTemplate(tuples.toArray(new Object[0][]), parameters);
    }

    /** How many {@code ?} placeholders the template has. */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * The rows of one execution: placeholders replaced by {@code parameters} (0-based), literals by their
     * values ({@link String} for a quoted string, {@link Long} or {@link Double} or
     * {@link java.math.BigDecimal} for a number, {@code null} for NULL, {@link io.sluice.spi.Part#DEFAULT}
     * for DEFAULT). Values are converted to column types later, by {@link ValueConverter#convert}.
     *
     * <p>An integer literal is a {@link Long} ({@link BigDecimal} beyond its range), a decimal literal a
     * {@link BigDecimal} (exact, scale kept), one with an exponent a {@link Double}; {@code true} and
     * {@code false} are {@link Boolean}s.
     *
     * @throws IllegalArgumentException when {@code parameters} does not hold {@link #parameterCount()} values
     */
    public List<Object[]> rows(Object[] parameters) {
        if (parameters.length != parameterCount) {
            throw new IllegalArgumentException(
                    "The VALUES template has " + parameterCount + " placeholders, but " + parameters.length + " parameters were given");
        }
        List<Object[]> rows = new ArrayList<>(tuples.length);
        int next = 0;
        for (Object[] tuple : tuples) {
            Object[] row = tuple.clone();
            for (int i = 0; i < row.length; i++) {
                if (row[i] == PLACEHOLDER) {
                    row[i] = parameters[next++];
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object literal(ValuesTokenizer in, int index, ColumnInfo column, int row) throws DataParseException {
        return switch (in.kind()) {
            case ValuesTokenizer.PLACEHOLDER -> PLACEHOLDER;
            case ValuesTokenizer.STRING -> in.text().subSequence(in.from(), in.to()).toString();
            case ValuesTokenizer.NULL -> null;
            case ValuesTokenizer.DEFAULT -> Part.DEFAULT;
            default -> number(in.text(), in.from(), in.to(), index, row);
        };
    }

    private static Object number(CharSequence text, int from, int to, int index, int row) throws DataParseException {
        if (ValueConverter.equalsIgnoreCase(text, from, to, "true")) {
            return Boolean.TRUE;
        }
        if (ValueConverter.equalsIgnoreCase(text, from, to, "false")) {
            return Boolean.FALSE;
        }
        boolean integer = Numbers.isIntegerLiteral(text, from, to);
        if (integer) {
            try {
                return Numbers.parseLong(text, from, to);
            } catch (ArithmeticException tooBig) {
                // Exact below.
            }
        }
        String literal = text.subSequence(from, to).toString();
        if (literal.indexOf('e') >= 0 || literal.indexOf('E') >= 0) {
            return Double.parseDouble(literal);
        }
        if (to - from > Numbers.MAX_EXACT_LENGTH) {
            throw Errors.input(row, null, "the number literal of value " + (index + 1) + " has " + (to - from)
                    + " characters, expected at most " + Numbers.MAX_EXACT_LENGTH);
        }
        BigDecimal decimal = new BigDecimal(literal);
        // BigDecimal has no negative zero; a Double keeps -0.0 as the Values reader reads it.
        return decimal.signum() == 0 && literal.charAt(0) == '-' && !integer ? (Object) (-0.0d) : decimal;
    }
}
