package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private final StatementSplitter splitter = new StatementSplitter();

    @Test
    void splitsAtSemicolons() {
        assertThat(splitter.feed("SELECT 1; SELECT 2 ;;")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(splitter.isEmpty()).isTrue();
    }

    @Test
    void semicolonsInQuotesDoNotSplit() {
        assertThat(splitter.feed("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, 'it''s;');"))
                .containsExactly("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, 'it''s;')");
    }

    @Test
    void aStatementMaySpanLines() {
        assertThat(splitter.feedLine("SELECT 'multi")).isEmpty();
        assertThat(splitter.isEmpty()).isFalse();
        assertThat(splitter.feedLine("line;'")).isEmpty();
        assertThat(splitter.feedLine("  FROM t;")).containsExactly("SELECT 'multi\nline;'\n  FROM t");
    }

    @Test
    void commentsAreDropped() {
        assertThat(splitter.feedLine("SELECT 1 -- the first; really")).isEmpty();
        assertThat(splitter.feedLine("; SELECT /* a; b */ 2;")).containsExactly("SELECT 1", "SELECT   2");
        assertThat(splitter.feedLine("-- only a comment")).isEmpty();
        assertThat(splitter.isEmpty()).isTrue();
    }

    @Test
    void drainReturnsTheUnfinishedStatement() {
        splitter.feed("SELECT 3");

        assertThat(splitter.drain()).isEqualTo("SELECT 3");
        assertThat(splitter.isEmpty()).isTrue();
        assertThat(splitter.drain()).isEmpty();
    }
}
