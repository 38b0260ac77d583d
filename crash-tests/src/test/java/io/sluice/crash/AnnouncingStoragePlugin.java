package io.sluice.crash;

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
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A storage plugin for the crash harness, {@code async_insert_storage=announcing}: the built-in storage
 * that supports the target (sqlite or jdbc), unchanged, except that every part write says when it starts
 * and when it returned. The crash child prints these phases, so the harness can kill it inside a write
 * (while rows and ledger ids are going in, or while the commit runs) or right after a commit (before the
 * engine releases the entries from the buffer and answers its clients). It supports no target on its own,
 * so it is used only when named.
 */
public final class AnnouncingStoragePlugin implements Plugin {
    static final String NAME = "announcing";
    /** Phase lines: a write starts, a write returned (committed), a write failed. */
    static final String WRITE = "P W";
    static final String COMMITTED = "P C";
    static final String FAILED = "P F";

    private static volatile Consumer<String> announcer = phase -> { };

    /** Where the phases go; the crash child sets its stdout here. */
    static void announceTo(Consumer<String> sink) {
        announcer = sink;
    }

    @Override
    public List<StorageFactory> getStorageFactories() {
        return List.of(new Factory());
    }

    private static final class Factory implements StorageFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "The storage that supports the target, announcing each part write's start and end (crash tests only)";
        }

        @Override
        public Storage create(PluginConfig config, PluginContext context) throws SQLException {
            for (Plugin plugin : ServiceLoader.load(Plugin.class, AnnouncingStoragePlugin.class.getClassLoader())) {
                for (StorageFactory factory : plugin.getStorageFactories()) {
                    if (!factory.name().equals(NAME) && factory.supportsTarget(context.target())) {
                        return new Announcing(factory.create(config, context));
                    }
                }
            }
            throw new SQLException("No storage plugin supports the target " + context.target());
        }
    }

    /** Delegates everything; announces around the two write methods. */
    private static final class Announcing implements Storage {
        private final Storage storage;

        Announcing(Storage storage) {
            this.storage = storage;
        }

        @Override
        public Set<String> writePart(Part part) throws SQLException {
            return announced(() -> storage.writePart(part));
        }

        @Override
        public Set<String> writeParts(List<Part> parts) throws SQLException {
            return announced(() -> storage.writeParts(parts));
        }

        private interface Write {
            Set<String> run() throws SQLException;
        }

        private static Set<String> announced(Write write) throws SQLException {
            announcer.accept(WRITE);
            boolean committed = false;
            try {
                Set<String> skipped = write.run();
                committed = true;
                return skipped;
            } finally {
                announcer.accept(committed ? COMMITTED : FAILED);
            }
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
        public boolean writeOutcomeCanBeUnknown() {
            return storage.writeOutcomeCanBeUnknown();
        }

        @Override
        public Set<String> committedBlocks(Part part) throws SQLException {
            return storage.committedBlocks(part);
        }

        @Override
        public void writeRows(Connection connection, Part part) throws SQLException {
            storage.writeRows(connection, part);
        }

        @Override
        public Connection openConnection() throws SQLException {
            return storage.openConnection();
        }

        @Override
        public ErrorKind classify(SQLException error) {
            return storage.classify(error);
        }

        @Override
        public void close() {
            storage.close();
        }
    }
}
