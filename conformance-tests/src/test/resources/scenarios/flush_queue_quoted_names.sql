-- scenario: SYSTEM FLUSH ASYNC INSERT QUEUE accepts double-quoted, backquoted and qualified quoted names
-- url: wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000
-- storages: sqlite, postgresql (its pass-through DDL double-quotes names, which MariaDB writes with backquotes)
CREATE TABLE "x y" (a INTEGER);
CREATE TABLE x (a INTEGER);
CREATE TABLE "select" (a INTEGER);
CREATE TABLE other (a INTEGER);
INSERT INTO "x y" VALUES (1);
INSERT INTO `x` VALUES (2);
INSERT INTO ${database}."select" VALUES (3);
INSERT INTO other VALUES (4);
SELECT "table" FROM system.asynchronous_inserts ORDER BY "table";
-- expect:
-- other
-- select
-- x
-- x y

SYSTEM FLUSH ASYNC INSERT QUEUE "x y", `x`;
-- expect: 0
SELECT "table" FROM system.asynchronous_inserts ORDER BY "table";
-- expect:
-- other
-- select

-- A quoted name qualified with the database; a reserved word needs its quotes.
SYSTEM FLUSH ASYNC INSERT QUEUE `${database}`."select";
-- expect: 0
SELECT "table" FROM system.asynchronous_inserts;
-- expect: other
SELECT (SELECT count(*) FROM "x y"), (SELECT count(*) FROM x), (SELECT count(*) FROM "select"), (SELECT count(*) FROM other);
-- expect: 1|1|1|0
