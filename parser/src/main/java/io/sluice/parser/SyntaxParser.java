package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlLexer;
import io.sluice.parser.antlr.SluiceSqlParser;
import io.sluice.spi.SluiceSqlException;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Runs the ANTLR parser generated from {@code SluiceSql.g4}: SLL prediction first (fast, enough for
 * almost every input), full LL only when SLL fails, and no error recovery: the first error becomes a
 * {@code SYNTAX_ERROR} built by {@link SyntaxErrors}. Off the hot path: INSERT heads reach it once per
 * distinct head. Stateless and thread-safe.
 */
final class SyntaxParser {
    private SyntaxParser() {}

    /**
     * Parses one statement.
     *
     * @param hint appended to a syntax error's message (what Sluice supports), or {@code null}
     */
    static SluiceSqlParser.SingleStatementContext parse(String text, String hint) throws SluiceSqlException {
        SluiceSqlLexer lexer = new SluiceSqlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        SluiceSqlParser parser = newParser(tokens, PredictionMode.SLL);
        try {
            return parser.singleStatement();
        } catch (ParseCancellationException sllFailed) {
            // SLL can fail on input that full LL accepts; only a failure under LL is a real error.
            tokens.seek(0);
            parser = newParser(tokens, PredictionMode.LL);
            try {
                return parser.singleStatement();
            } catch (ParseCancellationException e) {
                throw SyntaxErrors.error(tokens, offendingToken(e, parser), expectedTokens(e, parser), hint);
            }
        }
    }

    /** Whether the default-channel {@code tokens} are a prefix of some valid statement, checked with full LL. */
    static boolean parsesBeyond(TokenSource tokens, int index) {
        CommonTokenStream stream = new CommonTokenStream(tokens);
        SluiceSqlParser parser = newParser(stream, PredictionMode.LL);
        try {
            parser.singleStatement();
            return true;
        } catch (ParseCancellationException e) {
            return offendingToken(e, parser).getTokenIndex() > index;
        }
    }

    private static SluiceSqlParser newParser(CommonTokenStream tokens, PredictionMode mode) {
        SluiceSqlParser parser = new SluiceSqlParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(mode);
        return parser;
    }

    /** What ANTLR itself expected where the parse failed (less precise than {@link SyntaxErrors}' trials, but free). */
    private static IntervalSet expectedTokens(ParseCancellationException e, SluiceSqlParser parser) {
        try {
            if (e.getCause() instanceof RecognitionException recognition && recognition.getExpectedTokens() != null) {
                return recognition.getExpectedTokens();
            }
            return parser.getExpectedTokens();
        } catch (IllegalArgumentException | IllegalStateException noState) {
            return new IntervalSet();
        }
    }

    private static Token offendingToken(ParseCancellationException e, SluiceSqlParser parser) {
        if (e.getCause() instanceof RecognitionException recognition && recognition.getOffendingToken() != null) {
            return recognition.getOffendingToken();
        }
        return parser.getCurrentToken();
    }
}
