package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into statements at each {@code ;} that is outside quotes ({@code '…'}, {@code "…"},
 * {@code `…`}); comments ({@code -- …} to the end of the line, and block comments) are dropped. Text may
 * arrive a line at a time; a statement may span lines. Not thread-safe.
 */
final class StatementSplitter {
    private enum State { CODE, SINGLE_QUOTE, DOUBLE_QUOTE, BACKQUOTE, LINE_COMMENT, BLOCK_COMMENT }

    private final StringBuilder pending = new StringBuilder();
    private State state = State.CODE;

    /** Adds one line (without its line break) and returns the statements it completed, trimmed, without {@code ;}. */
    List<String> feedLine(String line) {
        return feed(line + "\n");
    }

    /** Adds text and returns the statements it completed, trimmed, without {@code ;}; empty ones are skipped. */
    List<String> feed(String text) {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            switch (state) {
                case CODE -> {
                    if (ch == ';') {
                        String statement = pending.toString().trim();
                        pending.setLength(0);
                        if (!statement.isEmpty()) {
                            statements.add(statement);
                        }
                    } else if ((ch == '-' && next == '-') || (ch == '/' && next == '*')) {
                        state = ch == '-' ? State.LINE_COMMENT : State.BLOCK_COMMENT;
                        i++;
                    } else {
                        state = switch (ch) {
                            case '\'' -> State.SINGLE_QUOTE;
                            case '"' -> State.DOUBLE_QUOTE;
                            case '`' -> State.BACKQUOTE;
                            default -> State.CODE;
                        };
                        pending.append(ch);
                    }
                }
                case SINGLE_QUOTE, DOUBLE_QUOTE, BACKQUOTE -> {
                    if (ch == closingQuote(state)) {
                        state = State.CODE;
                    }
                    pending.append(ch);
                }
                case LINE_COMMENT -> {
                    if (ch == '\n') {
                        state = State.CODE;
                        pending.append(ch);
                    }
                }
                case BLOCK_COMMENT -> {
                    if (ch == '*' && next == '/') {
                        state = State.CODE;
                        pending.append(' ');
                        i++;
                    }
                }
            }
        }
        return statements;
    }

    private static char closingQuote(State quote) {
        return switch (quote) {
            case SINGLE_QUOTE -> '\'';
            case DOUBLE_QUOTE -> '"';
            default -> '`';
        };
    }

    /** Whether nothing but blanks waits for a {@code ;}. */
    boolean isEmpty() {
        return state == State.CODE && pending.toString().isBlank();
    }

    /** The unfinished statement, trimmed, and forgets it; empty when there is none. */
    String drain() {
        String rest = pending.toString().trim();
        pending.setLength(0);
        state = State.CODE;
        return rest;
    }
}
