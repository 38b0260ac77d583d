package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Spring application: {@link JdbcTemplate} over a HikariCP pool whose only change is the Sluice URL, in two
 * forms, each timed through both URLs ({@link Ratios#compare}) and each round's rows read back through the
 * target's own driver:
 * <ul>
 * <li>{@code spring-update-threads}: {@value #THREADS} threads sharing a pool of {@value #POOL}, each calling
 *     {@code update} for one row at a time with a null argument (Spring asks the statement's parameter metadata for its type), as request
 *     handlers do — with {@code wait_for_async_insert=1} every call waits for its row and returns 1;
 * <li>{@code spring-batchupdate}: one thread calling {@code batchUpdate} with SQL types, batch after batch, as
 *     an import job does — with {@code wait_for_async_insert=1} each call waits for its rows.
 * </ul>
 * With {@code wait_for_async_insert=0} the timed work ends with {@code SYSTEM FLUSH ASYNC INSERT QUEUE}, so both
 * sides are timed until every row is in the table.
 */
class SpringJdbcTest {
    private static final int THREADS = 32;
    /**
     * Fewer connections than request threads, as a web application has: a thread that finds none free waits
     * for one, through either URL. The two sides' pools stay open together within PostgreSQL's 100 connections.
     */
    private static final int POOL = 16;
    private static final int BATCH = 1_000;
    private static final int[] TYPES = {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.DECIMAL};

    @TempDir
    Path directory;

    /** Rows each thread inserts one at a time, enough for well over 100 ms on the faster side. */
    private static int perThread(Target target) {
        return target == Target.SQLITE ? 10 : 100;
    }

    /**
     * Batches of {@value #BATCH} rows: the plain SQLite driver writes an autocommit batch row by row (about
     * 0.25 ms a row here), so fewer there.
     */
    private static int batches(Target target) {
        return target == Target.SQLITE ? 3 : 30;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.it.Target#inBothModes")
    void updatesFromManyThreadsWriteEveryRowExactly(Target target, String mode) throws Exception {
        long rows = (long) THREADS * perThread(target);
        compare("spring-update-threads", target, mode, rows, POOL,
                (template, table, waits) -> fromThreads(template, table, perThread(target), waits));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.it.Target#inBothModes")
    void batchUpdatesWriteEveryRowExactly(Target target, String mode) throws Exception {
        long rows = (long) batches(target) * BATCH;
        compare("spring-batchupdate", target, mode, rows, 2, (template, table, waits) -> inBatches(template, table, batches(target)));
    }

    private void compare(String form, Target target, String mode, long rows, int poolSize, Application application)
            throws Exception {
        try (Target.Use use = target.open(directory)) {
            String sluiceTable = use.table("spring_sluice");
            String plainTable = use.table("spring_plain");
            for (String table : List.of(sluiceTable, plainTable)) {
                use.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, note VARCHAR(40), amount DECIMAL(12,2))");
            }
            boolean flushAfter = mode.endsWith("=0");
            try (HikariDataSource plainPool = use.filledPool(use.plainUrl, poolSize);
                    HikariDataSource sluicePool = use.filledPool(use.sluiceUrl(mode), poolSize)) {
                JdbcTemplate plain = new JdbcTemplate(plainPool);
                JdbcTemplate sluice = new JdbcTemplate(sluicePool);
                long[] before = use.flushLog(mode, sluiceTable);
                long[] opened = new long[1];
                Ratios.compare(form, target, mode, rows,
                        side(use, plainTable, rows, () -> application.run(plain, plainTable, true)),
                        use.countingConnections(side(use, sluiceTable, rows, () -> {
                            application.run(sluice, sluiceTable, !flushAfter);
                            if (flushAfter) {
                                sluice.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + sluiceTable);
                            }
                        }), opened));
                Ratios.recordFlushes(form, target, mode, before, use.flushLog(mode, sluiceTable), opened[0]);
            }
            // Every column, DECIMAL included, as the target's own driver wrote them.
            String query = "SELECT id, name, note, amount FROM %s ORDER BY id";
            assertThat(use.rows(String.format(query, sluiceTable))).hasSize((int) rows)
                    .containsExactlyElementsOf(use.rows(String.format(query, plainTable)));
        }
    }

    /** A round: the table emptied first; afterwards every row is read back and checked. */
    private static Ratios.Side side(Target.Use use, String table, long rows, Ratios.Work work) {
        List<String> expected = LongStream.range(0, rows).mapToObj(id -> id + "|n" + id + "|" + note(id)).collect(Collectors.toList());
        return Ratios.Side.of(() -> use.empty(table), work,
                () -> assertThat(use.rows("SELECT id, name, note FROM " + table + " ORDER BY id")).containsExactlyElementsOf(expected));
    }

    private static String insert(String table) {
        return "INSERT INTO " + table + " (id, name, note, amount) VALUES (?, ?, ?, ?)";
    }

    /** {@code waits}: each update returns its row count (1) only when it waited for its row to be written. */
    private static void fromThreads(JdbcTemplate template, String table, int perThread, boolean waits) throws Exception {
        String insert = insert(table);
        Ratios.onThreads(THREADS, perThread, id -> {
            // A null argument: Spring looks up its SQL type in the parameter metadata.
            int updated = template.update(insert, id, "n" + id, note(id), amount(id));
            if (waits) {
                assertThat(updated).isEqualTo(1);
            }
        });
    }

    private static void inBatches(JdbcTemplate template, String table, int batches) {
        String insert = insert(table);
        for (int b = 0; b < batches; b++) {
            long first = (long) b * BATCH;
            List<Object[]> batch = LongStream.range(first, first + BATCH)
                    .mapToObj(id -> new Object[] {id, "n" + id, note(id), amount(id)})
                    .collect(Collectors.toList());
            template.batchUpdate(insert, batch, TYPES);
        }
    }

    private static String note(long id) {
        return id % 2 == 0 ? null : "odd";
    }

    private static BigDecimal amount(long id) {
        return new BigDecimal(id + ".25");
    }

    @FunctionalInterface
    private interface Application {
        void run(JdbcTemplate template, String table, boolean waits) throws Exception;
    }
}
