package io.sluice.plugin.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real JVM that appends to the WAL, and checks that every acknowledged entry survives. */
@Timeout(120)
class WalCrashTest {
    private static final Pattern ACK = Pattern.compile("ACK (\\S+) (\\S+:\\d+) END");
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @DisplayName("every entry acknowledged before a SIGKILL is recovered exactly once, with its ledger id and data")
    void killMidStream() throws Exception {
        Random random = new Random(20260101);
        Map<String, String> acked = new HashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int ackedBefore = acked.size();
            Process child = start("append", dir.toString(), Integer.toString(round), "4");
            int killAfter = 200 + random.nextInt(600);
            int recoveredByChild = -1;
            List<String> errors = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int acksThisRound = 0;
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher ack = ACK.matcher(line);
                    if (ack.matches()) {
                        assertThat(acked.put(ack.group(1), ack.group(2))).as("acknowledged twice: %s", line).isNull();
                        if (++acksThisRound == killAfter) {
                            // SIGKILL: no shutdown hook, no close(), whatever the writer was doing. Through the
                            // handle, so that the acknowledgements already in the pipe can still be read.
                            child.toHandle().destroyForcibly();
                        }
                    } else if (line.startsWith("RECOVERED ")) {
                        recoveredByChild = Integer.parseInt(line.substring("RECOVERED ".length()));
                    } else if (line.startsWith("ERROR")) {
                        errors.add(line);
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            System.out.println("round " + round + ": killed after " + killAfter + " acknowledgements, " + acked.size()
                    + " acknowledged in all, the child recovered " + recoveredByChild);
            assertThat(errors).isEmpty();
            assertThat(recoveredByChild).as("round %d recovered at least what earlier rounds acknowledged", round)
                    .isGreaterThanOrEqualTo(ackedBefore);
        }
        assertThat(acked.size()).isGreaterThanOrEqualTo(ROUNDS * 200);

        try (WalBuffer wal = WalTesting.open(dir)) {
            List<BufferEntry> recovered = wal.recover();
            Map<String, Integer> seen = new HashMap<>();
            for (BufferEntry entry : recovered) {
                seen.merge(entry.queryId(), 1, Integer::sum);
                String values = WalCrashChild.values(entry.queryId());
                assertThat(entry.data().substring(entry.dataStart())).as("data of %s", entry.queryId()).isEqualTo(values);
                assertThat(entry.bytes()).isEqualTo(values.length());
            }
            assertThat(seen.values()).as("no entry recovered twice").allMatch(count -> count == 1);
            Set<String> missing = new LinkedHashSet<>(acked.keySet());
            missing.removeAll(seen.keySet());
            assertThat(missing).as("acknowledged but lost").isEmpty();
            for (BufferEntry entry : recovered) {
                String ledgerId = acked.get(entry.queryId());
                if (ledgerId != null) {
                    assertThat(wal.ledgerId(entry)).as("ledger id of %s", entry.queryId()).isEqualTo(ledgerId);
                }
            }
            assertThat(recovered.stream().map(wal::ledgerId)).doesNotHaveDuplicates();
            System.out.println("recovered " + recovered.size() + " entries; " + wal.recoveryReport().notes());
            // Only a torn tail can be explained by a kill; corruption in the middle would be a bug.
            assertThat(wal.recoveryReport().notes()).allMatch(note -> note.kind() == WalRecoveryReport.Kind.TORN_TAIL);
        }
    }

    /** Tries to open {@code dir} from another JVM; returns the child's one line of output. */
    static String openInChildProcess(Path dir) throws IOException, InterruptedException {
        Process child = start("lock", dir.toString());
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return line;
    }

    private static Process start(String... args) throws IOException {
        String classPath = String.join(File.pathSeparator, location(WalCrashChild.class), location(WalBufferPlugin.class),
                location(Buffer.class));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, WalCrashChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
