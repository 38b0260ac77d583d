package io.sluice.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds random valid statements of Sluice's grammar together with the statement model they must parse
 * to: random blanks and comments between tokens, keywords in any case, bare, "double-quoted" and
 * `backquoted` identifiers holding any characters, setting values of every kind with every escape, and
 * the three INSERT sources with data after them. The expected model is computed from what was generated,
 * independently of the parser's own code.
 */
final class StatementGenerator {
    /** A statement and what it parses to. */
    record Generated(String sql, Statement expected) {
        @Override
        public String toString() {
            return Fuzz.preview(sql);
        }
    }

    private static final String[] BARE_KEYWORDS = {
        "values", "value", "format", "settings", "insert", "into", "set", "system", "flush", "async", "queue", "logs", "replay", "dead", "letter", "default",
    };
    private static final String IDENTIFIER_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789";
    private static final String HOSTILE_CHARS = "'\"`;\\\n\r\t\0 -/*().,=é€";

    private final Random random;
    private final StringBuilder sql = new StringBuilder();

    private StatementGenerator(Random random) {
        this.random = random;
    }

    static Generated generate(Random random) {
        return new StatementGenerator(random).statement();
    }

    /** An INSERT only, with data. */
    static Generated generateInsert(Random random) {
        StatementGenerator generator = new StatementGenerator(random);
        generator.blanks(false);
        return generator.insert();
    }

    private Generated statement() {
        blanks(false);
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> insert();
            case 3 -> set();
            case 4 -> flush();
            default -> replay();
        };
    }

    private Generated insert() {
        int insertStart = sql.length();
        keyword("INSERT");
        blanks(true);
        keyword("INTO");
        blanks(true);
        QualifiedName table = qualifiedName();
        if (random.nextInt(6) == 0) {
            return setRow(insertStart, table);
        }
        List<String> columns = null;
        if (random.nextBoolean()) {
            blanks(false);
            columns = new ArrayList<>();
            sql.append('(');
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    blanks(false);
                    sql.append(',');
                }
                blanks(false);
                columns.add(identifier(true));
                blanks(false);
            }
            sql.append(')');
        }
        List<SettingAssignment> settings = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            blanks(true);
            keyword("SETTINGS");
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    blanks(false);
                    sql.append(',');
                }
                blanks(true);
                settings.add(assignment());
            }
        }
        blanks(true);
        InsertSource source;
        String format;
        boolean valueKeyword = false;
        int headEnd;
        int dataStart;
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                source = InsertSource.VALUES;
                format = "Values";
                valueKeyword = random.nextInt(4) == 0;
                keyword(valueKeyword ? "VALUE" : "VALUES");
                headEnd = sql.length();
                valuesData();
                dataStart = firstNonBlank(headEnd);
            }
            case 2 -> {
                source = InsertSource.FORMAT;
                keyword("FORMAT");
                blanks(true);
                format = identifier(false);
                headEnd = sql.length();
                dataStart = formatData();
            }
            default -> {
                source = InsertSource.SELECT;
                format = null;
                int parentheses = random.nextInt(3);
                dataStart = sql.length();
                for (int i = 0; i < parentheses; i++) {
                    sql.append('(');
                    blanks(false);
                }
                keyword(random.nextBoolean() ? "SELECT" : "WITH");
                headEnd = sql.length();
                sql.append(" 1 FROM src").append(")".repeat(parentheses));
            }
        }
        String text = sql.substring(insertStart, headEnd);
        String statement = sql.toString();
        return new Generated(statement,
                new InsertStatement(new InsertHead(text, table, columns, settings, source, format), statement, dataStart, valueKeyword));
    }

    /**
     * MariaDB/MySQL's {@code INSERT INTO t SET a = 1, …} with literal values, after the table name: it stands for
     * {@code INSERT INTO t (a, …) VALUES (1, …)}, the text it is parsed as.
     */
    private Generated setRow(int insertStart, QualifiedName table) {
        String tableText = sql.substring(insertStart);
        blanks(true);
        keyword("SET");
        List<String> columns = new ArrayList<>();
        List<String> columnTexts = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                blanks(false);
                sql.append(',');
            }
            blanks(true);
            int start = sql.length();
            columns.add(identifier(true));
            columnTexts.add(sql.substring(start));
            blanks(false);
            sql.append('=');
            blanks(false);
            start = sql.length();
            switch (random.nextInt(3)) {
                case 0 -> number();
                case 1 -> string();
                default -> keyword(random.nextBoolean() ? "NULL" : "TRUE");
            }
            values.add(sql.substring(start));
        }
        end();
        String head = tableText + " (" + String.join(", ", columnTexts) + ") VALUES";
        String text = head + " (" + String.join(", ", values) + ")";
        return new Generated(sql.toString(), new InsertStatement(
                new InsertHead(head, table, columns, List.of(), InsertSource.VALUES, "Values"), text, head.length() + 1, true));
    }

    private Generated set() {
        keyword("SET");
        blanks(true);
        SettingAssignment assignment = assignment();
        end();
        return new Generated(sql.toString(), new SetStatement(assignment));
    }

    private Generated flush() {
        keyword("SYSTEM");
        blanks(true);
        keyword("FLUSH");
        blanks(true);
        if (random.nextInt(4) == 0) {
            keyword("LOGS");
            end();
            return new Generated(sql.toString(), new SystemFlushLogsStatement());
        }
        keyword("ASYNC");
        blanks(true);
        keyword("INSERT");
        blanks(true);
        keyword("QUEUE");
        List<QualifiedName> tables = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                blanks(false);
                sql.append(',');
            }
            blanks(true);
            tables.add(qualifiedName());
        }
        end();
        return new Generated(sql.toString(), new SystemFlushQueueStatement(tables));
    }

    private Generated replay() {
        for (String word : new String[] {"SYSTEM", "REPLAY", "ASYNC", "INSERT", "DEAD"}) {
            keyword(word);
            blanks(true);
        }
        keyword("LETTER");
        QualifiedName table = null;
        if (random.nextBoolean()) {
            blanks(true);
            table = qualifiedName();
        }
        end();
        return new Generated(sql.toString(), new SystemReplayDeadLetterStatement(table));
    }

    /** An optional ';' and blanks, at the end of a statement other than an INSERT. */
    private void end() {
        blanks(false);
        if (random.nextBoolean()) {
            sql.append(';');
            blanks(false);
        }
    }

    private SettingAssignment assignment() {
        String name = identifier(false).toLowerCase(Locale.ROOT);
        blanks(false);
        sql.append('=');
        blanks(false);
        String value;
        switch (random.nextInt(3)) {
            case 0 -> {
                int start = sql.length();
                number();
                value = sql.substring(start);
            }
            case 1 -> value = string();
            default -> value = identifier(false);
        }
        return new SettingAssignment(name, value);
    }

    /** A number as the grammar's NUMBER rule has it. */
    private void number() {
        if (random.nextInt(3) == 0) {
            sql.append(random.nextBoolean() ? '-' : '+');
        }
        if (random.nextInt(4) == 0) {
            sql.append('.').append(digits());
        } else {
            sql.append(digits());
            if (random.nextBoolean()) {
                sql.append('.');
                if (random.nextBoolean()) {
                    sql.append(digits());
                }
            }
        }
        if (random.nextInt(4) == 0) {
            sql.append(random.nextBoolean() ? 'e' : 'E');
            if (random.nextBoolean()) {
                sql.append(random.nextBoolean() ? '-' : '+');
            }
            sql.append(digits());
        }
    }

    private String digits() {
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 5);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /** A single-quoted string literal of a random value, each character written plainly or escaped; returns the value. */
    private String string() {
        String value = anyText(12);
        sql.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                sql.append(random.nextBoolean() ? "''" : "\\'");
            } else if (c == '\\') {
                sql.append("\\\\");
            } else {
                switch (random.nextInt(4)) {
                    case 0 -> sql.append(escapeLetter(c) != 0 ? "\\" + escapeLetter(c) : String.valueOf(c));
                    case 1 -> sql.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
                    // Any other escaped character stands for itself.
                    case 2 -> sql.append("ntr0bfavx".indexOf(c) < 0 ? "\\" + c : String.valueOf(c));
                    default -> sql.append(c);
                }
            }
        }
        sql.append('\'');
        return value;
    }

    private static char escapeLetter(char c) {
        return switch (c) {
            case '\n' -> 'n';
            case '\t' -> 't';
            case '\r' -> 'r';
            case '\0' -> '0';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\u0007' -> 'a';
            case '\u000B' -> 'v';
            default -> 0;
        };
    }

    private QualifiedName qualifiedName() {
        if (random.nextInt(3) == 0) {
            String database = identifier(false);
            blanks(false);
            sql.append('.');
            blanks(false);
            return new QualifiedName(database, identifier(false));
        }
        return new QualifiedName(null, identifier(false));
    }

    /**
     * An identifier in one of its three spellings; returns its name without quotes.
     *
     * @param column whether it names a column (the keyword DEFAULT after a table name would start DEFAULT VALUES, so it
     *     is only used for columns, formats and settings)
     */
    private String identifier(boolean column) {
        switch (random.nextInt(4)) {
            case 0 -> {
                String name = anyText(10);
                sql.append('"').append(name.replace("\"", "\"\"")).append('"');
                return name;
            }
            case 1 -> {
                String name = anyText(10);
                sql.append('`').append(name.replace("`", "``")).append('`');
                return name;
            }
            default -> {
                String name;
                if (random.nextInt(5) == 0) {
                    name = randomCase(BARE_KEYWORDS[random.nextInt(BARE_KEYWORDS.length)]);
                    if (!column && name.equalsIgnoreCase("default")) {
                        name = "default_";
                    }
                } else {
                    StringBuilder out = new StringBuilder();
                    out.append(IDENTIFIER_CHARS.charAt(random.nextInt(53)));
                    int length = random.nextInt(12);
                    for (int i = 0; i < length; i++) {
                        out.append(IDENTIFIER_CHARS.charAt(random.nextInt(IDENTIFIER_CHARS.length())));
                    }
                    name = out.toString();
                    if (name.equalsIgnoreCase("select") || name.equalsIgnoreCase("with") || name.equalsIgnoreCase("default")) {
                        name = name + "_";
                    }
                }
                sql.append(name);
                return name;
            }
        }
    }

    /** Text of any characters: identifier-like, hostile, or random UTF-16 (lone surrogates and NUL included). */
    private String anyText(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(3)) {
                case 0 -> out.append(IDENTIFIER_CHARS.charAt(random.nextInt(IDENTIFIER_CHARS.length())));
                case 1 -> out.append(HOSTILE_CHARS.charAt(random.nextInt(HOSTILE_CHARS.length())));
                default -> out.append((char) random.nextInt(0x10000));
            }
        }
        return out.toString();
    }

    private void keyword(String word) {
        sql.append(randomCase(word));
    }

    private String randomCase(String word) {
        StringBuilder out = new StringBuilder(word.length());
        int style = random.nextInt(3);
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean upper = style == 0 || (style == 2 && random.nextBoolean());
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** Blanks and comments between tokens; at least one blank or comment when {@code required}. */
    private void blanks(boolean required) {
        int count = random.nextInt(3) + (required ? 1 : 0);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(8)) {
                case 0 -> sql.append('\n');
                case 1 -> sql.append('\t');
                case 2 -> sql.append("\r\n");
                case 3 -> sql.append("/*").append(anyText(8).replace("*/", "")).append("*/");
                case 4 -> sql.append("--").append(anyText(8).replace('\n', ' ').replace('\r', ' ')).append('\n');
                case 5 -> sql.append('\f');
                default -> sql.append(' ');
            }
        }
    }

    /** Blanks then some tuples: the data is opaque to the statement parser. */
    private void valuesData() {
        int blanks = random.nextInt(3);
        for (int i = 0; i < blanks; i++) {
            sql.append(" \n\t\r\f".charAt(random.nextInt(5)));
        }
        // A comment right after VALUES is data too: the head ends at VALUES.
        sql.append(random.nextInt(4) == 0 ? "/* data */" : "").append("(1, 'a''b', NULL), (").append(anyText(6).replace("'", "")).append(')');
    }

    /** The data of a FORMAT INSERT, after ClickHouse's rule for where it starts; returns that offset. */
    private int formatData() {
        int spaces = random.nextInt(3);
        for (int i = 0; i < spaces; i++) {
            sql.append(random.nextBoolean() ? ' ' : '\t');
        }
        int start;
        switch (random.nextInt(3)) {
            case 0 -> {
                sql.append('\n');
                start = sql.length();
            }
            case 1 -> {
                sql.append("\r\n");
                start = sql.length();
            }
            default -> {
                if (spaces == 0) {
                    sql.append(' ');
                }
                start = sql.length();
            }
        }
        // Data after the line break may start with blanks of its own (a leading empty TabSeparated field);
        // on the format name's line, blanks before the data are not part of it.
        boolean afterLineBreak = start > 0 && sql.charAt(start - 1) == '\n';
        sql.append(afterLineBreak && random.nextBoolean() ? "\t1\tx\n" : "1,\"a,b\"\n2,'c'\n");
        return start;
    }

    private int firstNonBlank(int from) {
        int i = from;
        while (i < sql.length() && " \t\n\r\f".indexOf(sql.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }
}
