package io.sluice.it.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.it.Ratios;
import io.sluice.it.Target;
import com.zaxxer.hikari.HikariDataSource;
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
 * A JPA application on Hibernate ORM: schema export, then entities persisted in transactions with JDBC
 * batching on, for each id strategy (SEQUENCE, IDENTITY, TABLE). The same work runs through the plain URL
 * and through the Sluice URL; the rows Sluice wrote must equal the plain driver's.
 */
class HibernateTest {
    private static final int TRANSACTIONS = 20;
    private static final int PER_TRANSACTION = 50;
    /** Timed runs of each side, alternating which goes first. */
    private static final int ROUNDS = 3;

    @TempDir
    Path directory;

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
            // Each run exports the schema again, so the table holds the rows of the run just timed. The order
            // alternates and the median of each side is taken: neither side pays the cold JIT alone.
            List<String> plainRows = List.of();
            List<String> sluiceRows = List.of();
            double[] plain = new double[ROUNDS];
            double[] sluice = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                for (boolean sluiceRun : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    String url = sluiceRun ? use.sluiceUrl(mode) : use.plainUrl;
                    double seconds = Ratios.time(() -> persist(use, url, type, factory));
                    List<String> rows = use.rows("SELECT name, note, amount FROM " + table + " ORDER BY name");
                    if (sluiceRun) {
                        sluice[round] = seconds;
                        sluiceRows = rows;
                    } else {
                        plain[round] = seconds;
                        plainRows = rows;
                    }
                }
            }
            Ratios.record("hibernate-" + entity, target, mode, TRANSACTIONS * PER_TRANSACTION, Ratios.median(plain), Ratios.median(sluice));

            assertThat(sluiceRows).hasSize(TRANSACTIONS * PER_TRANSACTION).containsExactlyElementsOf(plainRows);
            assertThat(use.rows("SELECT COUNT(DISTINCT id) FROM " + table)).containsExactly(String.valueOf(TRANSACTIONS * PER_TRANSACTION));
            assertThat(use.rows("SELECT name, note FROM " + table + " ORDER BY name")).containsExactlyElementsOf(expectedRows());
        }
    }

    /** Exports the schema (dropping what a previous run left), then persists every entity. */
    private static void persist(Target.Use use, String url, Class<? extends EventBase> type, Supplier<EventBase> factory) {
        try (HikariDataSource pool = use.pool(url, 4); SessionFactory sessions = sessionFactory(use.target(), pool, type)) {
            for (int t = 0; t < TRANSACTIONS; t++) {
                int transaction = t;
                sessions.inTransaction(session -> {
                    for (int i = 0; i < PER_TRANSACTION; i++) {
                        int n = transaction * PER_TRANSACTION + i;
                        EventBase event = factory.get();
                        event.fill(name(n), n % 3 == 0 ? null : "note " + n, new BigDecimal(n + ".50"));
                        session.persist(event);
                    }
                });
            }
        }
    }

    private static List<String> expectedRows() {
        return IntStream.range(0, TRANSACTIONS * PER_TRANSACTION)
                .mapToObj(n -> name(n) + "|" + (n % 3 == 0 ? null : "note " + n))
                .sorted()
                .collect(Collectors.toList());
    }

    private static String name(int n) {
        return String.format("event %05d", n);
    }

    private static SessionFactory sessionFactory(Target target, HikariDataSource pool, Class<? extends EventBase> type) {
        Configuration configuration = new Configuration().addAnnotatedClass(type);
        configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
        configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "create");
        configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "50");
        configuration.setProperty(AvailableSettings.ORDER_INSERTS, "true");
        if (target == Target.SQLITE) {
            configuration.setProperty(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect");
        }
        return configuration.buildSessionFactory();
    }
}
