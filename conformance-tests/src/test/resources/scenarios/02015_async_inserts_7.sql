-- scenario: ClickHouse 02015_async_inserts_7: VALUES rows separated by nothing or by commas, and a trailing comma after the last row
-- url: async_insert=1&wait_for_async_insert=1&async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02015_async_inserts_7.sh: three concurrent waiting INSERTs.
CREATE TABLE async_inserts (id INTEGER, s TEXT);

-- connection: c1
-- background: c1
INSERT INTO async_inserts VALUES (1, 'a') (2, 'b');
-- connection: c2
-- background: c2
INSERT INTO async_inserts VALUES (3, 'c'), (4, 'd');
-- connection: c3
-- background: c3
INSERT INTO async_inserts VALUES (5, 'e'), (6, 'f'), ;
-- advance: 200ms
-- join: c1
-- expect: 2
-- join: c2
-- expect: 2
-- join: c3
-- expect: 2
-- connection: default
SELECT * FROM async_inserts ORDER BY id;
-- expect:
-- 1|a
-- 2|b
-- 3|c
-- 4|d
-- 5|e
-- 6|f
