package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
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
 * A jOOQ application over a HikariCP pool whose only change is the Sluice URL, in two forms, each timed
 * through both URLs ({@link Ratios#compare}) and each round's rows read back through the target's own
 * driver:
 * <ul>
 * <li>{@code jooq-insert-threads}: {@value #THREADS} threads, each calling
 *     {@code insertInto(…).values(…).execute()} for one row at a time, as request handlers do — with
 *     {@code wait_for_async_insert=1} every call waits for its row to be written;
 * <li>{@code jooq-batch}: one thread sending batches with bind values ({@code context.batch(…).bind(…)}), as
 *     an import job does — with {@code wait_for_async_insert=1} each batch waits for its rows.
 * </ul>
 * With {@code wait_for_async_insert=0} the timed work ends with {@code SYSTEM FLUSH ASYNC INSERT QUEUE}, so both
 * sides are timed until every row is in the table.
 */
class JooqTest {
    private static final int THREADS = 8;
    private static final int BATCH = 1_000;

    @TempDir
    Path directory;

    /**
     * Rows each thread inserts one at a time, enough for well over 100 ms on the faster side: without waiting
     * Sluice is the faster side by far, so on the servers that mode gets more rows. On SQLite, where a plain
     * autocommit INSERT costs far more, Sluice without waiting stays under 100 ms rather than the plain side
     * taking several seconds a round.
     */
    private static int perThread(Target target, String mode) {
        boolean waits = mode.endsWith("=1");
        return target == Target.SQLITE ? 50 : (waits ? 150 : 400);
    }

    /**
     * Batches of {@value #BATCH} rows: the plain SQLite driver writes an autocommit batch row by row (about
     * 0.25 ms a row here), so fewer there.
     */
    private static int batches(Target target) {
        return target == Target.SQLITE ? 4 : 40;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.it.Target#inBothModes")
    void insertsFromSeveralThreadsAreWrittenExactly(Target target, String mode) throws Exception {
        int perThread = perThread(target, mode);
        compare("jooq-insert-threads", target, mode, (long) THREADS * perThread, (context, table) -> fromThreads(context, table, perThread));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.it.Target#inBothModes")
    void batchesWithBindValuesAreWrittenExactly(Target target, String mode) throws Exception {
        long rows = (long) batches(target) * BATCH;
        compare("jooq-batch", target, mode, rows, (context, table) -> inBatches(context, table, batches(target)));
    }

    private void compare(String form, Target target, String mode, long rows, Application application) throws Exception {
        try (Target.Use use = target.open(directory)) {
            String sluiceTable = use.table("jooq_sluice");
            String plainTable = use.table("jooq_plain");
            for (String table : List.of(sluiceTable, plainTable)) {
                use.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label VARCHAR(40), flag BOOLEAN)");
            }
            SQLDialect dialect = dialect(target);
            boolean flushAfter = mode.endsWith("=0");
            try (HikariDataSource plainPool = use.filledPool(use.plainUrl, THREADS);
                    HikariDataSource sluicePool = use.filledPool(use.sluiceUrl(mode), THREADS)) {
                DSLContext plain = DSL.using(plainPool, dialect);
                DSLContext sluice = DSL.using(sluicePool, dialect);
                long[] before = use.flushLog(mode, sluiceTable);
                long[] opened = new long[1];
                Ratios.compare(form, target, mode, rows,
                        side(use, plainTable, rows, () -> application.run(plain, plainTable)),
                        use.countingConnections(side(use, sluiceTable, rows, () -> {
                            application.run(sluice, sluiceTable);
                            if (flushAfter) {
                                sluice.execute("SYSTEM FLUSH ASYNC INSERT QUEUE " + sluiceTable);
                            }
                        }), opened));
                Ratios.recordFlushes(form, target, mode, before, use.flushLog(mode, sluiceTable), opened[0]);
            }
            // Every column, booleans included, as the target's own driver wrote them.
            String query = "SELECT id, label, flag FROM %s ORDER BY id";
            assertThat(use.rows(String.format(query, sluiceTable))).hasSize((int) rows)
                    .containsExactlyElementsOf(use.rows(String.format(query, plainTable)));
        }
    }

    /** A round: the table emptied first; afterwards every row is read back and checked. */
    private static Ratios.Side side(Target.Use use, String table, long rows, Ratios.Work work) {
        List<String> expected = LongStream.range(0, rows).mapToObj(id -> id + "|" + label(id)).collect(Collectors.toList());
        return Ratios.Side.of(() -> use.empty(table), work,
                () -> assertThat(use.rows("SELECT id, label FROM " + table + " ORDER BY id")).containsExactlyElementsOf(expected));
    }

    private static void fromThreads(DSLContext context, String tableName, int perThread) throws Exception {
        Table<?> table = table(name(tableName));
        Field<Long> id = field(name("id"), Long.class);
        Field<String> label = field(name("label"), String.class);
        Field<Boolean> flag = field(name("flag"), Boolean.class);
        Ratios.onThreads(THREADS, perThread, n -> context.insertInto(table, id, label, flag).values(n, label(n), n % 2 == 0).execute());
    }

    private static void inBatches(DSLContext context, String tableName, int batches) {
        Table<?> table = table(name(tableName));
        Field<Long> id = field(name("id"), Long.class);
        Field<String> label = field(name("label"), String.class);
        Field<Boolean> flag = field(name("flag"), Boolean.class);
        for (int b = 0; b < batches; b++) {
            BatchBindStep batch = context.batch(context.insertInto(table, id, label, flag).values((Long) null, null, null));
            long first = (long) b * BATCH;
            for (long n = first; n < first + BATCH; n++) {
                batch = batch.bind(n, label(n), n % 2 == 0);
            }
            batch.execute();
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

    @FunctionalInterface
    private interface Application {
        void run(DSLContext context, String table) throws Exception;
    }
}
