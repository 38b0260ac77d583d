package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlLexer;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Builds {@code SYNTAX_ERROR}s that say where (line and 1-based column), what was found and what was
 * expected, e.g. {@code line 1:20: unexpected 'VALUE', expected VALUES, FORMAT, SELECT, WITH, SETTINGS or '('}.
 *
 * <p>ANTLR's own expected-token sets lose whatever optional clauses were skipped before the error, so the
 * expected tokens are found by trial instead: each token kind is put at the error position and the
 * statement prefix re-parsed; a kind is expected when the parse gets past it. The vocabulary has about
 * thirty kinds and heads are short, and this runs only when a statement is already wrong.
 */
final class SyntaxErrors {
    private static final int[] NON_RESERVED = {
        SluiceSqlLexer.ASYNC, SluiceSqlLexer.FLUSH, SluiceSqlLexer.FORMAT, SluiceSqlLexer.INSERT, SluiceSqlLexer.INTO,
        SluiceSqlLexer.LOGS, SluiceSqlLexer.QUEUE, SluiceSqlLexer.REPLAY, SluiceSqlLexer.DEAD, SluiceSqlLexer.LETTER, SluiceSqlLexer.SET, SluiceSqlLexer.SETTINGS, SluiceSqlLexer.SYSTEM,
        SluiceSqlLexer.VALUES, SluiceSqlLexer.VALUE,
    };
    private static final int MAX_SHOWN_TOKEN_LENGTH = 40;
    /**
     * Beyond this many tokens before the error, the trials (each a parse of the whole prefix) would cost
     * seconds on a huge column list; ANTLR's own expected set is used instead.
     */
    private static final int MAX_TRIAL_PREFIX = 2_000;

    private SyntaxErrors() {}

    /**
     * @param antlrExpected what ANTLR expected at the error, used when the statement is too long for trials
     */
    static SluiceSqlException error(CommonTokenStream tokens, Token offending, IntervalSet antlrExpected, String hint) {
        StringBuilder message = new StringBuilder()
                .append("line ").append(offending.getLine())
                .append(':').append(offending.getCharPositionInLine() + 1).append(": ");
        switch (offending.getType()) {
            case SluiceSqlLexer.UNTERMINATED_STRING -> message.append("unterminated string literal");
            case SluiceSqlLexer.UNTERMINATED_QUOTED_IDENTIFIER -> message.append("unterminated quoted identifier");
            default -> {
                message.append("unexpected ").append(describe(offending));
                List<String> expected = expected(tokens, offending, antlrExpected);
                if (!expected.isEmpty()) {
                    message.append(", expected ").append(joinWithOr(expected));
                }
            }
        }
        if (hint != null) {
            message.append("; ").append(hint);
        }
        return new SluiceSqlException(ErrorCode.SYNTAX_ERROR, message.toString());
    }

    private static String describe(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of input";
        }
        String text = token.getText();
        if (text.length() > MAX_SHOWN_TOKEN_LENGTH) {
            text = text.substring(0, MAX_SHOWN_TOKEN_LENGTH) + "...";
        }
        return "'" + text + "'";
    }

    private static List<String> expected(CommonTokenStream tokens, Token offending, IntervalSet antlrExpected) {
        List<Token> prefix = new ArrayList<>();
        for (Token token : tokens.getTokens()) {
            if (token.getTokenIndex() >= offending.getTokenIndex()) {
                break;
            }
            if (token.getChannel() == Token.DEFAULT_CHANNEL) {
                prefix.add(token);
            }
        }
        Set<Integer> viable = new LinkedHashSet<>();
        boolean trials = prefix.size() <= MAX_TRIAL_PREFIX;
        for (int type = 1; type <= SluiceSqlLexer.VOCABULARY.getMaxTokenType(); type++) {
            if (isCandidate(type) && (trials ? acceptedAfter(prefix, type) : antlrExpected.contains(type))) {
                viable.add(type);
            }
        }
        if (trials ? acceptedAfter(prefix, Token.EOF) : antlrExpected.contains(Token.EOF)) {
            viable.add(Token.EOF);
        }
        if (viable.contains(SluiceSqlLexer.IDENTIFIER)) {
            // Wherever a name may stand, so may every non-reserved keyword: listing them all says nothing.
            for (int keyword : NON_RESERVED) {
                viable.remove(keyword);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int type : viable) {
            names.add(displayName(type));
        }
        return new ArrayList<>(names);
    }

    private static boolean isCandidate(int type) {
        return switch (type) {
            case SluiceSqlLexer.WS, SluiceSqlLexer.SIMPLE_COMMENT, SluiceSqlLexer.BRACKETED_COMMENT,
                    SluiceSqlLexer.UNRECOGNIZED, SluiceSqlLexer.UNTERMINATED_STRING,
                    SluiceSqlLexer.UNTERMINATED_QUOTED_IDENTIFIER -> false;
            // MariaDB/MySQL's synonym of VALUES: listing it next to VALUES says nothing.
            case SluiceSqlLexer.VALUE -> false;
            default -> true;
        };
    }

    private static boolean acceptedAfter(List<Token> prefix, int type) {
        List<Token> trial = new ArrayList<>(prefix.size() + 2);
        for (Token token : prefix) {
            trial.add(new CommonToken(token));
        }
        if (type != Token.EOF) {
            trial.add(new CommonToken(type, "x"));
        }
        trial.add(new CommonToken(Token.EOF, "<EOF>"));
        return SyntaxParser.parsesBeyond(new ListTokenSource(trial), prefix.size());
    }

    private static String displayName(int type) {
        return switch (type) {
            case Token.EOF -> "end of input";
            case SluiceSqlLexer.IDENTIFIER, SluiceSqlLexer.QUOTED_IDENTIFIER, SluiceSqlLexer.BACKQUOTED_IDENTIFIER -> "identifier";
            case SluiceSqlLexer.STRING -> "string";
            case SluiceSqlLexer.NUMBER -> "number";
            // Keywords read as themselves (VALUES); punctuation in quotes ('(').
            default -> {
                String literal = SluiceSqlLexer.VOCABULARY.getLiteralName(type);
                String symbolic = SluiceSqlLexer.VOCABULARY.getSymbolicName(type);
                yield literal != null && literal.equals("'" + symbolic + "'") ? symbolic : literal != null ? literal : symbolic;
            }
        };
    }

    private static String joinWithOr(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }
}
