-- scenario: inside an explicit transaction an INSERT runs synchronously in that transaction
-- url: async_insert_busy_timeout_max_ms=600000
CREATE TABLE t (a INTEGER);

-- autocommit: off
-- Returns its rows at once, with no flush and no clock movement, although wait_for_async_insert=1.
INSERT INTO t VALUES (1), (2);
-- expect: 2
SELECT count(*) FROM t;
-- expect: 2
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 0

-- Other connections do not see uncommitted rows.
-- connection: other
SELECT count(*) FROM t;
-- expect: 0

-- connection: default
-- rollback
SELECT count(*) FROM t;
-- expect: 0

-- Bad data fails the statement itself, at once.
INSERT INTO t VALUES ('abc');
-- error: CANNOT_PARSE_TEXT: Cannot parse 'abc' as INTEGER for column a at row 1: expected an integer
INSERT INTO t VALUES (3);
-- expect: 1
-- commit
-- connection: other
SELECT a FROM t;
-- expect: 3

-- None of them was an async insert.
SELECT value FROM system.events WHERE event = 'AsyncInsertQuery';
-- expect: 0

-- Back in autocommit mode INSERTs are buffered again.
-- connection: default
-- autocommit: on
INSERT INTO t SETTINGS wait_for_async_insert = 0 VALUES (4);
-- expect: 0
SELECT count(*) FROM system.asynchronous_inserts;
-- expect: 1
