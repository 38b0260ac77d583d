package io.sluice.engine.session;

import io.sluice.parser.InsertStatement;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.TableInfo;
import java.util.List;

/**
 * An {@code INSERT INTO t [(columns)] [SETTINGS …] SELECT …} as the target database's SQL: the table and
 * columns as resolved, quoted with the target's quote, followed by the statement's own SELECT as written.
 * The SETTINGS clause is Sluice's and goes. Stateless.
 */
final class InsertSelectRewrite {
    private InsertSelectRewrite() {}

    /**
     * @param columns the columns the INSERT lists, resolved against the table, or {@code null} when it lists none
     * @param quote the target's identifier quote
     */
    static String rewrite(InsertStatement insert, TableInfo table, /* nullable */ List<ColumnInfo> columns, String quote) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(quote, table.database())).append('.')
                .append(quote(quote, table.name()));
        if (columns != null) {
            sql.append(" (");
            for (int i = 0; i < columns.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(quote(quote, columns.get(i).name()));
            }
            sql.append(')');
        }
        return sql.append(' ').append(insert.sql(), insert.dataStart(), insert.sql().length()).toString();
    }

    private static String quote(String quote, String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }
}
