-- scenario: entries that fail at flush are kept in system.asynchronous_insert_dead_letter with their data as received, and SYSTEM REPLAY ASYNC INSERT DEAD LETTER writes them once the table is fixed
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);
CREATE TABLE other (a INTEGER);
INSERT INTO t VALUES (1, 'existing');
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- One entry that does not parse, one the database refuses (key 1 exists), one that is fine.
-- query-id: bad-parse
INSERT INTO t VALUES ('not a number', 'b');
-- query-id: bad-write
INSERT INTO t FORMAT CSV
1,duplicate
;
-- query-id: good
INSERT INTO t VALUES (2, 'good');
-- query-id: other-bad
INSERT INTO other VALUES ('x');
SYSTEM FLUSH ASYNC INSERT QUEUE;
SELECT id, name FROM t ORDER BY id;
-- expect:
-- 1|existing
-- 2|good

-- The query names the columns the data was parsed against; the data is kept as it was sent.
SELECT query_id, database, "table", format, query, data, bytes, status, replay_attempts FROM system.asynchronous_insert_dead_letter ORDER BY query_id;
-- expect:
-- bad-parse|${database}|t|Values|INSERT INTO "${database}"."t" ("id", "name") FORMAT Values|('not a number', 'b')|21|ParsingError|0
-- bad-write|${database}|t|CSV|INSERT INTO "${database}"."t" ("id", "name") FORMAT CSV|1,duplicate<LF>|12|FlushError|0
-- other-bad|${database}|other|Values|INSERT INTO "${database}"."other" ("a") FORMAT Values|('x')|5|ParsingError|0
SELECT d.query_id, d.exception = l.exception, d.flush_query_id = l.flush_query_id FROM system.asynchronous_insert_dead_letter d JOIN system.asynchronous_insert_log l ON l.query_id = d.query_id ORDER BY d.query_id;
-- expect:
-- bad-parse|1|1
-- bad-write|1|1
-- other-bad|1|1
SELECT query_id, exception LIKE 'VIOLATED_CONSTRAINT: %' FROM system.asynchronous_insert_dead_letter WHERE status = 'FlushError';
-- expect: bad-write|1
SELECT value FROM system.events WHERE event = 'AsyncInsertDeadLetters';
-- expect: 3

-- Replayed before the fix, every letter fails again and stays, with its new error and one more attempt.
SYSTEM REPLAY ASYNC INSERT DEAD LETTER;
-- expect: 0
SELECT query_id, replay_attempts, last_replay_exception <> '' FROM system.asynchronous_insert_dead_letter ORDER BY query_id;
-- expect:
-- bad-parse|1|1
-- bad-write|1|1
-- other-bad|1|1

-- The operator removes the clashing row; replaying t writes what can be written now and only t's letters.
DELETE FROM t WHERE id = 1;
SYSTEM REPLAY ASYNC INSERT DEAD LETTER ${database}.t;
-- expect: 1
SELECT id, name FROM t ORDER BY id;
-- expect:
-- 1|duplicate
-- 2|good
SELECT query_id, replay_attempts FROM system.asynchronous_insert_dead_letter ORDER BY query_id;
-- expect:
-- bad-parse|2
-- other-bad|1
SELECT value FROM system.events WHERE event = 'AsyncInsertDeadLettersReplayed';
-- expect: 1

-- A table that does not exist is an error.
SYSTEM REPLAY ASYNC INSERT DEAD LETTER missing;
-- error: UNKNOWN_TABLE: Table ${database}.missing does not exist

-- Replay writes in transactions of its own: inside the connection's transaction it is refused.
-- autocommit: off
SYSTEM REPLAY ASYNC INSERT DEAD LETTER;
-- error: BAD_ARGUMENTS: SYSTEM REPLAY ASYNC INSERT DEAD LETTER writes each entry in a transaction of its own; commit or roll back the connection's transaction first
-- rollback
