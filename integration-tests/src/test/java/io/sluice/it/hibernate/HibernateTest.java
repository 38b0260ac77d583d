package io.sluice.it.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.it.Ratios;
import io.sluice.it.Target;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JPA application on Hibernate ORM over a HikariCP pool (given to Hibernate as its non-JTA DataSource, as
 * Spring Boot does), for each id strategy (SEQUENCE, IDENTITY, TABLE), in two forms, each timed through the
 * plain URL and through the Sluice URL ({@link Ratios#compare}):
 * <ul>
 * <li>{@code hibernate-batch-…}: one thread persisting {@code PER_BATCH_TRANSACTION} entities per transaction
 *     with JDBC batching on ({@code hibernate.jdbc.batch_size=50}), as a batch job does;
 * <li>{@code hibernate-threads-…}: {@value #THREADS} threads, each running short transactions of
 *     {@value #PER_SHORT_TRANSACTION} entities, as a web application's request threads do.
 * </ul>
 * Each side has its own SessionFactory and pool, built before the first round; the schema is exported once.
 * Before each round the entity table is emptied; after it every row is read back through the target's own
 * driver. The rows Sluice wrote (every column) must equal the plain driver's.
 */
class HibernateTest {
    private static final int PER_BATCH_TRANSACTION = 50;
    private static final int THREADS = 16;
    private static final int PER_SHORT_TRANSACTION = 5;
    /** A connection per thread, and room for the TABLE generator's own transactions. */
    private static final int POOL = THREADS + 2;

    @TempDir
    Path directory;

    /** Transactions of the batch form: a commit costs SQLite an fsync, the servers far less. */
    private static int batchTransactions(Target target) {
        return target == Target.SQLITE ? 120 : 140;
    }

    /** Transactions each thread runs in the concurrent form. */
    private static int transactionsPerThread(Target target) {
        return target == Target.SQLITE ? 3 : 40;
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : Target.values()) {
            for (String entity : List.of("SequenceEvent", "IdentityEvent", "TableEvent")) {
                cases.add(Arguments.of(target, entity, "wait_for_async_insert=1"));
                cases.add(Arguments.of(target, entity, "wait_for_async_insert=0"));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void entitiesPersistedInTransactionsAreWrittenExactly(Target target, String entity, String mode) throws Exception {
        Class<? extends EventBase> type = Class.forName(getClass().getPackageName() + "." + entity).asSubclass(EventBase.class);
        Supplier<EventBase> factory = () -> {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
        String table = type.getAnnotation(jakarta.persistence.Table.class).name();
        try (Target.Use use = target.open(directory)) {
            use.tables.add(table);
            try (HikariDataSource plainPool = use.filledPool(use.plainUrl, POOL);
                    SessionFactory plain = sessionFactory(target, plainPool, type, "create");
                    HikariDataSource sluicePool = use.filledPool(use.sluiceUrl(mode), POOL);
                    SessionFactory sluice = sessionFactory(target, sluicePool, type, "none")) {
                int transactions = batchTransactions(target);
                compare("hibernate-batch-" + entity, use, table, mode, transactions, PER_BATCH_TRANSACTION,
                        sessions -> inBatches(sessions, factory, transactions), plain, sluice);

                if (target == Target.SQLITE && type != IdentityEvent.class) {
                    // Hibernate's table-based generators (TABLE, and SEQUENCE emulated by a table on SQLite) read
                    // and then update in one transaction; SQLite refuses that lock upgrade while another
                    // connection writes (SQLITE_BUSY, busy timeout or not), through its own driver as through
                    // Sluice. Concurrent transactions on SQLite use IDENTITY.
                    return;
                }
                int perThread = transactionsPerThread(target);
                compare("hibernate-threads-" + entity, use, table, mode, THREADS * perThread, PER_SHORT_TRANSACTION,
                        sessions -> fromThreads(sessions, factory, perThread), plain, sluice);
            }
        }
    }

    /** Both sides' rounds of one form; the last rounds' rows, every column, must be the same on both sides. */
    private static void compare(String form, Target.Use use, String table, String mode, int transactions, int perTransaction,
            Application application, SessionFactory plain, SessionFactory sluice) throws Exception {
        int rows = transactions * perTransaction;
        List<String> expected = IntStream.range(0, rows)
                .mapToObj(n -> name(n) + "|" + note(n))
                .sorted()
                .collect(Collectors.toList());
        List<List<String>> written = new ArrayList<>(List.of(List.of(), List.of()));
        List<Ratios.Side> sides = new ArrayList<>();
        for (SessionFactory sessions : List.of(plain, sluice)) {
            int side = sides.size();
            sides.add(Ratios.Side.of(() -> use.empty(table), () -> application.run(sessions), () -> {
                assertThat(use.rows("SELECT name, note FROM " + table + " ORDER BY name")).containsExactlyElementsOf(expected);
                assertThat(use.rows("SELECT COUNT(DISTINCT id) FROM " + table)).containsExactly(String.valueOf(rows));
                written.set(side, use.rows("SELECT name, note, amount FROM " + table + " ORDER BY name"));
            }));
        }
        long[] before = use.flushLog(mode, table);
        long[] opened = new long[1];
        Ratios.compare(form, use.target(), mode, rows, sides.get(0), use.countingConnections(sides.get(1), opened));
        Ratios.recordFlushes(form, use.target(), mode, before, use.flushLog(mode, table), opened[0]);
        assertThat(written.get(1)).hasSize(rows).containsExactlyElementsOf(written.get(0));
    }

    /** One thread, one transaction after another, each persisting a JDBC batch's worth of entities. */
    private static void inBatches(SessionFactory sessions, Supplier<EventBase> factory, int transactions) {
        for (int t = 0; t < transactions; t++) {
            persist(sessions, factory, t * PER_BATCH_TRANSACTION, PER_BATCH_TRANSACTION);
        }
    }

    /** Many threads, each running short transactions one after another, as request threads do. */
    private static void fromThreads(SessionFactory sessions, Supplier<EventBase> factory, int perThread) throws Exception {
        Ratios.onThreads(THREADS, perThread, n -> persist(sessions, factory, (int) n * PER_SHORT_TRANSACTION, PER_SHORT_TRANSACTION));
    }

    /** One transaction persisting entities {@code first}, {@code first + 1}, … */
    private static void persist(SessionFactory sessions, Supplier<EventBase> factory, int first, int count) {
        sessions.inTransaction(session -> {
            for (int n = first; n < first + count; n++) {
                EventBase event = factory.get();
                event.fill(name(n), note(n), new BigDecimal(n + ".50"));
                session.persist(event);
            }
        });
    }

    private static String name(int n) {
        return String.format("event %05d", n);
    }

    private static String note(int n) {
        return n % 3 == 0 ? null : "note " + n;
    }

    /** {@code schema}: "create" exports the schema (dropping what a previous test left), "none" uses it. */
    private static SessionFactory sessionFactory(Target target, HikariDataSource pool, Class<? extends EventBase> type, String schema) {
        Configuration configuration = new Configuration().addAnnotatedClass(type);
        configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
        configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, schema);
        configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "50");
        configuration.setProperty(AvailableSettings.ORDER_INSERTS, "true");
        if (target == Target.SQLITE) {
            configuration.setProperty(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect");
        }
        return configuration.buildSessionFactory();
    }

    @FunctionalInterface
    private interface Application {
        void run(SessionFactory sessions) throws Exception;
    }
}
