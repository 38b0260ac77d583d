package io.sluice.engine.insert;

import io.sluice.parser.InsertHead;
import io.sluice.parser.InsertStatement;
import io.sluice.parser.SettingAssignment;
import io.sluice.parser.Statement;
import io.sluice.parser.StatementParser;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.List;

/**
 * The stable text of a {@link BufferKey}, which a buffer keeps with each entry ({@link io.sluice.spi.BufferEntry#keyId()})
 * and a durable buffer hands back after a restart: an INSERT head with quoted names, its settings and its
 * format, {@code INSERT INTO "db"."t" ("a") SETTINGS x = 1 FORMAT Values}. Written once per key, read back
 * only by recovery; the same text as earlier versions wrote, so their write-ahead logs still replay.
 */
public final class BufferKeyCodec {
    private BufferKeyCodec() {}

    public static String encode(BufferKey key) {
        StringBuilder text = new StringBuilder(head(key.database(), key.table(), key.columns()));
        for (int i = 0; i < key.settings().size(); i++) {
            SettingAssignment setting = key.settings().get(i);
            text.append(i == 0 ? " SETTINGS " : ", ").append(setting.name()).append(" = ").append(setting.value());
        }
        return text.append(" FORMAT ").append(key.format().canonicalName()).toString();
    }

    /**
     * The INSERT head of a text {@link #encode} wrote: its table and columns are names not yet checked against
     * the database, its settings as written.
     *
     * @throws SluiceSqlException when the text is not such a head
     */
    public static InsertHead decode(String text, StatementParser parser) throws SluiceSqlException {
        Statement statement = parser.parse(text + " ");
        if (!(statement instanceof InsertStatement insert)) {
            throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "Not an INSERT head: " + text);
        }
        return insert.head();
    }

    /** {@code INSERT INTO "db"."t" ("a", "b")}. */
    public static String head(String database, String table, List<String> columns) {
        StringBuilder head = new StringBuilder("INSERT INTO ").append(quote(database)).append('.').append(quote(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            head.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return head.append(')').toString();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
