package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a server target's connections go, with and without {@code --latency-ms}. Opening a server target checks
 * its driver and starts the proxy, but connects to no server, so these run without one.
 */
class BenchTargetTest {
    private static final BenchTarget.Spec POSTGRES = new BenchTarget.Spec(BenchTarget.Kind.POSTGRESQL, "postgresql://127.0.0.1:5432/test?user=postgres");
    private static final BenchTarget.Spec MARIADB = new BenchTarget.Spec(BenchTarget.Kind.MARIADB, "mariadb://127.0.0.1:3306/test?user=root&password=");

    @Test
    void withALatencyEveryUrlOfTheRunReachesTheProxy() throws Exception {
        for (BenchTarget.Spec spec : new BenchTarget.Spec[] {POSTGRES, MARIADB}) {
            BenchTarget target = BenchTarget.open(spec, "memory", Map.of(), 3);
            int port;
            try {
                String network = target.describeNetwork();
                assertThat(network).startsWith("every connection through a proxy adding 3 ms each way (6 ms round trip), 127.0.0.1:")
                        .endsWith(" in front of 127.0.0.1:" + (spec == POSTGRES ? 5432 : 3306));
                String proxy = network.substring(network.indexOf("127.0.0.1:"), network.indexOf(" in front of"));
                port = Integer.parseInt(proxy.substring("127.0.0.1:".length()));
                String reached = spec.target().replaceFirst("127\\.0\\.0\\.1:[0-9]+", proxy);

                assertThat(target.engineTarget()).isEqualTo(reached);
                assertThat(target.baselineUrl()).isEqualTo("jdbc:" + reached);
                assertThat(target.sluiceUrl(Map.of("wait_for_async_insert", "1"))).startsWith("jdbc:sluice:" + reached + "&")
                        .contains("wait_for_async_insert=1");
                // what the run prints is the server's own address
                assertThat(target.describe()).startsWith(spec.shown() + " (tables sluice_bench_");
                assertThat(canConnect(port)).as("the proxy listens").isTrue();
            } finally {
                target.cleanUp(false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                target.close();
            }
            assertThat(canConnect(port)).as("the proxy stopped with the target").isFalse();
        }
    }

    @Test
    void withoutALatencyTheUrlsReachTheServer() throws Exception {
        BenchTarget target = BenchTarget.open(POSTGRES, "memory", Map.of(), 0);
        try {
            assertThat(target.describeNetwork()).isNull();
            assertThat(target.engineTarget()).isEqualTo(POSTGRES.target());
            assertThat(target.baselineUrl()).isEqualTo("jdbc:" + POSTGRES.target());
            assertThat(URI.create(target.sluiceUrl(Map.of()).substring("jdbc:sluice:".length())).getPort()).isEqualTo(5432);
        } finally {
            target.cleanUp(false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            target.close();
        }
    }

    @Test
    void sqliteHasNoNetworkToDelay() {
        assertThatThrownBy(() -> BenchTarget.open(BenchTarget.Spec.temporarySqlite(), "memory", Map.of(), 1))
                .isInstanceOf(UsageException.class).hasMessageContaining("--latency-ms");
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
