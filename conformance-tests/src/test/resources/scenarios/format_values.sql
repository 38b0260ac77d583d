-- scenario: Values data: tuples with or without commas between them, over several lines, with escapes and NULL
-- url: wait_for_async_insert=0
CREATE TABLE t (id INTEGER, s TEXT, x REAL);

INSERT INTO t VALUES (1, 'plain', 1.5), (2, 'it\'s', -2.25);
INSERT INTO t VALUES (3, 'a''b', 0)(4, NULL, NULL) (5, 'back\\slash', 1e3);
INSERT INTO t VALUES (6, 'tab\there', -0.5),(7, 'line\nbreak', 2);
INSERT INTO t VALUES (-8, '(not a tuple), (really)', 3);
INSERT INTO t VALUES
    (9, 'first', 1),
    (10, 'second', 2);
SYSTEM FLUSH ASYNC INSERT QUEUE;

-- The runner shows tabs and line breaks inside values as <TAB> and <LF>.
SELECT id, s, x FROM t ORDER BY id;
-- expect:
-- -8|(not a tuple), (really)|3.0
-- 1|plain|1.5
-- 2|it's|-2.25
-- 3|a'b|0.0
-- 4|NULL|NULL
-- 5|back\slash|1000.0
-- 6|tab<TAB>here|-0.5
-- 7|line<LF>break|2.0
-- 9|first|1.0
-- 10|second|2.0

SELECT status, rows FROM system.asynchronous_insert_log ORDER BY event_time_microseconds, rows;
-- expect:
-- Ok|1
-- Ok|2
-- Ok|2
-- Ok|2
-- Ok|3
