package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqlTextTest {
    @Test
    @DisplayName("the system tables a query names: bare, quoted, any case, after blanks or a comment; not in strings or comments")
    void systemTables() {
        assertThat(SqlText.systemTables("SELECT * FROM system.events e JOIN \"System\".\"Metrics\" m ON 1 JOIN `system`.`a``b` x", 0))
                .containsExactlyInAnyOrder("events", "metrics", "a`b");
        assertThat(SqlText.systemTables("SELECT * FROM system. /* c */ settings", 0)).containsExactly("settings");
        assertThat(SqlText.systemTables("SELECT 'system.events', x1system.metrics /* system.settings */ -- system.plugins", 0)).isNull();
        assertThat(SqlText.systemTables("SELECT 1 FROM system.", 0)).isEmpty();
        assertThat(new SystemQueryStatement("SELECT * FROM system.query_log WHERE x IN (SELECT 1 FROM system.part_log)").tables())
                .containsExactlyInAnyOrder("query_log", "part_log");
    }

    @Test
    @DisplayName("a statement's first word comes after blanks, comments and opening parentheses")
    void firstWord() {
        assertThat(SqlText.firstWord("  -- note\n /* c */ ( (select 1))")).isEqualTo("select");
        assertThat(SqlText.firstWord("CREATE TABLE t (a INT)")).isEqualTo("CREATE");
        assertThat(SqlText.firstWord("create_table()")).isEqualTo("create_table");
        assertThat(SqlText.firstWord("'x'")).isEmpty();
        assertThat(SqlText.firstWord("")).isEmpty();
    }

    @Test
    @DisplayName("every identifier of a statement, lower case, bare or quoted; not in strings or comments")
    void identifiers() {
        assertThat(SqlText.identifiers("UPDATE \"Logs\" SET v = 'events' WHERE id IN (SELECT id FROM `app`.t2) -- other\n/* more */"))
                .containsExactlyInAnyOrder("update", "logs", "set", "v", "where", "id", "in", "select", "from", "app", "t2");
        assertThat(SqlText.identifiers("SELECT 1")).containsExactlyInAnyOrder("select", "1");
    }
}
