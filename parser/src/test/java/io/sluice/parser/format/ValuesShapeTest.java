package io.sluice.parser.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesShapeTest {
    private static boolean literal(String data, boolean placeholders) {
        String sql = "INSERT INTO t VALUES " + data;
        return ValuesShape.isLiteralTuples(sql, "INSERT INTO t VALUES ".length(), placeholders);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(1, 'a', NULL)", "(1, 'a'), (2, 'b')", "(1)(2)", "(1);", "(1) ;  ", "(-1.5e3, true, FALSE, default)", "()",
        "('it''s', 'back\\\\slash \\' quote', 'now()')", "(1, 'ON CONFLICT') , (2, ')')",
        // malformed data stays Sluice's: it fails as its own entry
        "(1, 'unclosed", "(1, 2", "(1,, 2)", "(1) (",
    })
    void tuplesOfLiteralsAreSluices(String data) {
        assertThat(literal(data, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(1, now())", "(CURRENT_TIMESTAMP)", "('{}'::jsonb)", "(upper('x'))", "(1 + 2)", "(1) ON CONFLICT DO NOTHING",
        "(1, 'x') ON CONFLICT (id) DO UPDATE SET v = excluded.v", "(1) RETURNING id", "(1) ON DUPLICATE KEY UPDATE v = VALUES(v)",
        "(1); DELETE FROM t", "(1), (2) RETURNING *", "(?)",
    })
    void expressionsAndTrailingClausesAreTheTargets(String data) {
        assertThat(literal(data, false)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?, ?)", "(?, 'x', ?), (?, NULL, 2)"})
    void placeholdersAreValuesInPreparedStatements(String data) {
        assertThat(literal(data, true)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?, ?::jsonb)", "(?, lower(?))", "(?) ON CONFLICT DO NOTHING", "(CAST(? AS uuid))"})
    void castsAndFunctionsOfPlaceholdersAreTheTargets(String data) {
        assertThat(literal(data, true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(1, 'a', NULL)", "('it''s', 'back\\\\slash \\' quote'), (2, 'b')", "(1, now())", "(1, 'unclosed"})
    void theCheckAllocatesNothing(String data) {
        // It runs on the thread of every INSERT: no tokenizer, no unescaped copy of a string.
        String sql = "INSERT INTO t VALUES " + data;
        int dataStart = "INSERT INTO t VALUES ".length();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        boolean expected = ValuesShape.isLiteralTuples(sql, dataStart, false);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            if (ValuesShape.isLiteralTuples(sql, dataStart, false) != expected) {
                throw new AssertionError("The check changed its answer for " + data);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 1,000 checks of %s", data).isLessThan(1_000);
    }
}
