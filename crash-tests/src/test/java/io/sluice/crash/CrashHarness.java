package io.sluice.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kills {@link CrashChild} processes with SIGKILL, over and over, and checks the target after each one.
 *
 * <p>One round: start a child on the target; it opens the target through Sluice, which replays what the
 * previous child's durable buffer kept, and says {@code RECOVERED} once that replay is written. The harness
 * then checks the target (every acknowledged row present exactly once, no id twice, every INSERT's rows all
 * there or none, every payload intact), sends {@code GO}, and kills the child at a moment chosen by one of
 * the {@link Kill} strategies. After the last round a child in mode {@code verify} replays the last kill's
 * leftovers and exits normally, and the whole table is checked.
 *
 * <p>The acknowledgements are read from the child's stdout pipe, which survives the kill: what the child
 * wrote before it died is still read. Not thread-safe; one run per instance.
 */
final class CrashHarness {
    /** How the child inserts. */
    enum Mode {
        /** The write-ahead log, acknowledged once the entry is fsynced, without waiting for the flush. */
        WAL("async_insert_buffer=wal&wait_for_async_insert=0", 6),
        /** The memory buffer, acknowledged once the flush committed. */
        MEMORY("wait_for_async_insert=1", 16);

        final String settings;
        final int threads;

        Mode(String settings, int threads) {
            this.settings = settings;
            this.threads = threads;
        }
    }

    /** When a child is killed. */
    enum Kill {
        /** At a random moment while inserting: buffering, appending or fsyncing the WAL, flushing. */
        TIMED,
        /** Just after a part write started: rows and ledger ids going in, or the commit running. */
        IN_WRITE,
        /** Just after a part write returned: committed, but not yet released from the buffer nor answered. */
        AFTER_COMMIT,
        /** While the child replays what the previous one left (only when it has something to replay). */
        IN_RECOVERY
    }

    /** What a run found. */
    record Result(String target, Mode mode, int kills, Map<Kill, Integer> killsBy, long ackedInserts, long ackedRows, long rowsInTable,
            long unacknowledgedRowsPresent, long lost, long duplicated, long brokenGroups, long badPayloads, long errors,
            List<String> errorSamples, List<String> fatal, long tornTails, List<String> otherNotes, long deadLetters, long maxRecoveryMillis,
            long seconds, int roundsWithoutAck, List<String> roundProblems) {
        String summary() {
            return String.format("%s/%s: %d kills %s, %d acknowledged INSERTs (%d rows), %d rows in the table (%d unacknowledged),"
                    + " lost %d, duplicated %d, broken INSERTs %d, bad payloads %d, INSERT errors %d, torn WAL tails %d,"
                    + " other recovery notes %d, dead letters %d, slowest recovery %d ms, rounds without an acknowledgement %d, %d s", target,
                    mode, kills, killsBy, ackedInserts, ackedRows, rowsInTable, unacknowledgedRowsPresent, lost, duplicated, brokenGroups,
                    badPayloads, errors, tornTails, otherNotes.size(), deadLetters, maxRecoveryMillis, roundsWithoutAck, seconds);
        }
    }

    private static final long RECOVERY_LIMIT_SECONDS = 300;
    private static final long FALLBACK_KILL_MILLIS = 5_000;

    private final CrashTarget target;
    private final Mode mode;
    private final int kills;
    private final Random random;
    private final long minDelayMillis;
    private final long maxDelayMillis;
    private final Path stderr;
    private final IdSet acked = new IdSet();
    private long ackedInserts;
    private long errors;
    private final List<String> errorSamples = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private final List<String> otherNotes = new ArrayList<>();
    private final List<String> roundProblems = new ArrayList<>();
    private long tornTails;
    private int roundsWithoutAck;
    private long deadLetters;
    private long maxRecoveryMillis;
    private final Map<Kill, Integer> killsBy = new EnumMap<>(Kill.class);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "crash-harness-killer");
        thread.setDaemon(true);
        return thread;
    });

    CrashHarness(CrashTarget target, Mode mode, int kills, long seed, long minDelayMillis, long maxDelayMillis) {
        this.target = target;
        this.mode = mode;
        this.kills = kills;
        this.random = new Random(seed);
        this.minDelayMillis = minDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.stderr = target.directory.resolve("children-" + target.name() + "-" + mode.name().toLowerCase(java.util.Locale.ROOT) + ".log");
    }

    Result run() throws Exception {
        long started = System.nanoTime();
        try {
            target.createTable();
            for (int round = 1; round <= kills; round++) {
                round(round);
            }
            verifyingRound(kills + 1);
            TableCheck finalCheck = check(0);
            return new Result(target.name(), mode, kills, killsBy, ackedInserts, acked.size(), finalCheck.rows(), finalCheck.unacknowledged(),
                    finalCheck.lost(), finalCheck.duplicated(), finalCheck.brokenGroups(), finalCheck.badPayloads(), errors,
                    errorSamples, fatal, tornTails, otherNotes, deadLetters, maxRecoveryMillis,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), roundsWithoutAck, roundProblems);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private String url() {
        return target.sluiceUrl(mode.settings + "&async_insert_storage=" + AnnouncingStoragePlugin.NAME);
    }

    /** The first id of a round's child: rounds never share an id. */
    private static long firstId(int round) {
        return (long) round * 64 * CrashChild.STRIDE;
    }

    private void round(int round) throws Exception {
        Process child = ChildProcess.start(CrashChild.class, stderr, List.of(), "insert", url(), target.table, Long.toString(firstId(round)),
                Integer.toString(mode.threads));
        ChildReader reader = new ChildReader(child, acked);
        List<ScheduledFuture<?>> scheduled = new ArrayList<>();
        try {
            // Kill during the replay of what the previous child left, now and then, when there is one.
            boolean inRecovery = round > 1 && mode == Mode.WAL && random.nextInt(6) == 0;
            if (inRecovery) {
                reader.arm(AnnouncingStoragePlugin.WRITE);
            }
            long recoveredMillis = reader.awaitRecoveredOrExit(RECOVERY_LIMIT_SECONDS);
            reader.arm(null);
            if (reader.killed()) {
                killsBy.merge(Kill.IN_RECOVERY, 1, Integer::sum);
                finishRound(child, reader, round);
                return;
            }
            if (recoveredMillis < 0) {
                finishRound(child, reader, round);
                roundProblems.add("round " + round + ": the child exited with " + child.exitValue() + " before it recovered");
                return;
            }
            maxRecoveryMillis = Math.max(maxRecoveryMillis, recoveredMillis);
            // Rows of the last few children: what this one replayed, and what it must not have doubled.
            TableCheck check = check(firstId(Math.max(1, round - 3)));
            if (!check.clean()) {
                roundProblems.add("round " + round + " after recovery: " + check);
            }
            Kill kill = Kill.values()[random.nextInt(3)];
            killsBy.merge(kill, 1, Integer::sum);
            long delay = minDelayMillis + (long) (random.nextDouble() * (maxDelayMillis - minDelayMillis));
            OutputStream in = child.getOutputStream();
            in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            // The clock starts at the first acknowledgement (or after a while without one): on a loaded machine
            // the first flush can take longer than the whole delay, and a child killed before any acknowledgement
            // tests little.
            long start = reader.awaitFirstAck(FALLBACK_KILL_MILLIS);
            switch (kill) {
                case TIMED -> scheduled.add(scheduler.schedule(reader::kill, delay, TimeUnit.MILLISECONDS));
                case IN_WRITE, AFTER_COMMIT -> {
                    String phase = kill == Kill.IN_WRITE ? AnnouncingStoragePlugin.WRITE : AnnouncingStoragePlugin.COMMITTED;
                    scheduled.add(scheduler.schedule(() -> reader.arm(phase), delay, TimeUnit.MILLISECONDS));
                    scheduled.add(scheduler.schedule(reader::kill, delay + FALLBACK_KILL_MILLIS, TimeUnit.MILLISECONDS));
                }
                default -> throw new IllegalStateException(kill.name());
            }
            if (start < 0) {
                roundsWithoutAck++;
            }
            finishRound(child, reader, round);
        } finally {
            for (ScheduledFuture<?> future : scheduled) {
                future.cancel(false);
            }
            child.toHandle().destroyForcibly();
        }
    }

    /** Waits for the (killed) child to end and takes in everything it said. */
    private void finishRound(Process child, ChildReader reader, int round) throws Exception {
        if (!child.waitFor(RECOVERY_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            reader.kill();
            child.waitFor();
            roundProblems.add("round " + round + ": the child did not end; killed");
        }
        reader.join(TimeUnit.SECONDS.toMillis(60));
        if (!reader.killed()) {
            roundProblems.add("round " + round + ": the child exited by itself with " + child.exitValue());
        }
        absorb(reader);
    }

    private void verifyingRound(int round) throws Exception {
        Process child = ChildProcess.start(CrashChild.class, stderr, List.of(), "verify", url(), target.table, Long.toString(firstId(round)),
                "1");
        ChildReader reader = new ChildReader(child, acked);
        try {
            long recoveredMillis = reader.awaitRecoveredOrExit(RECOVERY_LIMIT_SECONDS);
            maxRecoveryMillis = Math.max(maxRecoveryMillis, recoveredMillis);
            if (!child.waitFor(RECOVERY_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                roundProblems.add("the verifying child did not exit");
            } else if (child.exitValue() != 0) {
                roundProblems.add("the verifying child exited with " + child.exitValue());
            }
            reader.join(TimeUnit.SECONDS.toMillis(60));
            absorb(reader);
        } finally {
            child.toHandle().destroyForcibly();
        }
    }

    private void absorb(ChildReader reader) {
        ackedInserts += reader.ackedInserts;
        errors += reader.errors;
        for (String sample : reader.errorSamples) {
            if (errorSamples.size() < 10) {
                errorSamples.add(sample);
            }
        }
        fatal.addAll(reader.fatal);
        for (String note : reader.notes) {
            if (note.contains("torn record")) {
                tornTails++;
            } else {
                otherNotes.add(note);
            }
        }
        deadLetters += reader.deadLetters;
    }

    /** Checks the rows from id {@code from} on against every acknowledgement so far. */
    TableCheck check(long from) throws SQLException {
        return TableCheck.of(target, acked, from);
    }

    /** The last lines of the children's log, for a failure message. */
    String childLogTail() {
        try {
            List<String> lines = Files.readAllLines(stderr);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no child log: " + e + ")";
        }
    }
}
