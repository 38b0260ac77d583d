package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LatencyProxy} in front of a local echo server (or a server that answers by hand). Times are measured
 * with {@link System#nanoTime()} and checked as lower bounds only (a busy machine may always be slower), except
 * that many chunks in flight must not take anywhere near one delay each.
 */
class LatencyProxyTest {
    private static final long MILLIS = 1_000_000L;

    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** A server that sends back every byte it reads, and half-closes when its client does. */
    private ServerSocket echoServer() throws IOException {
        ServerSocket server = listen();
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    closing.add(socket);
                    Thread echo = new Thread(() -> echo(socket), "echo");
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static void echo(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // the client went away
        }
    }

    private ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        closing.add(server);
        return server;
    }

    private LatencyProxy proxy(ServerSocket server, long delayMillis) throws IOException {
        LatencyProxy proxy = LatencyProxy.start("127.0.0.1", server.getLocalPort(), delayMillis);
        closing.add(proxy);
        return proxy;
    }

    private Socket connect(LatencyProxy proxy) throws IOException {
        Socket socket = new Socket();
        closing.add(socket);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        return socket;
    }

    @Test
    void bytesComeBackIntactAndInOrderThroughManyConcurrentConnections() throws Exception {
        LatencyProxy proxy = proxy(echoServer(), 2);
        int connections = 32;
        ExecutorService pool = Executors.newFixedThreadPool(2 * connections);
        try {
            List<Future<byte[]>> echoed = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                byte[] payload = new byte[50_000 + 7_919 * c];
                new Random(c).nextBytes(payload);
                sent.add(payload);
                Socket socket = connect(proxy);
                // one thread writes in writes of many sizes, another reads everything back until the end of stream
                pool.submit(() -> {
                    OutputStream out = socket.getOutputStream();
                    Random sizes = new Random(payload.length);
                    for (int at = 0; at < payload.length; ) {
                        int size = Math.min(payload.length - at, 1 + sizes.nextInt(3_000));
                        out.write(payload, at, size);
                        at += size;
                    }
                    socket.shutdownOutput();
                    return null;
                });
                echoed.add(pool.submit(() -> socket.getInputStream().readAllBytes()));
            }
            for (int c = 0; c < connections; c++) {
                byte[] back = echoed.get(c).get(60, TimeUnit.SECONDS);
                assertThat(Arrays.equals(back, sent.get(c))).as("connection %d: %d bytes sent, %d came back", c,
                        sent.get(c).length, back.length).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // each connection ended cleanly both ways, so the proxy let go of it
        long deadline = System.nanoTime() + 10_000 * MILLIS;
        while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.openConnections()).isZero();
    }

    @Test
    void eachDirectionIsDelayedAtLeastTheDelay() throws Exception {
        long delayMillis = 50;
        ServerSocket server = listen();
        LatencyProxy proxy = proxy(server, delayMillis);
        Socket client = connect(proxy);
        Socket accepted = server.accept();
        closing.add(accepted);
        accepted.setTcpNoDelay(true);
        accepted.setSoTimeout(60_000);

        for (int round = 0; round < 3; round++) {
            long sent = System.nanoTime();
            client.getOutputStream().write(round);
            assertThat(accepted.getInputStream().read()).isEqualTo(round);
            long up = System.nanoTime() - sent;

            long answered = System.nanoTime();
            accepted.getOutputStream().write(100 + round);
            assertThat(client.getInputStream().read()).isEqualTo(100 + round);
            long down = System.nanoTime() - answered;

            assertThat(up).as("client to server, ns").isGreaterThanOrEqualTo(delayMillis * MILLIS);
            assertThat(down).as("server to client, ns").isGreaterThanOrEqualTo(delayMillis * MILLIS);
        }
    }

    @Test
    void manySmallWritesAreInFlightTogetherNotOnePerDelay() throws Exception {
        long delayMillis = 20;
        int chunks = 200;
        LatencyProxy proxy = proxy(echoServer(), delayMillis);
        Socket socket = connect(proxy);
        byte[] back = new byte[chunks];
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> reading = pool.submit(() -> {
                InputStream in = socket.getInputStream();
                for (int at = 0; at < chunks; ) {
                    int read = in.read(back, at, chunks - at);
                    if (read < 0) {
                        throw new IOException("end of stream after " + at + " bytes");
                    }
                    at += read;
                }
                return null;
            });
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < chunks; i++) {
                out.write(i);
                // apart enough that the proxy reads each byte as a chunk of its own
                Thread.sleep(1);
            }
            reading.get(60, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - started;

            for (int i = 0; i < chunks; i++) {
                assertThat(back[i]).isEqualTo((byte) i);
            }
            assertThat(elapsed).as("round trip, ns").isGreaterThanOrEqualTo(2 * delayMillis * MILLIS);
            // one chunk per delay and direction would take at least 200 × 20 ms = 4 s
            assertThat(elapsed).as("200 chunks through a 20 ms proxy, ns").isLessThan(chunks * delayMillis * MILLIS / 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTheProxyClosesItsConnectionsAndStopsListening() throws Exception {
        ServerSocket server = listen();
        LatencyProxy proxy = proxy(server, 5);
        Socket client = connect(proxy);
        Socket accepted = server.accept();
        closing.add(accepted);
        accepted.setSoTimeout(60_000);
        client.getOutputStream().write(1);
        assertThat(accepted.getInputStream().read()).isEqualTo(1);
        assertThat(proxy.openConnections()).isEqualTo(1);

        proxy.close();

        assertThat(accepted.getInputStream().read()).isEqualTo(-1);
        assertThat(readOrReset(client)).isEqualTo(-1);
        assertThat(proxy.openConnections()).isZero();
        assertThatThrownBy(() -> connect(proxy)).isInstanceOf(IOException.class);
        long deadline = System.nanoTime() + 10_000 * MILLIS;
        while (proxyThreads(proxy) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxyThreads(proxy)).as("the proxy's threads after close").isZero();
    }

    @Test
    void aServerThatIsNotThereClosesTheClientsConnection() throws Exception {
        ServerSocket server = listen();
        int port = server.getLocalPort();
        server.close(); // nothing listens there now
        LatencyProxy proxy = LatencyProxy.start("127.0.0.1", port, 1);
        closing.add(proxy);

        Socket client = connect(proxy);

        assertThat(readOrReset(client)).isEqualTo(-1);
    }

    @Test
    void itSaysWhereItListensAndWhatItStandsInFrontOf() throws Exception {
        try (LatencyProxy proxy = LatencyProxy.start("db.example", 5432, 3)) {
            assertThat(proxy.address()).isEqualTo(InetAddress.getLoopbackAddress().getHostAddress() + ":" + proxy.port());
            assertThat(proxy.upstream()).isEqualTo("db.example:5432");
            assertThat(proxy.delayMillis()).isEqualTo(3);
            assertThat(proxy.openConnections()).isZero();
        }
        assertThatThrownBy(() -> LatencyProxy.start("127.0.0.1", 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Reads one byte; a connection reset counts as the end of the stream. */
    private static int readOrReset(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long proxyThreads(LatencyProxy proxy) {
        String prefix = "sluice-latency-proxy-" + proxy.port() + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive()).count();
    }
}
