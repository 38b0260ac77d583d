package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the statement parser (head scanner, grammar and head cache) over generated and mutated
 * statements. The normal run makes {@code jqwik.tries.default} tries per property (see
 * {@code junit-platform.properties}); a long run: {@code -Djqwik.tries.default=100000}.
 */
class StatementFuzzTest {
    private static final Pattern POSITION = Pattern.compile("^SYNTAX_ERROR: line (\\d+):(\\d+): ");

    /** One parser across tries, so that its head cache sees many heads and fills up (and starts over). */
    private final StatementParser shared = new StatementParser(64);

    @Provide
    Arbitrary<StatementGenerator.Generated> valid() {
        return Arbitraries.randomValue(StatementGenerator::generate);
    }

    @Provide
    Arbitrary<String> mutated() {
        return Fuzz.mutated(valid().map(StatementGenerator.Generated::sql));
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> prefixed = Fuzz.garbage().map(text -> "INSERT INTO " + text);
        return Arbitraries.oneOf(Fuzz.garbage(), prefixed, Fuzz.garbage().map(text -> "SET " + text),
                Fuzz.garbage().map(text -> "SYSTEM " + text));
    }

    @Property
    @Label("a valid statement parses to exactly the model it was generated from")
    void validStatementsParseToTheirModel(@ForAll("valid") StatementGenerator.Generated generated) throws Exception {
        Statement parsed = Fuzz.within(generated.sql(), () -> new StatementParser(4).parse(generated.sql()));

        assertThat(parsed).isEqualTo(generated.expected());
        assertThat(Fuzz.within(generated.sql(), () -> shared.parse(generated.sql()))).isEqualTo(generated.expected());
    }

    @Property
    @Label("the head cache gives one head per head text, whatever the data after it and whoever parsed it first")
    void headCacheIsConsistent(@ForAll("valid") StatementGenerator.Generated generated, @ForAll("garbageData") String otherData)
            throws Exception {
        if (!(generated.expected() instanceof InsertStatement expected) || expected.head().source() == InsertSource.SELECT
                || !expected.sql().equals(generated.sql())) {
            // A SELECT has no data; a SET row is rewritten, its head not in the text.
            return;
        }
        String sql = generated.sql();
        int headEnd = SqlText.skipBlanksAndComments(sql, 0) + expected.head().text().length();
        // Other data after the same head: a blank first, so that it cannot lengthen a FORMAT name.
        String other = sql.substring(0, headEnd) + " \n" + otherData;

        InsertStatement first = (InsertStatement) shared.parse(sql);
        InsertStatement again = (InsertStatement) shared.parse(sql);
        InsertStatement withOtherData = (InsertStatement) shared.parse(other);
        InsertStatement fresh = (InsertStatement) new StatementParser(1).parse(other);

        assertThat(again.head()).isSameAs(first.head());
        assertThat(withOtherData.head()).isEqualTo(first.head()).isEqualTo(expected.head());
        assertThat(fresh.head()).isEqualTo(first.head());
        assertThat(withOtherData.dataStart()).isBetween(headEnd, other.length());
    }

    /**
     * Data that cannot be read as part of the head: after FORMAT, a first word SETTINGS starts the
     * statement's settings (ClickHouse's SETTINGS after FORMAT), so data never begins with it.
     */
    @Provide
    Arbitrary<String> garbageData() {
        return Fuzz.garbage().filter(data -> !SqlText.wordIs(data, SqlText.skipBlanksAndComments(data, 0),
                SqlText.wordEnd(data, SqlText.skipBlanksAndComments(data, 0)), "SETTINGS"));
    }

    @Property
    @Label("a mutated statement parses, or fails with a SYNTAX_ERROR at a line and column inside the text")
    void mutatedStatementsParseOrFailWithAPosition(@ForAll("mutated") String sql) throws Exception {
        checkParseOrSyntaxError(sql);
    }

    @Property
    @Label("random text parses, or fails with a SYNTAX_ERROR at a line and column inside the text")
    void garbageParsesOrFailsWithAPosition(@ForAll("garbage") String sql) throws Exception {
        checkParseOrSyntaxError(sql);
    }

    /**
     * Parses with the shared parser and with a fresh one: both agree, an INSERT's head text is where it says it
     * is, and an error is a SYNTAX_ERROR pointing inside the statement.
     */
    static void checkParseOrSyntaxError(String sql) throws Exception {
        Statement parsed;
        try {
            parsed = Fuzz.within(sql, () -> new StatementParser(2).parse(sql));
        } catch (Exception | Error e) {
            SluiceSqlException error = Fuzz.assertSluiceError(e, sql);
            assertThat(error.error()).as("%s", error.getMessage()).isEqualTo(ErrorCode.SYNTAX_ERROR);
            assertPositionInside(error.getMessage(), sql);
            return;
        }
        assertThat(parsed).isNotNull();
        if (parsed instanceof InsertStatement insert) {
            if (insert.sql() != sql) {
                // MariaDB/MySQL's INSERT … SET row, rewritten as the one-row VALUES it stands for.
                assertThat(insert.mysqlForm()).isTrue();
                assertThat(insert.sql()).startsWith(insert.head().text());
            } else {
                assertThat(sql).contains(insert.head().text());
            }
            assertThat(insert.dataStart()).isBetween(0, insert.sql().length());
            assertThat(insert.head().text()).startsWithIgnoringCase("INSERT");
            // Parsed again by a parser whose cache already holds the head: the same result.
            StatementParser parser = new StatementParser(8);
            InsertStatement first = (InsertStatement) parser.parse(sql);
            assertThat(((InsertStatement) parser.parse(sql)).head()).isSameAs(first.head()).isEqualTo(insert.head());
        }
    }

    /** The message's {@code line L:C} names a line of the text and a column at most one past its end. */
    static void assertPositionInside(String message, String sql) {
        Matcher matcher = POSITION.matcher(message);
        assertThat(matcher.find()).as("a line:column position in %s", message).isTrue();
        int line = Integer.parseInt(matcher.group(1));
        int column = Integer.parseInt(matcher.group(2));
        String[] lines = sql.split("\n", -1);
        assertThat(line).as("line of %s", message).isBetween(1, lines.length);
        assertThat(column).as("column of %s", message).isBetween(1, lines[line - 1].length() + 1);
    }
}
