package io.sluice.parser;

import io.sluice.parser.antlr.SluiceSqlParser;
import java.util.ArrayList;
import java.util.List;

/** Builds an {@link InsertHead} from its parse tree. Stateless. */
final class InsertHeadBuilder {
    private InsertHeadBuilder() {}

    static InsertHead build(SluiceSqlParser.InsertContext context, String text) {
        List<String> columns = null;
        if (context.columnList() != null) {
            columns = new ArrayList<>();
            for (SluiceSqlParser.IdentifierContext column : context.columnList().identifier()) {
                columns.add(Names.unquote(column));
            }
        }
        List<SettingAssignment> settings = new ArrayList<>();
        if (context.settingsClause() != null) {
            for (SluiceSqlParser.SettingContext setting : context.settingsClause().setting()) {
                settings.add(SettingValues.assignment(setting));
            }
        }
        SluiceSqlParser.InsertSourceContext source = context.insertSource();
        if (source instanceof SluiceSqlParser.FormatSourceContext formatSource && formatSource.settingsClause() != null) {
            // The scanner lets only one of the two SETTINGS clauses through.
            for (SluiceSqlParser.SettingContext setting : formatSource.settingsClause().setting()) {
                settings.add(SettingValues.assignment(setting));
            }
        }
        InsertSource kind;
        String format;
        if (source instanceof SluiceSqlParser.ValuesSourceContext) {
            kind = InsertSource.VALUES;
            format = "Values";
        } else if (source instanceof SluiceSqlParser.FormatSourceContext formatSource) {
            kind = InsertSource.FORMAT;
            format = Names.unquote(formatSource.identifier());
        } else {
            kind = InsertSource.SELECT;
            format = null;
        }
        return new InsertHead(text, Names.qualifiedName(context.qualifiedName()), columns, settings, kind, format);
    }
}
