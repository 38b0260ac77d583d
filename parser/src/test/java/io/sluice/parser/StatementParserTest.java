package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the statement tables cannot show: the head cache, error codes, argument checks. */
class StatementParserTest {
    private final StatementParser parser = new StatementParser(64);

    private InsertStatement insert(String sql) throws SluiceSqlException {
        return (InsertStatement) parser.parse(sql);
    }

    private static String catchMessage(Callable<?> call) {
        try {
            call.call();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    @Nested
    @DisplayName("the head cache")
    class HeadCache {
        @Test
        @DisplayName("returns the same InsertHead for the same head text, whatever the data")
        void sameHeadSameInstance() throws SluiceSqlException {
            InsertHead first = insert("INSERT INTO t (a, b) SETTINGS async_insert=1 VALUES (1, 'x')").head();
            InsertHead second = insert("INSERT INTO t (a, b) SETTINGS async_insert=1 VALUES (2, 'y'), (3, 'z')").head();

            assertThat(second).isSameAs(first);
        }

        @Test
        @DisplayName("keys on the head alone: leading comments and the data are not part of it")
        void leadingCommentsAreNotPartOfTheKey() throws SluiceSqlException {
            InsertHead first = insert("INSERT INTO t FORMAT CSV\n1,2\n").head();
            InsertHead second = insert("/* retry 2 */\n  INSERT INTO t FORMAT CSV\n3,4\n").head();

            assertThat(second).isSameAs(first);
            assertThat(first.text()).isEqualTo("INSERT INTO t FORMAT CSV");
        }

        @Test
        @DisplayName("treats heads that differ in spacing or case as different heads with equal content")
        void differentTextDifferentInstance() throws SluiceSqlException {
            InsertHead first = insert("INSERT INTO t VALUES (1)").head();
            InsertHead second = insert("INSERT  INTO t VALUES (1)").head();
            InsertHead third = insert("insert into t values (1)").head();

            assertThat(second).isNotSameAs(first);
            assertThat(third).isNotSameAs(first);
            assertThat(second.table()).isEqualTo(first.table());
            assertThat(second.source()).isEqualTo(first.source());
        }

        @Test
        @DisplayName("reuses the last VALUES head only where a scan would find the same head and data start")
        void lastValuesHead() throws SluiceSqlException {
            InsertHead first = insert("INSERT INTO t VALUES (1)").head();
            for (String sql : List.of("INSERT INTO t VALUES(2)", "INSERT INTO t VALUES \n\t (3)", "INSERT INTO t VALUES", "  INSERT INTO t VALUES (4)")) {
                InsertStatement statement = insert(sql);
                InsertStatement fresh = (InsertStatement) new StatementParser(64).parse(sql);

                assertThat(statement.head()).as(sql).isSameAs(first).isEqualTo(fresh.head());
                assertThat(statement.dataStart()).as(sql).isEqualTo(fresh.dataStart());
            }
            assertThatThrownBy(() -> parser.parse("INSERT INTO t VALUESX (1)"))
                    .hasMessage(catchMessage(() -> new StatementParser(64).parse("INSERT INTO t VALUESX (1)")));
        }

        @Test
        @DisplayName("is bounded: when full it starts over, so an old head is parsed again")
        void bounded() throws SluiceSqlException {
            StatementParser small = new StatementParser(2);
            InsertHead a = ((InsertStatement) small.parse("INSERT INTO a VALUES (1)")).head();
            assertThat(((InsertStatement) small.parse("INSERT INTO a VALUES (2)")).head()).isSameAs(a);
            small.parse("INSERT INTO b VALUES (1)");
            small.parse("INSERT INTO c VALUES (1)");

            InsertHead again = ((InsertStatement) small.parse("INSERT INTO a VALUES (3)")).head();

            assertThat(again).isNotSameAs(a).isEqualTo(a);
        }

        @Test
        @DisplayName("does not cache errors: a bad head fails every time")
        void errorsAreNotCached() {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> parser.parse("INSERT INTO t SETTINGS a VALUES (1)"))
                        .hasMessage("SYNTAX_ERROR: line 1:26: unexpected 'VALUES', expected '='");
            }
        }

        @Test
        @DisplayName("gives every thread the same InsertHead for the same head")
        void threadSafe() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<List<InsertHead>>> tasks = new ArrayList<>();
                for (int task = 0; task < 8; task++) {
                    int seed = task;
                    tasks.add(() -> {
                        List<InsertHead> heads = new ArrayList<>();
                        for (int i = 0; i < 500; i++) {
                            heads.add(insert("INSERT INTO events (id) VALUES (" + (seed * 1000 + i) + ")").head());
                        }
                        return heads;
                    });
                }
                Set<InsertHead> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Future<List<InsertHead>> result : pool.invokeAll(tasks)) {
                    distinct.addAll(result.get());
                }
                assertThat(distinct).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("reports data offsets into the original text, without copying the data")
    void dataOffsets() throws SluiceSqlException {
        String data = "(1, 'x'),".repeat(10_000) + "(2, 'y')";
        String sql = "INSERT INTO t VALUES " + data;

        InsertStatement statement = insert(sql);

        assertThat(statement.sql()).isSameAs(sql);
        assertThat(statement.dataStart()).isEqualTo(21);
        assertThat(statement.dataBytes()).isEqualTo(data.length());
    }

    @Test
    @DisplayName("a syntax error carries ClickHouse's code 62 and SQLState 42000")
    void syntaxErrorCode() {
        assertThatThrownBy(() -> parser.parse("INSERT INTO t VALUS (1)"))
                .isInstanceOfSatisfying(SluiceSqlException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.getErrorCode()).isEqualTo(62);
                    assertThat(e.getSQLState()).isEqualTo("42000");
                });
    }

    @Test
    @DisplayName("a malformed head followed by a lot of data still reports the head's error")
    void malformedHeadWithLargeData() {
        String sql = "INSERT INTO t VALUS " + "(1),".repeat(100_000) + "(1)";

        assertThatThrownBy(() -> parser.parse(sql))
                .hasMessage("SYNTAX_ERROR: line 1:15: unexpected 'VALUS', expected VALUES, FORMAT, SELECT, WITH, SETTINGS, '.' or '('");
    }

    @Test
    @DisplayName("pass-through and system statements keep the text as given")
    void textKept() throws SluiceSqlException {
        String update = "UPDATE t SET a = 1";
        String query = "SELECT * FROM system.metrics";

        assertThat(parser.parse(update)).isEqualTo(new PassThroughStatement(update));
        assertThat(parser.parse(query)).isEqualTo(new SystemQueryStatement(query));
    }

    @Test
    @DisplayName("the cache size must be at least 1")
    void cacheSizeChecked() {
        assertThatThrownBy(() -> new StatementParser(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cacheSize must be at least 1, was 0");
    }

    @Test
    @DisplayName("null is refused")
    void nullRefused() {
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("sql");
    }
}
