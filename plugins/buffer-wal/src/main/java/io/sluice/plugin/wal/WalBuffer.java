package io.sluice.plugin.wal;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code wal} buffer: entries live on the heap for draining, and in checksummed segment files for
 * durability.
 *
 * <p><b>Appending.</b> {@link #append} encodes the entry on the caller's thread, queues the record for the
 * one writer thread and returns at once (unless the disk bound is reached, see below). The writer takes
 * everything queued since its last round, writes it with one gathering write, forces the file once and then
 * completes every append's stage: concurrent appends share one fsync (group commit), and the more appends
 * arrive while an fsync runs, the bigger the next group. {@link FsyncMode#ALWAYS} takes one append per
 * round; {@link FsyncMode#INTERVAL} completes stages after the write and forces on a timer. Stages complete
 * on the writer thread: continuations that may block belong on the {@code *Async} variants.
 *
 * <p><b>Releasing.</b> {@link #release} queues a release record (never fsynced on its own: a release lost
 * in a crash only means the entry is replayed and the storage's ledger skips it). A segment file is
 * deleted once every entry in it is released, it is not the active segment, and every older segment its
 * release records refer to is deleted already, so a restart never sees an entry without its release.
 *
 * <p><b>Preallocation.</b> A segment file is filled with zeros to {@code async_insert_wal_segment_bytes}
 * and forced (with its metadata) under a temporary name ({@code <segment>.prealloc}), then renamed into
 * place before it takes records. Appends overwrite the zeros, so the fsync that acknowledges them never
 * changes the file's size (no journal commit for it). The next segment is prepared on a background
 * thread once the active one is half full, so that rolling over rarely waits for it. When the writer
 * moves on or closes, it cuts the zeros past the last record off; recovery treats a zero tail left by a
 * crash as the clean end of the segment, and deletes a {@code .prealloc} file a crash left behind.
 *
 * <p><b>Disk bound.</b> Segment bytes plus queued bytes stay under {@code async_insert_wal_max_bytes}
 * (give or take one 16-byte segment header). Segment bytes are the bytes segments <em>use</em> (header
 * and records), as {@link #segments()} shows them: the files take up to two segments more on disk, the
 * zeros at the end of the active segment and the next segment prepared ahead. At the bound an append
 * waits, first come first served, up to
 * {@code async_insert_wal_max_wait_ms} on the engine's clock for released segments to be deleted (the
 * writer starts a new segment early when the active one is fully released and someone waits), then fails
 * with {@code MEMORY_LIMIT_EXCEEDED}. Only then does {@code append} block its caller.
 *
 * <p><b>Ids.</b> A record id is {@code epoch << 40 | n}: the directory's epoch (one more per open, kept in
 * {@code wal.meta}) and a counter within the run. Ids never repeat, even for entries that were flushed
 * before their record reached the disk and a crash followed. {@link #ledgerId} is {@code <wal id>:<record id>}.
 *
 * <p>Thread-safe. One lock guards the queue and the byte accounting and is held only for bookkeeping; the
 * per-key index is a concurrent map as in the memory buffer; segment bookkeeping is written by the writer
 * thread only, under {@code segmentsMonitor} so that status readers see it consistent.
 */
final class WalBuffer implements Buffer, WalStatus {
    private static final Logger LOG = LoggerFactory.getLogger(WalBuffer.class);
    private static final int COUNTER_BITS = 40;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Zeros written per call while preallocating a segment. */
    private static final int PREALLOCATION_CHUNK = 1 << 20;
    /** Marks a content key shared by several recovered entries: such copies cannot be told apart. */
    private static final Held AMBIGUOUS = new Held(null, -1, null, null);

    private final WalSettings settings;
    private final Clock clock;
    private final WalDirectory directory;
    private final String walId;
    private final long idBase;
    private final AtomicLong counter = new AtomicLong();
    private final long intervalNanos;
    private final long maxWaitNanos;
    private final WalRecoveryReport report;

    private final ConcurrentHashMap<String, List<BufferEntry>> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EntryKey, Held> held = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ContentKey, Held> recoveredByContent = new ConcurrentHashMap<>();
    private final AtomicReference<List<BufferEntry>> recovered;
    private final AtomicReference<List<List<BufferEntry>>> recoveredGroups;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long queuedBytes;
    private long diskBytes;
    private long pendingEntries;
    private long fsyncCount;
    private long enqueuedItems;
    private long processedItems;
    private boolean closing;
    private boolean writerDone;
    private Throwable failure;

    private final Object segmentsMonitor = new Object();
    private final ArrayList<Segment> segments = new ArrayList<>();
    private Segment active;
    private int segmentCounter;
    // Writer-thread state (and close(), once the writer is done).
    /** The next segment, being filled with zeros in the background; null when none is under way. */
    private CompletableFuture<Path> nextSegment;
    private Path nextSegmentFile;
    private boolean unsynced;
    private long lastSyncNanos;

    private final Thread writer;
    private final Runnable clockListener;

    /** Called (under the lock) when an append starts waiting for room; for tests. */
    volatile Runnable roomWaitListener;

    /** An unreleased entry and where it is. */
    static final class Held {
        final BufferEntry entry;
        final long recordId;
        final CompletableFuture<Void> durable;
        final ContentKey contentKey;
        /** Set by the writer when the record is written (or at recovery); read under {@code segmentsMonitor}. */
        Segment segment;

        Held(BufferEntry entry, long recordId, CompletableFuture<Void> durable, ContentKey contentKey) {
            this.entry = entry;
            this.recordId = recordId;
            this.durable = durable;
            this.contentKey = contentKey;
        }
    }

    /** One segment file. Mutated by the writer thread under {@code segmentsMonitor}. */
    static final class Segment {
        final String name;
        final Path path;
        FileChannel channel;
        long size;
        final Set<Held> live = new HashSet<>();
        /** Older segments whose entries release records in this one released. */
        final List<Segment> releasesInto = new ArrayList<>();
        boolean deleted;
        boolean deleteFailed;

        Segment(String name, Path path, long size) {
            this.name = name;
            this.path = path;
            this.size = size;
        }
    }

    /** A record queued for the writer: an appended entry, an appended group of entries, or the release of entries. */
    private record Item(ByteBuffer[] chunks, long length, Held appended, Held[] released, Held[] group) {
        boolean appends() {
            return appended != null || group != null;
        }
    }

    /** An append waiting for room at the disk bound. */
    private static final class Waiter {
        final Condition condition;

        Waiter(Condition condition) {
            this.condition = condition;
        }
    }

    /** An entry by identity: the engine hands back the very objects it appended. */
    private static final class EntryKey {
        private final BufferEntry entry;

        EntryKey(BufferEntry entry) {
            this.entry = entry;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EntryKey key && key.entry == entry;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(entry);
        }
    }

    /**
     * A recovered entry by every field but the sequence, which the engine may renumber by copying the
     * entry. Rows compare by the identity of their arrays, so a copy must share them (copies do).
     */
    record ContentKey(String keyId, String queryId, long enqueuedEpochMicros, String data, int dataStart, List<Object[]> rows, int bytes,
            String deduplicationToken, String logComment) {
        static ContentKey of(BufferEntry entry) {
            return new ContentKey(entry.keyId(), entry.queryId(), entry.enqueuedEpochMicros(), entry.data(), entry.dataStart(), entry.rows(),
                    entry.bytes(), entry.deduplicationToken(), entry.logComment());
        }
    }

    private WalBuffer(WalSettings settings, Clock clock, WalDirectory directory, WalRecovery.Result scan) {
        this.settings = settings;
        this.clock = clock;
        this.directory = directory;
        this.walId = directory.walId();
        this.idBase = directory.epoch() << COUNTER_BITS;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.fsyncIntervalMillis());
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(settings.maxWaitMillis());
        List<Segment> scanned = new ArrayList<>();
        for (WalRecovery.Scanned s : scan.segments()) {
            Segment segment = new Segment(s.name, s.path, s.size);
            for (int older : s.releasesInto) {
                segment.releasesInto.add(scanned.get(older));
            }
            scanned.add(segment);
            diskBytes += s.size;
        }
        segments.addAll(scanned);
        List<BufferEntry> entries = new ArrayList<>(scan.unreleased().size());
        java.util.Map<Integer, List<BufferEntry>> groups = new java.util.LinkedHashMap<>();
        for (WalRecovery.Found found : scan.unreleased()) {
            ContentKey content = ContentKey.of(found.entry);
            Held h = new Held(found.entry, found.recordId, null, content);
            h.segment = scanned.get(found.segment);
            h.segment.live.add(h);
            held.put(new EntryKey(found.entry), h);
            Held clash = recoveredByContent.putIfAbsent(content, h);
            if (clash != null) {
                recoveredByContent.put(content, AMBIGUOUS);
            }
            if (found.group == 0) {
                entries.add(found.entry);
            } else {
                groups.computeIfAbsent(found.group, g -> new ArrayList<>()).add(found.entry);
            }
        }
        this.recovered = new AtomicReference<>(Collections.unmodifiableList(entries));
        this.recoveredGroups = new AtomicReference<>(List.copyOf(groups.values()));
        this.report = new WalRecoveryReport(directory.path(), walId, scan.filesScanned(), scan.recordsScanned(), scan.unreleased().size(),
                scan.notes());
        this.writer = new Thread(this::runWriter, "sluice-wal-writer-" + directory.path());
        this.writer.setDaemon(true);
        this.clockListener = this::wakeAll;
    }

    /**
     * Opens (or creates) the WAL directory, recovers what it holds, and starts the writer.
     *
     * @throws SQLException when the directory is in use, damaged beyond recovery, or cannot be written
     */
    static WalBuffer open(WalSettings settings, Clock clock) throws SQLException {
        WalDirectory directory = WalDirectory.open(settings.directory());
        WalBuffer buffer = null;
        try {
            WalRecovery.Result scan = WalRecovery.scan(directory.path());
            buffer = new WalBuffer(settings, clock, directory, scan);
            buffer.start();
            return buffer;
        } catch (IOException e) {
            closeQuietly(buffer);
            directory.close();
            throw WalDirectory.ioError("cannot recover or start the WAL at " + settings.directory(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(buffer);
            directory.close();
            throw e;
        }
    }

    private void start() throws IOException {
        for (WalRecoveryReport.Note note : report.notes()) {
            LOG.warn("{}", note.message());
        }
        deleteReleasedSegments();
        directory.deleteUnfinishedPreallocations();
        Segment first = createSegment();
        synchronized (segmentsMonitor) {
            segments.add(first);
            active = first;
        }
        lastSyncNanos = clock.nanoTime();
        clock.onAdvance(clockListener);
        writer.start();
        LOG.info("Sluice WAL {} (id {}, epoch {}, fsync {}) opened: {} unreleased entries recovered from {} segments{}",
                directory.path(), walId, directory.epoch(), settings.fsync().settingValue(), report.entriesRecovered(),
                report.segmentsScanned(), report.clean() ? "" : ", " + report.notes().size() + " damaged regions reported");
    }

    private static void closeQuietly(WalBuffer buffer) {
        if (buffer != null) {
            buffer.clock.removeAdvanceListener(buffer.clockListener);
            synchronized (buffer.segmentsMonitor) {
                for (Segment segment : buffer.segments) {
                    closeChannel(segment);
                }
            }
            buffer.discardNextSegment();
        }
    }

    // ---------------------------------------------------------------- Buffer

    @Override
    public CompletionStage<Void> append(BufferEntry entry) throws SQLException {
        Objects.requireNonNull(entry, "entry");
        long number = counter.incrementAndGet();
        if (number >= 1L << COUNTER_BITS) {
            throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "The wal buffer at " + directory.path() + " ran out of record ids for"
                    + " this run; restart the engine");
        }
        long recordId = idBase | number;
        ByteBuffer[] chunks = WalCodec.encodeEntry(recordId, entry);
        long length = 0;
        for (ByteBuffer chunk : chunks) {
            length += chunk.remaining();
        }
        Held h = new Held(entry, recordId, new CompletableFuture<>(), null);
        EntryKey key = new EntryKey(entry);
        if (held.putIfAbsent(key, h) != null) {
            throw new IllegalArgumentException("Entry " + entry.queryId() + " (sequence " + entry.sequence() + ") is already held by"
                    + " the wal buffer: append each entry once");
        }
        boolean queued = false;
        try {
            enqueue(new Item(chunks, length, h, null, null), 1, "the entry alone is larger than the bound");
            queued = true;
        } finally {
            if (!queued) {
                held.remove(key);
            }
        }
        // The engine appends and drains one key under that key's lock, so a drain sees this entry.
        byKey.compute(entry.keyId(), (k, list) -> {
            List<BufferEntry> target = list == null ? new ArrayList<>() : list;
            target.add(entry);
            return target;
        });
        return h.durable.minimalCompletionStage();
    }

    /**
     * Writes the group as one record, so that recovery finds all of its entries or none. The entries are held
     * (for {@link #ledgerId} and {@link #release}) but never drained.
     */
    @Override
    public CompletionStage<Void> appendGroup(List<BufferEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        long[] ids = new long[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            long number = counter.incrementAndGet();
            if (number >= 1L << COUNTER_BITS) {
                throw new SluiceSqlException(ErrorCode.LOGICAL_ERROR, "The wal buffer at " + directory.path() + " ran out of record ids for"
                        + " this run; restart the engine");
            }
            ids[i] = idBase | number;
        }
        ByteBuffer[] chunks = WalCodec.encodeGroup(ids, entries);
        long length = 0;
        for (ByteBuffer chunk : chunks) {
            length += chunk.remaining();
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        Held[] group = new Held[ids.length];
        List<EntryKey> keys = new ArrayList<>(ids.length);
        boolean queued = false;
        try {
            for (int i = 0; i < ids.length; i++) {
                BufferEntry entry = entries.get(i);
                group[i] = new Held(entry, ids[i], durable, null);
                EntryKey key = new EntryKey(entry);
                if (held.putIfAbsent(key, group[i]) != null) {
                    throw new IllegalArgumentException("Entry " + entry.queryId() + " (sequence " + entry.sequence() + ") is already held by"
                            + " the wal buffer: append each entry once");
                }
                keys.add(key);
            }
            enqueue(new Item(chunks, length, null, null, group), ids.length, "the transaction's INSERTs alone are larger than the bound");
            queued = true;
        } finally {
            if (!queued) {
                keys.forEach(held::remove);
            }
        }
        return durable.minimalCompletionStage();
    }

    /** Queues an appending record for the writer, waiting for room at the disk bound. */
    private void enqueue(Item item, int entries, String tooLarge) throws SluiceSqlException {
        lock.lock();
        try {
            checkUsable();
            if (item.length > settings.maxBytes()) {
                throw refusal(item.length, tooLarge);
            }
            if (!waiters.isEmpty() || diskBytes + queuedBytes + item.length > settings.maxBytes()) {
                waitForRoom(item.length);
            }
            queue.addLast(item);
            queuedBytes += item.length;
            pendingEntries += entries;
            enqueuedItems++;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<BufferEntry> drain(String keyId) {
        List<BufferEntry> drained = byKey.remove(keyId);
        return drained == null ? List.of() : drained;
    }

    @Override
    public List<BufferEntry> peek(String keyId) {
        // Called under the key's lock, like append and drain: the list does not change meanwhile.
        List<BufferEntry> held = byKey.get(keyId);
        return held == null ? new ArrayList<>() : new ArrayList<>(held);
    }

    @Override
    public void release(List<BufferEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        List<Held> found = new ArrayList<>(entries.size());
        int unknown = 0;
        for (BufferEntry entry : entries) {
            Held h = take(entry);
            if (h == null) {
                unknown++;
            } else {
                found.add(h);
            }
        }
        if (unknown > 0) {
            int count = unknown;
            // Releasing twice is allowed by the contract; an entry appended elsewhere is the caller's mistake.
            LOG.debug("The wal buffer at {} was asked to release {} entries it does not hold (released already, or appended"
                    + " elsewhere); ignored", directory.path(), count);
        }
        if (found.isEmpty()) {
            return;
        }
        long[] ids = new long[found.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = found.get(i).recordId;
        }
        ByteBuffer[] chunks = WalCodec.encodeRelease(ids);
        long length = 0;
        for (ByteBuffer chunk : chunks) {
            length += chunk.remaining();
        }
        lock.lock();
        try {
            if (closing || failure != null) {
                LOG.info("The wal buffer at {} is closed: the release of {} entries is not recorded; the next start recovers"
                        + " them again, and the storage's ledger skips those already written", directory.path(), ids.length);
                return;
            }
            // Releases bypass the bound: they are what makes room.
            queue.addLast(new Item(chunks, length, null, found.toArray(Held[]::new), null));
            queuedBytes += length;
            enqueuedItems++;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every entry a previous run appended and never released, in append order. They are held (for
     * {@link #ledgerId} and {@link #release}) but {@link #drain} never returns them: the engine replays
     * them itself and releases them after their flush. The first call hands them over; later calls return
     * an empty list.
     */
    @Override
    public List<BufferEntry> recover() {
        return new ArrayList<>(recovered.getAndSet(List.of()));
    }

    /**
     * Every group a previous run appended and not wholly released (without the entries it did release), in
     * append order; held like the entries of {@link #recover}. The first call hands them over.
     */
    @Override
    public List<List<BufferEntry>> recoverGroups() {
        return new ArrayList<>(recoveredGroups.getAndSet(List.of()));
    }

    /**
     * {@code <wal id>:<record id>}, stable across restarts and unique across runs and directories.
     *
     * @throws IllegalArgumentException when the entry is not held: never appended here, or released already
     */
    @Override
    public String ledgerId(BufferEntry entry) {
        Held h = held.get(new EntryKey(entry));
        if (h == null) {
            Held copy = recoveredByContent.get(ContentKey.of(entry));
            h = copy == AMBIGUOUS ? null : copy;
        }
        if (h == null) {
            throw new IllegalArgumentException("Entry " + entry.queryId() + " (sequence " + entry.sequence() + ") is not held by the wal"
                    + " buffer at " + directory.path() + ": ledgerId takes an entry given to append() or returned by recover(), before"
                    + " its release");
        }
        return walId + ":" + h.recordId;
    }

    /**
     * Stops the writer after it wrote and synced everything queued, and releases the directory lock.
     * Waiting appends fail with {@code ABORTED}; entries not released stay for the next start. Calling it
     * twice does nothing.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            wakeAllLocked();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == writer) {
            // Called from a stage's continuation: the writer finishes its round, syncs and releases everything itself.
            return;
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        releaseResources();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the segment files and the directory lock once the writer is done; safe to call twice. */
    private void releaseResources() {
        boolean failed;
        lock.lock();
        try {
            failed = failure != null;
        } finally {
            lock.unlock();
        }
        synchronized (segmentsMonitor) {
            if (!directory.isOpen()) {
                return;
            }
            clock.removeAdvanceListener(clockListener);
            if (!failed && active != null && active.channel != null) {
                // Everything was forced in the final round: the zeros past the last record can go.
                try {
                    active.channel.truncate(active.size);
                } catch (IOException e) {
                    LOG.warn("Cannot cut the unused zeros off WAL segment {}; the next start does", active.path, e);
                }
            }
            for (Segment segment : segments) {
                closeChannel(segment);
            }
            discardNextSegment();
            directory.close();
        }
        byKey.clear();
        LOG.info("Sluice WAL {} closed; {} unreleased entries stay for the next start", directory.path(), held.size());
    }

    // ---------------------------------------------------------------- WalStatus

    @Override
    public Path directory() {
        return directory.path();
    }

    @Override
    public String walId() {
        return walId;
    }

    @Override
    public FsyncMode fsyncMode() {
        return settings.fsync();
    }

    @Override
    public List<io.sluice.spi.StoredSegment> storedSegments() {
        List<io.sluice.spi.StoredSegment> stored = new java.util.ArrayList<>();
        for (WalSegmentStatus segment : segments()) {
            stored.add(new io.sluice.spi.StoredSegment(segment.name(), segment.entries(), segment.bytes(),
                    segment.oldestEntryEpochMicros().orElse(0), segment.active()));
        }
        return stored;
    }

    @Override
    public java.util.Map<String, Long> gauges() {
        java.util.Map<String, Long> gauges = new java.util.LinkedHashMap<>();
        gauges.put("WalBytes", usedBytes());
        gauges.put("WalMaxBytes", maxBytes());
        gauges.put("WalEntries", heldEntries());
        gauges.put("WalPendingEntries", pendingEntries());
        gauges.put("WalSegments", (long) segments().size());
        gauges.put("WalFsyncs", fsyncs());
        return gauges;
    }

    @Override
    public List<String> recoveryNotes() {
        List<String> notes = new java.util.ArrayList<>();
        for (WalRecoveryReport.Note note : recoveryReport().notes()) {
            notes.add(note.message());
        }
        return notes;
    }

    @Override
    public List<WalSegmentStatus> segments() {
        synchronized (segmentsMonitor) {
            List<WalSegmentStatus> result = new ArrayList<>(segments.size());
            for (Segment segment : segments) {
                long oldest = Long.MAX_VALUE;
                for (Held h : segment.live) {
                    oldest = Math.min(oldest, h.entry.enqueuedEpochMicros());
                }
                result.add(new WalSegmentStatus(segment.name, segment.live.size(), segment.size,
                        segment.live.isEmpty() ? OptionalLong.empty() : OptionalLong.of(oldest), segment == active));
            }
            return result;
        }
    }

    @Override
    public long heldEntries() {
        return held.size();
    }

    @Override
    public long pendingEntries() {
        lock.lock();
        try {
            return pendingEntries;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long usedBytes() {
        lock.lock();
        try {
            return diskBytes + queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long maxBytes() {
        return settings.maxBytes();
    }

    @Override
    public long fsyncs() {
        lock.lock();
        try {
            return fsyncCount;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WalRecoveryReport recoveryReport() {
        return report;
    }

    // ---------------------------------------------------------------- test support

    /** Blocks until the writer has fully processed (written, synced per policy, cleaned up) everything queued so far. */
    void awaitWritten() throws InterruptedException {
        lock.lock();
        try {
            long target = enqueuedItems;
            while (processedItems < target && !writerDone) {
                progress.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until the writer thread stopped and, after a close, released the directory. */
    void awaitWriterDone() throws InterruptedException {
        lock.lock();
        try {
            while (!writerDone) {
                progress.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until at least {@code count} fsyncs happened (or the writer stopped). */
    void awaitFsyncs(long count) throws InterruptedException {
        lock.lock();
        try {
            while (fsyncCount < count && !writerDone) {
                progress.await();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- append helpers (lock held)

    private void checkUsable() throws SluiceSqlException {
        if (closing) {
            throw new SluiceSqlException(ErrorCode.ABORTED, "The wal buffer at " + directory.path() + " is closed; the INSERT was not accepted");
        }
        if (failure != null) {
            throw new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "The wal buffer at " + directory.path() + " stopped after a failed"
                    + " write or fsync (" + failure + ") and accepts no more entries; restart the engine to recover", failure);
        }
    }

    private void waitForRoom(long length) throws SluiceSqlException {
        long deadline = clock.nanoTime() + maxWaitNanos;
        Waiter me = new Waiter(lock.newCondition());
        waiters.addLast(me);
        // The writer may make room by starting a new segment when the active one is fully released.
        work.signal();
        Runnable listener = roomWaitListener;
        if (listener != null) {
            listener.run();
        }
        try {
            while (waiters.peekFirst() != me || diskBytes + queuedBytes + length > settings.maxBytes()) {
                checkUsable();
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    throw refusal(length, "no room came within " + WalSettings.MAX_WAIT_MS + " = " + settings.maxWaitMillis()
                            + ", as the entries in it were not released in time");
                }
                if (clock.isRealTime()) {
                    me.condition.awaitNanos(remaining);
                } else {
                    me.condition.await();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceSqlException(ErrorCode.ABORTED, "Interrupted while waiting for room in the wal buffer at " + directory.path()
                    + "; the INSERT was not accepted");
        } finally {
            waiters.remove(me);
            // The next waiter is now first, and may fit too.
            signalFirstWaiter();
        }
    }

    private SluiceSqlException refusal(long length, String why) {
        return new SluiceSqlException(ErrorCode.MEMORY_LIMIT_EXCEEDED, "The INSERT's WAL record of " + length + " bytes does not fit under "
                + WalSettings.MAX_BYTES + " = " + settings.maxBytes() + " (" + (diskBytes + queuedBytes) + " bytes in the WAL at "
                + directory.path() + "): " + why + "; nothing was queued");
    }

    private void signalFirstWaiter() {
        Waiter first = waiters.peekFirst();
        if (first != null) {
            first.condition.signal();
        }
    }

    private void wakeAll() {
        lock.lock();
        try {
            wakeAllLocked();
        } finally {
            lock.unlock();
        }
    }

    private void wakeAllLocked() {
        work.signalAll();
        for (Waiter waiter : waiters) {
            waiter.condition.signal();
        }
        progress.signalAll();
    }

    private Held take(BufferEntry entry) {
        Held h = held.remove(new EntryKey(entry));
        if (h != null) {
            if (h.contentKey != null) {
                recoveredByContent.remove(h.contentKey, h);
            }
            return h;
        }
        ContentKey content = ContentKey.of(entry);
        Held copy = recoveredByContent.get(content);
        if (copy == null || copy == AMBIGUOUS || !recoveredByContent.remove(content, copy)) {
            return null;
        }
        return held.remove(new EntryKey(copy.entry)) == null ? null : copy;
    }

    // ---------------------------------------------------------------- writer thread

    private void runWriter() {
        List<Item> batch = new ArrayList<>();
        try {
            while (true) {
                boolean syncDue = false;
                boolean finalRound;
                lock.lock();
                try {
                    while (queue.isEmpty() && !closing) {
                        if (!waiters.isEmpty() && activeReleasedAndUsed()) {
                            break;
                        }
                        if (settings.fsync() == FsyncMode.INTERVAL && unsynced) {
                            long due = lastSyncNanos + intervalNanos;
                            if (clock.nanoTime() - due >= 0) {
                                syncDue = true;
                                break;
                            }
                            writerAwait(due);
                        } else {
                            writerAwait(NO_DEADLINE);
                        }
                    }
                    if (settings.fsync() == FsyncMode.ALWAYS) {
                        // One append per fsync; releases ride along.
                        while (!queue.isEmpty()) {
                            Item item = queue.pollFirst();
                            batch.add(item);
                            if (item.appends()) {
                                break;
                            }
                        }
                    } else {
                        batch.addAll(queue);
                        queue.clear();
                    }
                    finalRound = closing && queue.isEmpty();
                } finally {
                    lock.unlock();
                }
                process(batch, syncDue, finalRound);
                lock.lock();
                try {
                    processedItems += batch.size();
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
                batch.clear();
                if (finalRound) {
                    return;
                }
            }
        } catch (Throwable t) {
            fail(t, batch);
        } finally {
            boolean closed;
            lock.lock();
            try {
                closed = closing;
            } finally {
                lock.unlock();
            }
            if (closed) {
                releaseResources();
            }
            lock.lock();
            try {
                writerDone = true;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void writerAwait(long deadline) {
        try {
            if (deadline == NO_DEADLINE || !clock.isRealTime()) {
                // A manual clock wakes us through its advance listener.
                work.await();
            } else {
                long remaining = deadline - clock.nanoTime();
                if (remaining > 0) {
                    work.awaitNanos(remaining);
                }
            }
        } catch (InterruptedException e) {
            // Nothing in Sluice interrupts the writer; close() is how it stops. Keep going.
        }
    }

    private void process(List<Item> batch, boolean syncDue, boolean finalRound) throws IOException {
        List<Held> appended = new ArrayList<>();
        List<ByteBuffer> gather = new ArrayList<>();
        long gatherBytes = 0;
        for (Item item : batch) {
            if (active.size > WalCodec.SEGMENT_HEADER_BYTES && active.size + item.length > settings.segmentBytes()) {
                write(gather, gatherBytes);
                gatherBytes = 0;
                roll();
            }
            Collections.addAll(gather, item.chunks);
            gatherBytes += item.length;
            synchronized (segmentsMonitor) {
                active.size += item.length;
                if (item.appended != null) {
                    item.appended.segment = active;
                    active.live.add(item.appended);
                    appended.add(item.appended);
                } else if (item.group != null) {
                    for (Held h : item.group) {
                        h.segment = active;
                        active.live.add(h);
                        appended.add(h);
                    }
                } else {
                    for (Held h : item.released) {
                        Segment segment = h.segment;
                        if (segment != null) {
                            segment.live.remove(h);
                            if (segment != active && !segment.deleted && !active.releasesInto.contains(segment)) {
                                active.releasesInto.add(segment);
                            }
                        }
                    }
                }
            }
        }
        write(gather, gatherBytes);
        if (!batch.isEmpty()) {
            unsynced = true;
        }
        boolean force = switch (settings.fsync()) {
            case ALWAYS, GROUP -> !appended.isEmpty() || (finalRound && unsynced);
            case INTERVAL -> unsynced && (syncDue || finalRound || clock.nanoTime() - (lastSyncNanos + intervalNanos) >= 0);
        };
        if (force) {
            active.channel.force(false);
            unsynced = false;
            lastSyncNanos = clock.nanoTime();
            countFsync();
        }
        // ALWAYS and GROUP forced above whenever they appended; INTERVAL promises only the write.
        for (Held h : appended) {
            h.durable.complete(null);
        }
        boolean roomWanted;
        lock.lock();
        try {
            pendingEntries -= appended.size();
            roomWanted = !waiters.isEmpty();
        } finally {
            lock.unlock();
        }
        if (finalRound) {
            return;
        }
        if (roomWanted && activeReleasedAndUsed()) {
            roll();
        }
        deleteReleasedSegments();
        prepareNextSegment();
    }

    private boolean activeReleasedAndUsed() {
        return active.live.isEmpty() && active.size > WalCodec.SEGMENT_HEADER_BYTES;
    }

    private void write(List<ByteBuffer> gather, long bytes) throws IOException {
        if (bytes == 0) {
            return;
        }
        ByteBuffer[] buffers = gather.toArray(ByteBuffer[]::new);
        long remaining = bytes;
        while (remaining > 0) {
            remaining -= active.channel.write(buffers);
        }
        gather.clear();
        lock.lock();
        try {
            queuedBytes -= bytes;
            diskBytes += bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Forces the active segment, so that only the last segment can ever end torn, and starts a new one. */
    private void roll() throws IOException {
        Segment old = active;
        old.channel.force(false);
        countFsync();
        // Its records are durable; the zeros past them are not needed any more.
        old.channel.truncate(old.size);
        Segment next = createSegment();
        synchronized (segmentsMonitor) {
            closeChannel(old);
            segments.add(next);
            active = next;
        }
        unsynced = false;
        lastSyncNanos = clock.nanoTime();
    }

    /**
     * Puts the next segment in place: the one prepared in the background when there is one, else one
     * filled with zeros now.
     */
    private Segment createSegment() throws IOException {
        String name = segmentName(++segmentCounter);
        Path path = directory.path().resolve(name);
        Path prepared = takeNextSegment();
        if (prepared == null) {
            prepared = directory.path().resolve(name + WalDirectory.PREALLOCATING_SUFFIX);
            preallocate(prepared, settings.segmentBytes());
        }
        FileChannel channel = null;
        try {
            try {
                Files.move(prepared, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(prepared, path);
            }
            // The file's name must be durable before any record in it is acknowledged.
            directory.force();
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
            channel.position(WalCodec.SEGMENT_HEADER_BYTES);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(prepared);
            Files.deleteIfExists(path);
            throw e;
        }
        Segment segment = new Segment(name, path, WalCodec.SEGMENT_HEADER_BYTES);
        segment.channel = channel;
        lock.lock();
        try {
            diskBytes += WalCodec.SEGMENT_HEADER_BYTES;
        } finally {
            lock.unlock();
        }
        return segment;
    }

    private String segmentName(int number) {
        return String.format("wal-%08d-%010d.log", directory.epoch(), number);
    }

    /**
     * Writes a segment header and zeros up to {@code bytes} to a new file, and forces it with its metadata:
     * appends then overwrite blocks that are already allocated, without changing the file's size.
     */
    static void preallocate(Path file, long bytes) throws IOException {
        Files.deleteIfExists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = WalCodec.segmentHeader();
            while (header.hasRemaining()) {
                channel.write(header);
            }
            // Real zeros, not a sparse setLength: the blocks must be allocated now, not at append time.
            ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(PREALLOCATION_CHUNK, Math.max(bytes, 1)));
            long position = WalCodec.SEGMENT_HEADER_BYTES;
            while (position < bytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - position));
                position += channel.write(zeros, position);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Once the active segment is half full, starts filling the next one with zeros on a thread of its own. */
    private void prepareNextSegment() {
        if (nextSegment != null || active.size < settings.segmentBytes() / 2) {
            return;
        }
        Path file = directory.path().resolve(segmentName(segmentCounter + 1) + WalDirectory.PREALLOCATING_SUFFIX);
        CompletableFuture<Path> future = new CompletableFuture<>();
        long bytes = settings.segmentBytes();
        Thread thread = new Thread(() -> {
            try {
                preallocate(file, bytes);
                future.complete(file);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "sluice-wal-preallocate-" + directory.path());
        thread.setDaemon(true);
        nextSegment = future;
        nextSegmentFile = file;
        thread.start();
    }

    /** The segment prepared in the background (waiting for it if need be), or null when there is none or it failed. */
    private Path takeNextSegment() {
        CompletableFuture<Path> future = nextSegment;
        Path file = nextSegmentFile;
        nextSegment = null;
        nextSegmentFile = null;
        if (future == null) {
            return null;
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            LOG.warn("Preparing WAL segment {} in the background failed; preparing it again now", file, e.getCause());
            return null;
        }
    }

    /** Waits for a segment being prepared and deletes it; for close. */
    private void discardNextSegment() {
        Path file = takeNextSegment();
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // The next start deletes it.
            }
        }
    }

    /**
     * Deletes every segment that is not active, holds no unreleased entry, and whose release records refer
     * only to segments deleted already (oldest first, so one pass settles chains).
     */
    private void deleteReleasedSegments() throws IOException {
        List<Segment> candidates;
        synchronized (segmentsMonitor) {
            candidates = new ArrayList<>(segments);
        }
        long freed = 0;
        boolean undurable = false;
        for (Segment segment : candidates) {
            if (segment == active || segment.deleted || !segment.live.isEmpty() || segment.deleteFailed) {
                continue;
            }
            boolean blocked = false;
            for (Segment older : segment.releasesInto) {
                blocked |= !older.deleted;
            }
            if (blocked) {
                continue;
            }
            if (undurable && !segment.releasesInto.isEmpty()) {
                // Its releases must not vanish before the deletion of the segments they refer to is durable.
                directory.force();
                undurable = false;
            }
            try {
                Files.deleteIfExists(segment.path);
            } catch (IOException e) {
                segment.deleteFailed = true;
                LOG.warn("Cannot delete released WAL segment {}; it stays (and counts toward {})", segment.path,
                        WalSettings.MAX_BYTES, e);
                continue;
            }
            synchronized (segmentsMonitor) {
                segment.deleted = true;
                segments.remove(segment);
            }
            freed += segment.size;
            undurable = true;
        }
        if (undurable) {
            directory.force();
        }
        if (freed > 0) {
            lock.lock();
            try {
                diskBytes -= freed;
                signalFirstWaiter();
            } finally {
                lock.unlock();
            }
        }
    }

    private void countFsync() {
        lock.lock();
        try {
            fsyncCount++;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(Throwable cause, List<Item> batch) {
        List<Item> lost;
        lock.lock();
        try {
            failure = cause;
            lost = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
            pendingEntries = 0;
            wakeAllLocked();
        } finally {
            lock.unlock();
        }
        SluiceSqlException error = new SluiceSqlException(ErrorCode.UNKNOWN_EXCEPTION, "The wal buffer at " + directory.path()
                + " failed to write or fsync (" + cause + "): the entry is buffered in memory but not durable, and may still be written;"
                + " the wal buffer accepts no more entries until the engine restarts", cause);
        for (List<Item> items : List.of(batch, lost)) {
            for (Item item : items) {
                if (item.appended != null) {
                    item.appended.durable.completeExceptionally(error);
                } else if (item.group != null) {
                    item.group[0].durable.completeExceptionally(error);
                }
            }
        }
        LOG.error("Sluice WAL {} stopped after a failed write or fsync", directory.path(), cause);
    }

    private static void closeChannel(Segment segment) {
        if (segment.channel != null) {
            try {
                segment.channel.close();
            } catch (IOException e) {
                // Everything it held was forced already, or the writer failed and said so.
            }
            segment.channel = null;
        }
    }

    @Override
    public String toString() {
        return "WalBuffer[" + directory.path() + ", " + settings.fsync().settingValue() + "]";
    }
}
