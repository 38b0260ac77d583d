package io.sluice.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognizes the DDL that creates or drops a temporary table, a table only the connection that created it can
 * see: SQLite's and PostgreSQL's {@code CREATE TEMP|TEMPORARY TABLE}, PostgreSQL's {@code CREATE GLOBAL|LOCAL
 * TEMPORARY TABLE}, MariaDB's {@code CREATE [OR REPLACE] TEMPORARY TABLE}, and a table created in SQLite's
 * {@code temp} or PostgreSQL's {@code pg_temp} schema; and {@code DROP [TEMPORARY] TABLE [IF EXISTS] a, b}.
 * Only the statement's first words are read. Stateless.
 */
public final class TemporaryTableDdl {
    private TemporaryTableDdl() {}

    /** The temporary table {@code sql} creates, or {@code null} when it creates none. */
    public static QualifiedName created(String sql) {
        Words words = new Words(sql);
        if (!words.nextIs("CREATE")) {
            return null;
        }
        if (words.nextIs("OR") && !words.nextIs("REPLACE")) {
            return null;
        }
        boolean temporary = false;
        if (words.peekIs("GLOBAL") || words.peekIs("LOCAL")) {
            words.next();
        }
        if (words.peekIs("TEMP") || words.peekIs("TEMPORARY")) {
            words.next();
            temporary = true;
        }
        if (!words.nextIs("TABLE")) {
            return null;
        }
        if (words.peekIs("IF")) {
            words.next();
            if (!words.nextIs("NOT") || !words.nextIs("EXISTS")) {
                return null;
            }
        }
        QualifiedName name = words.name();
        if (name == null) {
            return null;
        }
        boolean temporarySchema = name.database() != null
                && (name.database().equalsIgnoreCase("temp") || name.database().equalsIgnoreCase("pg_temp"));
        return temporary || temporarySchema ? name : null;
    }

    /** The tables {@code sql} drops ({@code DROP [TEMPORARY] TABLE [IF EXISTS] a, b}), empty when it drops none. */
    public static List<QualifiedName> dropped(String sql) {
        Words words = new Words(sql);
        List<QualifiedName> names = new ArrayList<>();
        if (!words.nextIs("DROP")) {
            return names;
        }
        if (words.peekIs("TEMPORARY")) {
            words.next();
        }
        if (!words.nextIs("TABLE")) {
            return names;
        }
        if (words.peekIs("IF")) {
            words.next();
            if (!words.nextIs("EXISTS")) {
                return names;
            }
        }
        do {
            QualifiedName name = words.name();
            if (name == null) {
                break;
            }
            names.add(name);
        } while (words.comma());
        return names;
    }

    /** Reads words, names and commas from the start of a statement, skipping blanks and comments. */
    private static final class Words {
        private final String sql;
        private int pos;

        Words(String sql) {
            this.sql = sql;
        }

        boolean peekIs(String upperCaseWord) {
            int start = SqlText.skipBlanksAndComments(sql, pos);
            return SqlText.wordIs(sql, start, SqlText.wordEnd(sql, start), upperCaseWord);
        }

        void next() {
            int start = SqlText.skipBlanksAndComments(sql, pos);
            pos = SqlText.wordEnd(sql, start);
        }

        boolean nextIs(String upperCaseWord) {
            if (!peekIs(upperCaseWord)) {
                return false;
            }
            next();
            return true;
        }

        boolean comma() {
            int start = SqlText.skipBlanksAndComments(sql, pos);
            if (start < sql.length() && sql.charAt(start) == ',') {
                pos = start + 1;
                return true;
            }
            return false;
        }

        /** {@code name} or {@code database.name}, each bare or quoted, or {@code null}. */
        QualifiedName name() {
            String first = identifier();
            if (first == null) {
                return null;
            }
            int dot = SqlText.skipBlanksAndComments(sql, pos);
            if (dot < sql.length() && sql.charAt(dot) == '.') {
                pos = dot + 1;
                String second = identifier();
                return second == null ? null : new QualifiedName(first, second);
            }
            return new QualifiedName(null, first);
        }

        private String identifier() {
            int start = SqlText.skipBlanksAndComments(sql, pos);
            if (start >= sql.length()) {
                return null;
            }
            char c = sql.charAt(start);
            if (c == '"' || c == '`') {
                int end = SqlText.quotedEnd(sql, start, c);
                if (end < 0) {
                    return null;
                }
                pos = end;
                String quote = String.valueOf(c);
                return sql.substring(start + 1, end - 1).replace(quote + quote, quote);
            }
            if (!SqlText.isWordStart(c)) {
                return null;
            }
            pos = SqlText.wordEnd(sql, start);
            return sql.substring(start, pos);
        }
    }
}
