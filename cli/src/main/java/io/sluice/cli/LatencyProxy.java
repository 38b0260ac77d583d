package io.sluice.cli;

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
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on a loopback port in front of a database server that delays every chunk of bytes by a fixed
 * time in each direction: what {@code sluice bench --latency-ms N} puts between the bench and its target, so
 * that a server on this machine answers as if it were across a network.
 *
 * <p>Each proxied connection has a delay line per direction: a reader thread reads whatever bytes have arrived,
 * stamps the chunk with its arrival time and queues it; a writer thread sends each chunk, in order, once its
 * arrival time plus the delay has passed. Chunks in flight overlap, so the delay adds latency without limiting
 * throughput (many small writes are not held to one per delay). A closed direction (end of stream) is passed
 * on as a half-close after the same delay; an error on either side closes the connection both ways. Each
 * direction queues at most {@value #QUEUED_BYTES} bytes, past which its reader waits (back-pressure instead of
 * unbounded memory). The TCP handshake itself is not delayed.
 *
 * <p>Thread-safe. Four daemon threads per open connection and one accepting; {@link #close()} ends them all.
 */
final class LatencyProxy implements AutoCloseable {
    static final int QUEUED_BYTES = 8 * 1024 * 1024;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger linkNumbers = new AtomicInteger();
    private volatile boolean closed;

    private LatencyProxy(InetSocketAddress upstream, long delayNanos, ServerSocket server) {
        this.upstream = upstream;
        this.delayNanos = delayNanos;
        this.server = server;
    }

    /**
     * Listens on an ephemeral loopback port and forwards each connection to {@code host:port} (resolved at each
     * connection), every chunk of bytes delayed by {@code delayMillis} each way.
     */
    static LatencyProxy start(String host, int port, long delayMillis) throws IOException {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative delay " + delayMillis);
        }
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_000);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        LatencyProxy proxy = new LatencyProxy(InetSocketAddress.createUnresolved(host, port), delayMillis * 1_000_000L, server);
        Thread acceptor = new Thread(proxy::accept, "sluice-latency-proxy-" + proxy.port() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** The loopback port clients connect to. */
    int port() {
        return server.getLocalPort();
    }

    /** {@code HOST:PORT} of the proxy, for a URL. */
    String address() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /** How long each chunk waits, each way. */
    long delayMillis() {
        return delayNanos / 1_000_000L;
    }

    /** {@code HOST:PORT} of the server behind it. */
    String upstream() {
        return upstream.getHostString() + ":" + upstream.getPort();
    }

    /** Connections open through the proxy now. */
    int openConnections() {
        return links.size();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // a failed accept (e.g. too many open files for a moment) does not end the proxy
            }
            Link link = new Link(client, linkNumbers.incrementAndGet());
            links.add(link);
            if (closed) {
                link.close(); // close() may have passed over it
                return;
            }
            link.start();
        }
    }

    /** Stops listening and closes every open connection, both sides. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
        for (Link link : links) {
            link.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /** A chunk of bytes and when it may leave; {@code bytes == null} is the end of the stream. */
    private record Chunk(byte[] bytes, long dueNanos) {}

    /** One proxied connection: the client's socket, the server's, and a delay line each way. */
    private final class Link {
        private final Socket client;
        private final Socket server = new Socket();
        private final String name;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger directionsEnded = new AtomicInteger();
        private volatile boolean linkClosed;

        Link(Socket client, int number) {
            this.client = client;
            this.name = "sluice-latency-proxy-" + port() + "-" + number;
        }

        /** Connects to the server on a thread of its own (the accepting thread goes on), then starts the lines. */
        void start() {
            DelayLine up = new DelayLine(client, server);
            DelayLine down = new DelayLine(server, client);
            Thread upReader = thread("up-read", () -> {
                server.connect(new InetSocketAddress(upstream.getHostString(), upstream.getPort()), CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (threads) {
                    if (linkClosed) {
                        return;
                    }
                    thread("up-write", up::write).start();
                    thread("down-read", down::read).start();
                    thread("down-write", down::write).start();
                }
                up.read();
            });
            upReader.start();
        }

        private Thread thread(String direction, Pump body) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (IOException | InterruptedException e) {
                    close(); // the peer went away, or the proxy closes: the connection is over
                } catch (RuntimeException | Error e) {
                    close();
                    throw e;
                }
            }, name + "-" + direction);
            thread.setDaemon(true);
            synchronized (threads) {
                threads.add(thread);
            }
            return thread;
        }

        /** One direction ended cleanly; when both have, the connection is over. */
        void ended() {
            if (directionsEnded.incrementAndGet() == 2) {
                close();
            }
        }

        void close() {
            List<Thread> started;
            synchronized (threads) {
                if (linkClosed) {
                    return;
                }
                linkClosed = true;
                started = List.copyOf(threads);
            }
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
            Thread current = Thread.currentThread();
            for (Thread thread : started) {
                if (thread != current) {
                    thread.interrupt(); // a writer waiting for a chunk, a reader waiting for room
                }
            }
        }

        /** One direction: bytes read from {@code from} leave for {@code to} after the delay, in order. */
        private final class DelayLine {
            private final Socket from;
            private final Socket to;
            private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
            private final Semaphore room = new Semaphore(QUEUED_BYTES);

            DelayLine(Socket from, Socket to) {
                this.from = from;
                this.to = to;
            }

            void read() throws IOException, InterruptedException {
                InputStream in = from.getInputStream();
                byte[] buffer = new byte[CHUNK_BYTES];
                while (true) {
                    int read = in.read(buffer);
                    long due = System.nanoTime() + delayNanos;
                    if (read < 0) {
                        chunks.put(new Chunk(null, due));
                        return;
                    }
                    room.acquire(read);
                    chunks.put(new Chunk(Arrays.copyOf(buffer, read), due));
                }
            }

            void write() throws IOException, InterruptedException {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = chunks.take();
                    waitUntil(chunk.dueNanos());
                    if (chunk.bytes() == null) {
                        to.shutdownOutput();
                        ended();
                        return;
                    }
                    out.write(chunk.bytes());
                    room.release(chunk.bytes().length);
                }
            }

            private static void waitUntil(long dueNanos) throws InterruptedException {
                long left;
                while ((left = dueNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface Pump {
        void run() throws IOException, InterruptedException;
    }
}
