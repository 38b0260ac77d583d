package io.sluice.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a {@link CrashChild} (or {@link ShutdownChild}) process's stdout on a thread of its own: its
 * acknowledgements go into an {@link IdSet}, its other lines into counters and lists. Kills the child when
 * a phase it was {@linkplain #arm armed} for shows up. The lists and counters are complete once the thread
 * ended ({@link #join}).
 */
final class ChildReader extends Thread {
    private final Process child;
    private final IdSet acked;
    private final AtomicReference<String> armed = new AtomicReference<>();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final CompletableFuture<Long> recovered = new CompletableFuture<>();
    private final CompletableFuture<Long> firstAck = new CompletableFuture<>();
    private final CompletableFuture<Void> exiting = new CompletableFuture<>();
    long ackedInserts;
    long errors;
    final List<String> errorSamples = new ArrayList<>();
    /** Lines that break the protocol, and acknowledgements of an id given twice. */
    final List<String> fatal = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long deadLetters;

    /** Starts reading; acknowledged ids go into {@code acked}, which only this thread touches until it ends. */
    ChildReader(Process child, IdSet acked) {
        super("crash-child-reader-" + child.pid());
        setDaemon(true);
        this.child = child;
        this.acked = acked;
        start();
    }

    /** Kills the child with SIGKILL (once). */
    void kill() {
        if (killed.compareAndSet(false, true)) {
            // Through the handle: Process.destroyForcibly() would also close the pipe, and the acknowledgements
            // still in it would be lost to the check.
            child.toHandle().destroyForcibly();
        }
    }

    boolean killed() {
        return killed.get();
    }

    /** Kills the child as soon as it prints {@code phase} (an {@link AnnouncingStoragePlugin} line); null disarms. */
    void arm(String phase) {
        armed.set(phase);
    }

    /** The child's recovery time in ms, or -1 when it ended first. */
    long awaitRecoveredOrExit(long limitSeconds) throws Exception {
        try {
            return CompletableFuture.anyOf(recovered, child.onExit().thenApply(p -> -1L)).thenApply(v -> (Long) v)
                    .get(limitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new AssertionError("The child did not recover within " + limitSeconds + " s");
        }
    }

    /** When the first acknowledgement arrived ({@link System#nanoTime()}), or -1 after {@code millis} without one. */
    long awaitFirstAck(long millis) throws Exception {
        try {
            return firstAck.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return -1;
        }
    }

    /** Completes when the child says it is about to exit ({@code EXITING}), or when its output ends. */
    CompletableFuture<Void> exiting() {
        return exiting;
    }

    @Override
    public void run() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                take(line);
            }
        } catch (IOException e) {
            fatal.add("reading the child's output failed: " + e);
        } finally {
            recovered.complete(-1L);
            firstAck.complete(-1L);
            exiting.complete(null);
        }
    }

    private void take(String line) {
        if (line.startsWith("A ")) {
            int space = line.indexOf(' ', 2);
            long first = Long.parseLong(line.substring(2, space));
            int rows = Integer.parseInt(line.substring(space + 1));
            for (int r = 0; r < rows; r++) {
                if (!acked.add(first + r)) {
                    fatal.add("id " + (first + r) + " acknowledged twice");
                }
            }
            if (ackedInserts++ == 0) {
                firstAck.complete(System.nanoTime());
            }
        } else if (line.startsWith("P ")) {
            String phase = armed.get();
            if (line.equals(phase) && armed.compareAndSet(phase, null)) {
                kill();
            }
        } else if (line.startsWith("E ")) {
            errors++;
            if (errorSamples.size() < 5) {
                errorSamples.add(line);
            }
        } else if (line.startsWith("RECOVERED ")) {
            recovered.complete(Long.parseLong(line.substring("RECOVERED ".length())));
        } else if (line.startsWith("NOTE ")) {
            notes.add(line.substring("NOTE ".length()));
        } else if (line.startsWith("DEADLETTERS ")) {
            deadLetters += Long.parseLong(line.substring("DEADLETTERS ".length()));
        } else if (line.equals("EXITING")) {
            exiting.complete(null);
        } else {
            fatal.add(line);
        }
    }
}
