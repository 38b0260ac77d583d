-- scenario: ClickHouse 02015_async_inserts_6: an unknown table, an unknown or output-only format and an unknown column fail at once, before queueing
-- url: async_insert=1&wait_for_async_insert=0
-- Translated from tests/queries/0_stateless/02015_async_inserts_6.sh (codes 60, 73, 73, 16).
CREATE TABLE async_inserts (id INTEGER, s TEXT);

INSERT INTO async_inserts1 FORMAT JSONEachRow {"id": 1, "s": "a"};
-- error: UNKNOWN_TABLE
INSERT INTO async_inserts FORMAT BadFormat {"id": 1, "s": "a"};
-- error: UNKNOWN_FORMAT
INSERT INTO async_inserts FORMAT Pretty {"id": 1, "s": "a"};
-- error: UNKNOWN_FORMAT
INSERT INTO async_inserts (id, a) FORMAT JSONEachRow {"id": 1, "s": "a"};
-- error: NO_SUCH_COLUMN_IN_TABLE

-- Nothing was queued.
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0
