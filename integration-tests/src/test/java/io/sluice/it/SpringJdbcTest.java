package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring application: {@link JdbcTemplate} over a HikariCP pool whose only change is the Sluice URL. 32
 * threads call {@code update} with a null argument (Spring asks the statement's parameter metadata for its
 * type), then one {@code batchUpdate}; every row is read back through the target's own driver.
 */
class SpringJdbcTest {
    private static final int THREADS = 32;
    private static final int PER_THREAD = 25;
    private static final int BATCH = 2_000;
    private static final long WARM_UP = 50;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.it.Target#inBothModes")
    void updatesFromManyThreadsAndABatchUpdateWriteEveryRowExactly(Target target, String mode) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String sluiceTable = use.table("spring_sluice");
            String plainTable = use.table("spring_plain");
            String sluiceWarmUp = use.table("spring_warm_sluice");
            String plainWarmUp = use.table("spring_warm_plain");
            for (String table : List.of(sluiceTable, plainTable, sluiceWarmUp, plainWarmUp)) {
                use.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, note VARCHAR(40), amount DECIMAL(12,2))");
            }
            double plain;
            try (HikariDataSource pool = use.pool(use.plainUrl, THREADS)) {
                JdbcTemplate template = new JdbcTemplate(pool);
                warmUp(template, plainWarmUp);
                plain = Ratios.time(() -> work(template, plainTable, false));
            }
            double sluice;
            try (HikariDataSource pool = use.pool(use.sluiceUrl(mode), THREADS)) {
                JdbcTemplate template = new JdbcTemplate(pool);
                warmUp(template, sluiceWarmUp);
                sluice = Ratios.time(() -> work(template, sluiceTable, mode.endsWith("=0")));
            }
            Ratios.record("spring-jdbctemplate", target, mode, THREADS * PER_THREAD + BATCH, plain, sluice);

            List<String> expected = expectedRows();
            assertThat(use.rows("SELECT id, name, note, amount FROM " + sluiceTable + " ORDER BY id"))
                    .containsExactlyElementsOf(use.rows("SELECT id, name, note, amount FROM " + plainTable + " ORDER BY id"))
                    .hasSize(expected.size());
            assertThat(use.rows("SELECT id, name, note FROM " + sluiceTable + " ORDER BY id")).containsExactlyElementsOf(expected);
        }
    }

    /** Untimed: the same calls on a table of their own, so that neither side is timed with a cold JIT. */
    private static void warmUp(JdbcTemplate template, String table) {
        String insert = "INSERT INTO " + table + " (id, name, note, amount) VALUES (?, ?, ?, ?)";
        for (long id = 0; id < WARM_UP; id++) {
            template.update(insert, id, "n" + id, null, new java.math.BigDecimal(id + ".25"));
        }
        template.batchUpdate(insert, List.<Object[]>of(new Object[] {WARM_UP, "n", null, java.math.BigDecimal.ONE}),
                new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.DECIMAL});
    }

    private static void work(JdbcTemplate template, String table, boolean flushAfter) throws Exception {
        String insert = "INSERT INTO " + table + " (id, name, note, amount) VALUES (?, ?, ?, ?)";
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        long id = (long) thread * PER_THREAD + i;
                        // A null argument: Spring looks up its SQL type in the parameter metadata.
                        int updated = template.update(insert, id, "n" + id, id % 2 == 0 ? null : "odd", new java.math.BigDecimal(id + ".25"));
                        if (!flushAfter) {
                            assertThat(updated).isEqualTo(1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        long first = (long) THREADS * PER_THREAD;
        List<Object[]> batch = LongStream.range(first, first + BATCH)
                .mapToObj(id -> new Object[] {id, "n" + id, id % 2 == 0 ? null : "odd", new java.math.BigDecimal(id + ".25")})
                .collect(Collectors.toList());
        template.batchUpdate(insert, batch, new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.DECIMAL});
        if (flushAfter) {
            template.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + table);
        }
    }

    private static List<String> expectedRows() {
        return LongStream.range(0, (long) THREADS * PER_THREAD + BATCH)
                .mapToObj(id -> id + "|n" + id + "|" + (id % 2 == 0 ? null : "odd"))
                .collect(Collectors.toList());
    }
}
