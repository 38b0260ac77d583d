-- scenario: ClickHouse test of table t_04330: a huge wait_for_async_insert_timeout (1e11 s) does not overflow; the INSERT returns after its flush
-- url: async_insert=1&wait_for_async_insert=1&wait_for_async_insert_timeout=100000000000&async_insert_use_adaptive_busy_timeout=0&async_insert_busy_timeout_max_ms=200
-- Translated from the ClickHouse stateless test that creates t_04330 (the index did not give its file name; 04330 is
-- its number). The wait must saturate, not overflow, when the seconds are turned into a finer unit.
CREATE TABLE t_04330 (x INTEGER);

-- background: insert
INSERT INTO t_04330 VALUES (1);
-- advance: 200ms
-- join: insert
-- expect: 1
SELECT count(*) FROM t_04330;
-- expect: 1
