package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which SET statements are Sluice's and which belong to the target database. */
class TargetSetStatementTest {
    private final StatementParser parser = new StatementParser(10, Set.of("async_insert", "wait_for_async_insert", "log_comment")::contains);

    @ParameterizedTest
    @ValueSource(strings = {"SET ROLE 'postgres'", "SET search_path TO public", "SET TIME ZONE 'UTC'", "SET statement_timeout = 0",
            "SET application_name = 'app'", "SET NAMES utf8mb4", "SET SESSION sql_mode = 'ANSI'", "SET @answer = 42",
            "SET foreign_key_checks = 0, sql_safe_updates = 0", "set local lock_timeout = '1s'", "SET", "SET -- nothing\n"})
    void theTargetsOwnSetStatementsPassThrough(String sql) throws Exception {
        assertThat(parser.parse(sql)).isInstanceOf(PassThroughStatement.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET async_insert = 0", "set wait_for_async_insert=1", "SET `log_comment` = 'x'",
            "SET /* c */ \"async_insert\" = 1"})
    void sluiceSettingsAreSluices(String sql) throws Exception {
        assertThat(parser.parse(sql)).isInstanceOf(SetStatement.class);
    }
}
