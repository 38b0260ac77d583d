package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TemporaryTableDdl}: which DDL creates a temporary table, and which tables a DROP TABLE names. */
class TemporaryTableDdlTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE TEMP TABLE t (a INT)|t",
        "create temporary table if not exists \"My Table\" (a int)|My Table",
        "/* migration */ CREATE OR REPLACE TEMPORARY TABLE `x``y` LIKE src|x`y",
        "CREATE GLOBAL TEMPORARY TABLE t (a INT)|t",
        "CREATE LOCAL TEMP TABLE app.t AS SELECT 1|app.t",
        "CREATE TABLE temp.t (a INT)|temp.t",
        "CREATE TABLE pg_temp.t (a INT)|pg_temp.t",
    })
    void createsATemporaryTable(String sql, String table) {
        assertThat(TemporaryTableDdl.created(sql)).hasToString(table);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE t (a INT)",
        "CREATE TABLE main.t (a INT)",
        "CREATE TEMP VIEW v AS SELECT 1",
        "CREATE TEMPORARY SEQUENCE s",
        "CREATE OR TEMP TABLE t (a INT)",
        "CREATE TEMP TABLE IF EXISTS t (a INT)",
        "CREATE TEMP TABLE",
        "SELECT 1",
        "",
    })
    void createsNone(String sql) {
        assertThat(TemporaryTableDdl.created(sql)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DROP TABLE t|[t]",
        "drop temporary table if exists a, app.b , \"C d\"|[a, app.b, C d]",
        "DROP TABLE IF EXISTS t CASCADE|[t]",
        "DROP VIEW v|[]",
        "DROP TABLE IF t|[]",
        "DELETE FROM t|[]",
    })
    void dropsTables(String sql, String tables) {
        assertThat(TemporaryTableDdl.dropped(sql)).hasToString(tables);
    }
}
