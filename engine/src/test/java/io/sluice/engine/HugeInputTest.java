package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.engine.session.Session;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Inputs far beyond anything real fail fast through the engine with an error naming the problem, and disturb nothing else. */
class HugeInputTest extends EngineTestBase {
    private static final Duration FAST = Duration.ofSeconds(20);

    @Test
    @DisplayName("a million-column list fails at once as too large a query, and nothing is queued")
    void millionColumnList() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER)");
        StringJoiner list = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < 1_000_000; i++) {
            list.add("c" + i);
        }
        String sql = "INSERT INTO t " + list + " VALUES (1)";

        assertTimeoutPreemptively(FAST, () -> assertThatThrownBy(() -> update(session, sql))
                .isInstanceOfSatisfying(SluiceSqlException.class, e -> assertThat(e.error()).isEqualTo(ErrorCode.SYNTAX_ERROR))
                .hasMessageStartingWith("SYNTAX_ERROR: line 1:")
                .hasMessageContaining("Max query size exceeded"));

        assertThat(query(session, "SELECT count(*) FROM system.asynchronous_inserts")).containsExactly("0");
        // The statement's text is not kept whole in the query log either.
        assertThat(query(session, "SELECT type, length(query) < 2000 FROM system.query_log WHERE exception_code = 62"))
                .containsExactly("ExceptionBeforeStart|1");
    }

    @Test
    @DisplayName("100,000 nested JSON arrays fail their own entry with the nesting named; the rest of the batch is written")
    void deeplyNestedJson() throws Exception {
        Session session = connect("wait_for_async_insert=0");
        update(session, "CREATE TABLE t (a INTEGER, j TEXT)");
        update(session, "INSERT INTO t FORMAT JSONEachRow {\"a\": 1, \"j\": \"x\"}");
        update(session, "INSERT INTO t FORMAT JSONEachRow {\"a\": 2, \"j\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        update(session, "INSERT INTO t FORMAT JSONEachRow {\"a\": 3, \"j\": [[1]]}");

        assertTimeoutPreemptively(FAST, () -> update(session, "SYSTEM FLUSH ASYNC INSERT QUEUE"));

        assertThat(query(session, "SELECT a, j FROM t ORDER BY a")).containsExactly("1|x", "3|[[1]]");
        assertThat(query(session, "SELECT status, exception FROM system.asynchronous_insert_log WHERE status != 'Ok'"))
                .containsExactly("ParsingError|INCORRECT_DATA: Cannot parse JSON at row 1: nesting deeper than 512 levels");
    }

    @Test
    @DisplayName("a waiting client whose VALUES nest 100,000 parentheses gets its own error, at once")
    void deeplyNestedValues() throws Exception {
        Session session = connect("");
        update(session, "CREATE TABLE t (a INTEGER)");
        String sql = "INSERT INTO t SETTINGS async_insert = 0 VALUES (1), (" + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ")";

        assertTimeoutPreemptively(FAST, () -> assertThatThrownBy(() -> update(session, sql))
                .hasMessageStartingWith("SYNTAX_ERROR: Cannot parse expression '((((")
                .hasMessageEndingWith("for column a at row 2: expressions are not supported, only literals"));

        assertThat(count(session, "t")).isZero();
    }
}
