package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A jOOQ application: {@code insertInto(…).values(…).execute()} from several threads, then one batch with
 * bind values; the rows Sluice wrote are read back through the target's own driver.
 */
class JooqTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 50;
    private static final int BATCH = 2_000;
    private static final long WARM_UP = 50;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.it.Target#inBothModes")
    void insertsFromSeveralThreadsAndABatchAreWrittenExactly(Target target, String mode) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String sluiceTable = use.table("jooq_sluice");
            String plainTable = use.table("jooq_plain");
            String sluiceWarmUp = use.table("jooq_warm_sluice");
            String plainWarmUp = use.table("jooq_warm_plain");
            for (String table : List.of(sluiceTable, plainTable, sluiceWarmUp, plainWarmUp)) {
                use.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label VARCHAR(40), flag BOOLEAN)");
            }
            SQLDialect dialect = dialect(target);
            double plain;
            try (HikariDataSource pool = use.pool(use.plainUrl, THREADS)) {
                DSLContext context = DSL.using(pool, dialect);
                warmUp(context, plainWarmUp);
                plain = Ratios.time(() -> work(context, plainTable, false));
            }
            double sluice;
            try (HikariDataSource pool = use.pool(use.sluiceUrl(mode), THREADS)) {
                DSLContext context = DSL.using(pool, dialect);
                warmUp(context, sluiceWarmUp);
                sluice = Ratios.time(() -> work(context, sluiceTable, mode.endsWith("=0")));
            }
            Ratios.record("jooq", target, mode, THREADS * PER_THREAD + BATCH, plain, sluice);

            String query = "SELECT id, label, flag FROM %s ORDER BY id";
            List<String> written = use.rows(String.format(query, sluiceTable));
            assertThat(written).hasSize(THREADS * PER_THREAD + BATCH).containsExactlyElementsOf(use.rows(String.format(query, plainTable)));
            assertThat(use.rows("SELECT id, label FROM " + sluiceTable + " ORDER BY id")).containsExactlyElementsOf(
                    LongStream.range(0, THREADS * PER_THREAD + BATCH).mapToObj(id -> id + "|" + label(id)).collect(Collectors.toList()));
        }
    }

    /** Untimed: the same calls on a table of their own, so that neither side is timed with a cold JIT. */
    private static void warmUp(DSLContext context, String tableName) {
        Table<?> table = table(name(tableName));
        Field<Long> id = field(name("id"), Long.class);
        Field<String> label = field(name("label"), String.class);
        Field<Boolean> flag = field(name("flag"), Boolean.class);
        for (long n = 0; n < WARM_UP; n++) {
            context.insertInto(table, id, label, flag).values(n, label(n), n % 2 == 0).execute();
        }
        context.batch(context.insertInto(table, id, label, flag).values((Long) null, null, null)).bind(WARM_UP, "w", true).execute();
    }

    private static void work(DSLContext context, String tableName, boolean flushAfter) throws Exception {
        Table<?> table = table(name(tableName));
        Field<Long> id = field(name("id"), Long.class);
        Field<String> label = field(name("label"), String.class);
        Field<Boolean> flag = field(name("flag"), Boolean.class);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        long n = (long) thread * PER_THREAD + i;
                        context.insertInto(table, id, label, flag).values(n, label(n), n % 2 == 0).execute();
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
        BatchBindStep batch = context.batch(context.insertInto(table, id, label, flag).values((Long) null, null, null));
        long first = (long) THREADS * PER_THREAD;
        for (long n = first; n < first + BATCH; n++) {
            batch = batch.bind(n, label(n), n % 2 == 0);
        }
        batch.execute();
        if (flushAfter) {
            context.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + tableName);
        }
    }

    private static String label(long n) {
        return n % 5 == 0 ? null : "label " + n;
    }

    private static SQLDialect dialect(Target target) {
        switch (target) {
            case SQLITE:
                return SQLDialect.SQLITE;
            case POSTGRESQL:
                return SQLDialect.POSTGRES;
            default:
                return SQLDialect.MARIADB;
        }
    }
}
