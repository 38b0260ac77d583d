-- scenario: ClickHouse 03006_async_insert_deadlock_log: a waiting JSONEachRow INSERT into a Log-engine table returns and its row is there
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/03006_async_insert_deadlock_log.sh (Log engine: a plain table).
CREATE TABLE t_async_insert_deadlock (a INTEGER);

-- background: insert
INSERT INTO t_async_insert_deadlock FORMAT JSONEachRow
{"a": 1}
;
-- advance: 200ms
-- join: insert
-- expect: 1
SELECT * FROM t_async_insert_deadlock ORDER BY a;
-- expect: 1
