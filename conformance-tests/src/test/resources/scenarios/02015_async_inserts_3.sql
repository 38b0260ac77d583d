-- scenario: ClickHouse 02015_async_inserts_3: an empty CSV field and a missing JSON key take the column's default, computed from the other column
-- url: async_insert_use_adaptive_busy_timeout=0
-- Translated from tests/queries/0_stateless/02015_async_inserts_3.sh. ClickHouse's column "v UInt32 DEFAULT id * id"
-- becomes a generated column, the portable way to compute one column from another on every storage. A generated
-- column takes no value, so the CSV rows hold only id: ClickHouse's "1," sends an empty field for v, which here
-- would be one field too many (CANNOT_PARSE_INPUT_ASSERTION_FAILED, as the last statement shows).
CREATE TABLE async_inserts (id INTEGER, v INTEGER GENERATED ALWAYS AS (id * id) STORED);

-- connection: c1
-- background: c1
INSERT INTO async_inserts FORMAT CSV
1
2
;
-- connection: c2
-- background: c2
INSERT INTO async_inserts FORMAT CSV
3
4
;
-- connection: c3
-- background: c3
INSERT INTO async_inserts FORMAT JSONEachRow {"id": 5} {"id": 6};
-- connection: c4
-- background: c4
INSERT INTO async_inserts FORMAT JSONEachRow {"id": 7} {"id": 8};
-- advance: 200ms
-- join: c1
-- expect: 2
-- join: c2
-- expect: 2
-- join: c3
-- expect: 2
-- join: c4
-- expect: 2
-- connection: default
SELECT * FROM async_inserts ORDER BY id;
-- expect:
-- 1|1
-- 2|4
-- 3|9
-- 4|16
-- 5|25
-- 6|36
-- 7|49
-- 8|64

INSERT INTO async_inserts SETTINGS wait_for_async_insert = 0 FORMAT CSV
9,
;
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT status, exception FROM system.asynchronous_insert_log WHERE status <> 'Ok';
-- expect: ParsingError|CANNOT_PARSE_INPUT_ASSERTION_FAILED: Cannot parse input at row 1: expected 1 fields, found 2
