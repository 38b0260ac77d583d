package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Statements far larger than any real one fail fast with an error that says so, or parse in time proportional to their head. */
class OversizedStatementTest {
    private static final Duration FAST = Duration.ofSeconds(5);

    private final StatementParser parser = new StatementParser(16);

    private static String columnList(int columns) {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns; i++) {
            list.add("c" + i);
        }
        return list.toString();
    }

    @Test
    @DisplayName("a million-column list is refused as too large a query, naming the limit, without running the grammar over it")
    void millionColumnList() {
        String sql = "INSERT INTO t " + columnList(1_000_000) + " VALUES (1)";

        SluiceSqlException error = assertTimeoutPreemptively(FAST, () -> (SluiceSqlException) catchParse(sql));

        assertThat(error.error()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(error.getMessage()).startsWith("SYNTAX_ERROR: line 1:")
                .contains("Max query size exceeded")
                .contains(Integer.toString(StatementParser.MAX_QUERY_SIZE));
    }

    @Test
    @DisplayName("a head just under the limit still parses")
    void headUnderTheLimit() throws Exception {
        String list = columnList(20_000);
        assertThat(list.length()).isLessThan(StatementParser.MAX_QUERY_SIZE - 100);
        String sql = "INSERT INTO t " + list + " VALUES (1)";

        InsertStatement insert = assertTimeoutPreemptively(FAST, () -> (InsertStatement) parser.parse(sql));

        assertThat(insert.head().columns()).hasSize(20_000).startsWith("c0").endsWith("c19999");
    }

    @Test
    @DisplayName("a head that never ends (a column list without its ')') is refused as too large, not lexed to its end")
    void unterminatedHugeColumnList() {
        String sql = "INSERT INTO t (" + "c, ".repeat(3_000_000);

        SluiceSqlException error = assertTimeoutPreemptively(FAST, () -> (SluiceSqlException) catchParse(sql));

        assertThat(error.getMessage()).startsWith("SYNTAX_ERROR: line 1:").contains("Max query size exceeded");
    }

    @Test
    @DisplayName("100,000 nested parentheses before a SELECT parse as an INSERT ... SELECT, without a stack overflow")
    void deeplyNestedParentheses() throws Exception {
        String sql = "INSERT INTO t " + "(".repeat(100_000) + "SELECT 1" + ")".repeat(100_000);

        InsertStatement insert = assertTimeoutPreemptively(FAST, () -> (InsertStatement) parser.parse(sql));

        assertThat(insert.head().source()).isEqualTo(InsertSource.SELECT);
        assertThat(insert.dataStart()).isEqualTo("INSERT INTO t ".length());
    }

    @Test
    @DisplayName("more nested parentheses than the size limit allows are refused as too large a query")
    void nestedParenthesesBeyondTheLimit() {
        String sql = "INSERT INTO t " + "(".repeat(1_000_000) + "SELECT 1" + ")".repeat(1_000_000);

        Object outcome = assertTimeoutPreemptively(FAST, () -> catchParse(sql));

        assertThat(outcome).isInstanceOf(SluiceSqlException.class);
        assertThat(((SluiceSqlException) outcome).getMessage()).startsWith("SYNTAX_ERROR: line 1:").contains("Max query size exceeded");
    }

    @Test
    @DisplayName("a malformed head just under the limit is reported precisely, and quickly")
    void malformedHeadUnderTheLimit() {
        String sql = "INSERT INTO t (" + "c, ".repeat(80_000) + "VALUES (1)";

        Object outcome = assertTimeoutPreemptively(FAST, () -> catchParse(sql));

        assertThat(outcome).isInstanceOf(SluiceSqlException.class);
        // With this many tokens before the error, what was expected is ANTLR's own set rather than found by trials.
        assertThat(((SluiceSqlException) outcome).getMessage()).startsWith("SYNTAX_ERROR: line 1:" + (sql.length() - 2)
                + ": unexpected '(', expected ");
    }

    @Test
    @DisplayName("100 MB of VALUES data costs the parser nothing: only the head is scanned")
    void hugeDataAfterASmallHead() throws Exception {
        String sql = "INSERT INTO t VALUES " + "(1, 'abc'), ".repeat(8_000_000);

        InsertStatement insert = assertTimeoutPreemptively(FAST, () -> (InsertStatement) parser.parse(sql));

        assertThat(insert.head().text()).isEqualTo("INSERT INTO t VALUES");
        assertThat(insert.dataBytes()).isEqualTo(sql.length() - "INSERT INTO t VALUES ".length());
    }

    @Test
    @DisplayName("SET and SYSTEM statements beyond the limit are refused before the grammar sees them")
    void hugeSetAndSystemStatements() {
        String set = "SET log_comment = '" + "x".repeat(10_000_000) + "'";
        String system = "SYSTEM FLUSH ASYNC INSERT QUEUE " + "t, ".repeat(1_000_000) + "t";

        for (String sql : new String[] {set, system}) {
            Object outcome = assertTimeoutPreemptively(FAST, () -> catchParse(sql));
            assertThat(outcome).isInstanceOf(SluiceSqlException.class);
            assertThat(((SluiceSqlException) outcome).getMessage()).startsWith("SYNTAX_ERROR: line 1:").contains("Max query size exceeded");
        }
    }

    @Test
    @DisplayName("a malformed head with megabytes after it is reported at the place it goes wrong, quickly")
    void malformedHeadWithHugeData() {
        String sql = "INSERT INTO t VALUS " + "(1), ".repeat(5_000_000);

        assertTimeoutPreemptively(FAST, () -> assertThatThrownBy(() -> parser.parse(sql))
                .hasMessageStartingWith("SYNTAX_ERROR: line 1:15: unexpected 'VALUS'"));
    }

    private Object catchParse(String sql) {
        try {
            return parser.parse(sql);
        } catch (SluiceSqlException e) {
            return e;
        }
    }
}
