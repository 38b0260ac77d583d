package io.sluice.plugin.wal;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One WAL directory, owned by one buffer at a time: its lock file ({@code wal.lock}, held with
 * {@link FileChannel#tryLock()} for the buffer's whole life) and its identity file ({@code wal.meta}:
 * the directory's id, created once, and the number of times it was opened, the <em>epoch</em>, which
 * makes record ids unique across runs). Not thread-safe: used by the buffer's constructor and its writer.
 */
final class WalDirectory implements AutoCloseable {
    static final String LOCK_FILE = "wal.lock";
    static final String META_FILE = "wal.meta";
    /** Segment files: {@code wal-<epoch>-<segment number in that run>.log}; the name sorts in write order. */
    static final Pattern SEGMENT_NAME = Pattern.compile("wal-\\d{8}-\\d{10}\\.log");
    /** A segment file being filled with zeros: {@code <segment name>.prealloc}, renamed to the segment name once forced. */
    static final String PREALLOCATING_SUFFIX = ".prealloc";
    static final Pattern PREALLOCATING_NAME = Pattern.compile("wal-\\d{8}-\\d{10}\\.log\\.prealloc");
    /** Epochs must leave the top bit of a record id clear: {@code epoch << 40} stays positive. */
    static final long MAX_EPOCH = (1L << 23) - 1;

    /**
     * Directories locked by this JVM. Checked before the lock file is even opened: on POSIX systems closing
     * any channel of a file drops every lock the process holds on it, so a second open in the same JVM must
     * never touch the lock file of a directory in use.
     */
    private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final Path realPath;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String walId;
    private final long epoch;

    private WalDirectory(Path path, Path realPath, FileChannel lockChannel, FileLock lock, String walId, long epoch) {
        this.path = path;
        this.realPath = realPath;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.walId = walId;
        this.epoch = epoch;
    }

    /**
     * Creates the directory if needed, takes its lock, and starts a new epoch.
     *
     * @throws SluiceSqlException {@code BAD_ARGUMENTS} when another engine holds the directory;
     *     {@code UNKNOWN_EXCEPTION} when the directory cannot be created, locked or its identity read
     */
    static WalDirectory open(Path path) throws SluiceSqlException {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw ioError("cannot create the WAL directory " + path, e);
        }
        Path realPath;
        try {
            realPath = path.toRealPath();
        } catch (IOException e) {
            throw ioError("cannot resolve the WAL directory " + path, e);
        }
        if (!LOCKED_HERE.add(realPath)) {
            throw inUse(path, " (in this JVM)");
        }
        Path lockPath = path.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOCKED_HERE.remove(realPath);
            throw ioError("cannot open the WAL lock file " + lockPath, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(path, holder(channel));
            }
            // Tell whoever finds the lock held which process holds it.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            String[] identity = nextEpoch(path);
            return new WalDirectory(path, realPath, channel, lock, identity[0], Long.parseLong(identity[1]));
        } catch (SluiceSqlException e) {
            closeQuietly(channel);
            LOCKED_HERE.remove(realPath);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            LOCKED_HERE.remove(realPath);
            throw ioError("cannot open the WAL directory " + path, e);
        }
    }

    /** The directory. */
    Path path() {
        return path;
    }

    /** The directory's id, the same for every run. */
    String walId() {
        return walId;
    }

    /** This run's epoch: 1 for the directory's first run, then one more per run. */
    long epoch() {
        return epoch;
    }

    /** Makes file creations, renames and deletions in the directory durable. */
    void force() throws IOException {
        forceDirectory(path);
    }

    /** Deletes the {@code .prealloc} files a crash left while a segment was being filled with zeros: they hold nothing. */
    void deleteUnfinishedPreallocations() throws IOException {
        List<Path> unfinished;
        try (Stream<Path> files = Files.list(path)) {
            unfinished = files.filter(file -> PREALLOCATING_NAME.matcher(file.getFileName().toString()).matches()).toList();
        }
        for (Path file : unfinished) {
            Files.deleteIfExists(file);
        }
        if (!unfinished.isEmpty()) {
            force();
        }
    }

    /** Every segment file in the directory, oldest first. */
    List<Path> segmentFiles() throws IOException {
        return segmentFiles(path);
    }

    /** Whether the lock is still held by this object. */
    boolean isOpen() {
        return lockChannel.isOpen();
    }

    /** Releases the lock; the directory and its files stay. Calling it twice does nothing. */
    @Override
    public void close() {
        if (!lockChannel.isOpen()) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // Closing the channel below releases the lock anyway.
        }
        closeQuietly(lockChannel);
        LOCKED_HERE.remove(realPath);
    }

    private static SluiceSqlException inUse(Path path, String holder) {
        return new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "The WAL directory " + path + " is in use by another Sluice engine"
                + holder + ": its lock file " + LOCK_FILE + " is held. Each engine needs a WAL directory of its own; set "
                + WalSettings.DIRECTORY + " to another directory, or close the other engine first");
    }

    static List<Path> segmentFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> SEGMENT_NAME.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
    }

    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or force a directory; there file-level fsync is all there is.
            if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                return;
            }
            throw e;
        }
    }

    /** Writes {@code bytes} to {@code target} so that a crash leaves either the old file or the new one. */
    static void writeAtomically(Path directory, Path target, byte[] bytes) throws IOException {
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(directory);
    }

    /** Reads {@code wal.meta} (creating it for a new directory), stores the next epoch, returns id and epoch. */
    private static String[] nextEpoch(Path directory) throws IOException, SluiceSqlException {
        Path meta = directory.resolve(META_FILE);
        String walId;
        long epoch;
        if (Files.exists(meta)) {
            Properties properties = new Properties();
            try (Reader reader = new StringReader(Files.readString(meta, StandardCharsets.UTF_8))) {
                properties.load(reader);
            }
            walId = properties.getProperty("wal_id", "");
            String epochText = properties.getProperty("epoch", "");
            try {
                UUID.fromString(walId);
                epoch = Long.parseLong(epochText) + 1;
            } catch (IllegalArgumentException e) {
                throw new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "The WAL identity file " + meta + " is damaged (wal_id = '"
                        + walId + "', epoch = '" + epochText + "'); restore it from a backup: ledger ids depend on it, and a new id"
                        + " would let replayed entries be written twice");
            }
            if (epoch > MAX_EPOCH) {
                throw new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "The WAL directory " + directory + " was opened " + (epoch - 1)
                        + " times, the most its record ids allow; let it drain, then remove it and start a fresh one");
            }
        } else {
            List<Path> orphans = segmentFiles(directory);
            if (!orphans.isEmpty()) {
                throw new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "The WAL directory " + directory + " holds " + orphans.size()
                        + " segment files but no " + META_FILE + ": refusing to give it a new id, since ledger ids would change and"
                        + " replayed entries could be written twice. Restore " + META_FILE + ", or move the segments away");
            }
            walId = UUID.randomUUID().toString();
            epoch = 1;
        }
        String text = "# Sluice write-ahead log: the id of this directory and how many times it was opened. Do not edit.\n"
                + "wal_id=" + walId + "\nepoch=" + epoch + "\n";
        writeAtomically(directory, meta, text.getBytes(StandardCharsets.UTF_8));
        return new String[] {walId, Long.toString(epoch)};
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return text.startsWith("pid=") ? " (process " + text.substring(4) + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    static SluiceSqlException ioError(String what, Exception cause) {
        return new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "The wal buffer " + what + ": " + cause, cause);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do with a channel that cannot close.
        }
    }
}
