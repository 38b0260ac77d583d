package io.sluice.engine;

import io.sluice.spi.ErrorKind;
import io.sluice.spi.Part;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginConfig;
import io.sluice.spi.PluginContext;
import io.sluice.spi.Storage;
import io.sluice.spi.StorageFactory;
import io.sluice.spi.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage {@code test-lost-answer}: SQLite's, except that the next {@link #LOSE_ANSWERS} writes commit and
 * then throw a connection error (SQLState 08006, transient), as when a COMMIT's answer is lost on the network,
 * and the next {@link #FAIL_BEFORE} writes throw it without writing anything. {@link #RESOLVES} off makes it a
 * storage that cannot tell what a lost write committed (the SPI's default for {@code committedBlocks}). {@link #WRITERS}
 * makes it take several writes of a table at once, as a pooled server storage does, and {@link #BEFORE_WRITE} holds
 * each write at a test's latch.
 */
public final class LostAnswerStoragePlugin implements Plugin {
    static final AtomicInteger LOSE_ANSWERS = new AtomicInteger();
    static final AtomicInteger FAIL_BEFORE = new AtomicInteger();
    static volatile boolean RESOLVES = true;
    /** The name of the thread of every write, in order. */
    static final List<String> WRITE_THREADS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How many connections {@code openConnection} has handed out. */
    static final AtomicInteger OPENED = new AtomicInteger();
    /** What {@code concurrentWrites} answers: SQLite's 1 unless a test says more (its writes still reach SQLite one by one). */
    static volatile int WRITERS = 1;
    /** Run by every write before it reaches SQLite, outside the write lock: a test's latch or barrier. */
    static volatile Runnable BEFORE_WRITE = () -> {};
    /** Writes in progress now, and the most seen at once. */
    static final AtomicInteger WRITING = new AtomicInteger();
    static final AtomicInteger MOST_WRITING = new AtomicInteger();
    private static final String LOST = "08006";

    static void reset() {
        LOSE_ANSWERS.set(0);
        FAIL_BEFORE.set(0);
        RESOLVES = true;
        WRITE_THREADS.clear();
        OPENED.set(0);
        WRITERS = 1;
        BEFORE_WRITE = () -> {};
        WRITING.set(0);
        MOST_WRITING.set(0);
    }

    @Override
    public List<StorageFactory> getStorageFactories() {
        return List.of(new StorageFactory() {
            @Override
            public String name() {
                return "test-lost-answer";
            }

            @Override
            public Storage create(PluginConfig config, PluginContext context) throws SQLException {
                for (Plugin plugin : ServiceLoader.load(Plugin.class, LostAnswerStoragePlugin.class.getClassLoader())) {
                    for (StorageFactory factory : plugin.getStorageFactories()) {
                        if (factory.name().equals("sqlite")) {
                            return new Losing(factory.create(config, context));
                        }
                    }
                }
                throw new SQLException("The sqlite storage is not on the class path");
            }
        });
    }

    private static final class Losing implements Storage {
        private final Storage storage;

        Losing(Storage storage) {
            this.storage = storage;
        }

        @Override
        public Set<String> writePart(Part part) throws SQLException {
            return writeParts(List.of(part));
        }

        @Override
        public Set<String> writeParts(List<Part> parts) throws SQLException {
            WRITE_THREADS.add(Thread.currentThread().getName());
            MOST_WRITING.accumulateAndGet(WRITING.incrementAndGet(), Math::max);
            try {
                BEFORE_WRITE.run();
                if (FAIL_BEFORE.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new SQLException("I/O error while sending to the backend (before the write)", LOST);
                }
                Set<String> skipped;
                synchronized (this) {
                    skipped = storage.writeParts(parts);
                }
                if (LOSE_ANSWERS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new SQLException("I/O error while reading the COMMIT's answer", LOST);
                }
                return skipped;
            } finally {
                WRITING.decrementAndGet();
            }
        }

        @Override
        public int concurrentWrites() {
            return WRITERS;
        }

        @Override
        public Set<String> committedBlocks(Part part) throws SQLException {
            if (!RESOLVES) {
                throw new SQLFeatureNotSupportedException("This storage cannot tell which blocks a lost write committed");
            }
            return storage.committedBlocks(part);
        }

        @Override
        public ErrorKind classify(SQLException error) {
            return LOST.equals(error.getSQLState()) ? ErrorKind.TRANSIENT : storage.classify(error);
        }

        @Override
        public String defaultDatabase() {
            return storage.defaultDatabase();
        }

        @Override
        public Optional<TableInfo> table(String database, String table) throws SQLException {
            return storage.table(database, table);
        }

        @Override
        public boolean supportsLedger() {
            return storage.supportsLedger();
        }

        @Override
        public void writeRows(Connection connection, Part part) throws SQLException {
            storage.writeRows(connection, part);
        }

        @Override
        public Connection openConnection() throws SQLException {
            OPENED.incrementAndGet();
            return storage.openConnection();
        }

        @Override
        public void close() {
            storage.close();
        }
    }
}
