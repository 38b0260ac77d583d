-- scenario: ClickHouse 03708_flush_async_insert_queue_for_table: SYSTEM FLUSH ASYNC INSERT QUEUE for one table whose quoted name holds blanks
-- url: async_insert=1&wait_for_async_insert=0&wait_for_async_insert_timeout=10000&async_insert_max_query_number=1000&async_insert_max_data_size=10000000&async_insert_use_adaptive_busy_timeout=0
-- storages: sqlite, mariadb (the pass-through DDL and SELECTs keep ClickHouse's backquotes, which PostgreSQL does not read)
-- Translated from the first part of tests/queries/0_stateless/03708_flush_async_insert_queue_for_table.sql. Its
-- second part, a table of a second database named `this.is.a.valid.databasename`, is left out: a scenario has one
-- database of its own.
CREATE TABLE `test_table with spaces` (`id` INTEGER, `value` TEXT);

insert into `test_table with spaces` values (1, 'a'), (2, 'b'), (3, 'c');
insert into `test_table with spaces` values (2, 'b'), (3, 'c'), (4, 'd');
system flush async insert queue `test_table with spaces`;
select '`test_table with spaces`', count(*) from `test_table with spaces`;
-- expect: `test_table with spaces`|6

insert into `test_table with spaces` values (3, 'b'), (4, 'c'), (5, 'd');
system flush async insert queue `test_table with spaces`;
select '`test_table with spaces`', count(*) from `test_table with spaces`;
-- expect: `test_table with spaces`|9
