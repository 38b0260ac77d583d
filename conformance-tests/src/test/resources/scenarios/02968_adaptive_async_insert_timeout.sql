-- scenario: ClickHouse 02968_adaptive_async_insert_timeout: adaptive busy timeout settings are accepted (min above max too), a rate of 0 or less is refused
-- url: async_insert_use_adaptive_busy_timeout=1
-- Translated from tests/queries/0_stateless/02968_adaptive_async_insert_timeout.sql. The Array(UInt64) column
-- becomes text holding the array, since Sluice's VALUES data must be literals the target can store.
CREATE TABLE async_insert_mt_test (a INTEGER, b TEXT);

-- background: rates
INSERT INTO async_insert_mt_test SETTINGS async_insert=1, wait_for_async_insert=1, async_insert_busy_timeout_min_ms=10, async_insert_busy_timeout_max_ms=500, async_insert_busy_timeout_increase_rate=1.0, async_insert_busy_timeout_decrease_rate=1.0 VALUES (3, '[]'), (1, '[1, 3]'), (2, '[7, 8]'), (4, '[5, 9]'), (5, '[2, 6]');
-- advance: 500ms
-- join: rates
-- expect: 5

-- background: alias
INSERT INTO async_insert_mt_test SETTINGS async_insert=1, wait_for_async_insert=1, async_insert_busy_timeout_ms=500, async_insert_busy_timeout_min_ms=500 VALUES (3, '[]'), (1, '[1, 3]'), (2, '[7, 8]'), (4, '[5, 9]'), (5, '[2, 6]');
-- advance: 500ms
-- join: alias
-- expect: 5

-- The minimum above the maximum is only clamped to it.
-- background: min-above-max
INSERT INTO async_insert_mt_test SETTINGS async_insert=1, wait_for_async_insert=1, async_insert_busy_timeout_ms=100, async_insert_busy_timeout_min_ms=500 VALUES (3, '[]'), (1, '[1, 3]'), (2, '[7, 8]'), (4, '[5, 9]'), (5, '[2, 6]');
-- advance: 500ms
-- join: min-above-max
-- expect: 5

INSERT INTO async_insert_mt_test SETTINGS async_insert=1, wait_for_async_insert=1, async_insert_busy_timeout_increase_rate=-1.0 VALUES (3, '[]'), (1, '[1, 3]'), (2, '[7, 8]'), (4, '[5, 9]'), (5, '[2, 6]');
-- error: INVALID_SETTING_VALUE
INSERT INTO async_insert_mt_test SETTINGS async_insert=1, wait_for_async_insert=1, async_insert_busy_timeout_decrease_rate=-1.0 VALUES (3, '[]'), (1, '[1, 3]'), (2, '[7, 8]'), (4, '[5, 9]'), (5, '[2, 6]');
-- error: INVALID_SETTING_VALUE

SELECT count(*) FROM async_insert_mt_test;
-- expect: 15
