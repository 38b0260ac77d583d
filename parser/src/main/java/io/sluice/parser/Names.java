package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlParser;

/** Identifiers from the parse tree, with their quotes removed. Stateless. */
final class Names {
    private Names() {}

    static QualifiedName qualifiedName(SluiceSqlParser.QualifiedNameContext context) {
        if (context.identifier().size() == 1) {
            return new QualifiedName(null, unquote(context.identifier(0)));
        }
        return new QualifiedName(unquote(context.identifier(0)), unquote(context.identifier(1)));
    }

    /** A bare identifier as written; a "double-quoted" or `backquoted` one without its quotes, doubled quotes undoubled. */
    static String unquote(SluiceSqlParser.IdentifierContext context) {
        String text = context.getText();
        if (context instanceof SluiceSqlParser.QuotedIdentifierContext) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        if (context instanceof SluiceSqlParser.BackQuotedIdentifierContext) {
            return text.substring(1, text.length() - 1).replace("``", "`");
        }
        return text;
    }
}
