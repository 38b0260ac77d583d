package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlBaseVisitor;
import io.sluice.parser.antlr.SluiceSqlParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parse tree into the statement model. Small on purpose: each statement is delegated to its
 * own builder ({@link InsertHeadBuilder}, {@link Names}, {@link SettingValues}). One instance per parse;
 * not thread-safe.
 *
 * <p>An INSERT yields its {@link InsertHead}; the other statements yield their {@link Statement}.
 */
final class AstBuilder extends SluiceSqlBaseVisitor<Object> {
    private final String headText;

    /** @param headText for an INSERT, the head's text (the cache key), stored in the {@link InsertHead} */
    AstBuilder(String headText) {
        this.headText = headText;
    }

    @Override
    public Object visitSingleStatement(SluiceSqlParser.SingleStatementContext context) {
        return visit(context.statement());
    }

    @Override
    public Object visitInsert(SluiceSqlParser.InsertContext context) {
        return InsertHeadBuilder.build(context, headText);
    }

    @Override
    public Object visitSet(SluiceSqlParser.SetContext context) {
        return new SetStatement(SettingValues.assignment(context.setting()));
    }

    @Override
    public Object visitSystemFlush(SluiceSqlParser.SystemFlushContext context) {
        return visit(context.flushTarget());
    }

    @Override
    public Object visitFlushAsyncInsertQueue(SluiceSqlParser.FlushAsyncInsertQueueContext context) {
        List<QualifiedName> tables = new ArrayList<>();
        for (SluiceSqlParser.QualifiedNameContext table : context.qualifiedName()) {
            tables.add(Names.qualifiedName(table));
        }
        return new SystemFlushQueueStatement(tables);
    }

    @Override
    public Object visitSystemReplayDeadLetter(SluiceSqlParser.SystemReplayDeadLetterContext context) {
        return new SystemReplayDeadLetterStatement(context.qualifiedName() == null ? null : Names.qualifiedName(context.qualifiedName()));
    }

    @Override
    public Object visitFlushLogs(SluiceSqlParser.FlushLogsContext context) {
        return new SystemFlushLogsStatement();
    }
}
