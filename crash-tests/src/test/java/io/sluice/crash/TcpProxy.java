package io.sluice.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a real server (PostgreSQL), that fails on command the way a
 * network or a database does:
 * <ul>
 *   <li>{@link #refuse()}: stops listening, so new connections are refused (the database is down);
 *   <li>{@link #drop()}: closes every open connection at once (the database restarted, a link broke);
 *   <li>{@link #stall()}: keeps every connection open but forwards no byte in either direction, and accepts
 *       new connections without forwarding them either (a partition: the peer never answers);
 *   <li>{@link #pass()}: listens and forwards again, releasing what a stall held back.
 * </ul>
 * Thread-safe. Two threads per open connection, daemon.
 */
final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile ServerSocket server;
    private volatile boolean stalled;
    private volatile boolean closed;

    TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        ServerSocket first = listen(0);
        this.port = first.getLocalPort();
        startAccepting(first);
    }

    /** The loopback port clients connect to. */
    int port() {
        return port;
    }

    /** Stops listening: new connections are refused. Open ones stay. */
    synchronized void refuse() throws IOException {
        ServerSocket current = server;
        server = null;
        if (current != null) {
            current.close();
        }
    }

    /** Closes every open connection, both sides. */
    void drop() {
        for (Link link : links) {
            link.close();
        }
    }

    /** Holds every byte in both directions, on open and new connections alike, until {@link #pass()}. */
    void stall() {
        stalled = true;
    }

    /** Listens (on the same port) and forwards again. */
    synchronized void pass() throws IOException {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
        if (server == null && !closed) {
            startAccepting(listen(port));
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        return socket;
    }

    private void startAccepting(ServerSocket socket) {
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return;
            }
            Socket target = new Socket();
            try {
                target.connect(upstream, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(target);
                continue;
            }
            Link link = new Link(client, target);
            links.add(link);
            if (socket.isClosed()) {
                // refuse() ran while this connection was being set up, and a drop() may already have passed over
                // it: it is refused too, so that no connection outlives an outage by racing it.
                link.close();
                return;
            }
            link.start();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        refuse();
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
        drop();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }

    /** One proxied connection: a pump each way. */
    private final class Link {
        private final Socket client;
        private final Socket target;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            pump(client, target, "up");
            pump(target, client, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    while (true) {
                        awaitFlowing();
                        int read = in.read(buffer);
                        if (read < 0) {
                            break;
                        }
                        // Bytes read just before a stall are held too.
                        awaitFlowing();
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                } catch (SocketException e) {
                    // Dropped, or the peer went away.
                } catch (IOException | InterruptedException e) {
                    // As above: the link is over.
                } finally {
                    close();
                }
            }, "tcp-proxy-" + port + "-" + direction);
            thread.setDaemon(true);
            thread.start();
        }

        private void awaitFlowing() throws InterruptedException {
            synchronized (gate) {
                while (stalled) {
                    gate.wait();
                }
            }
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(target);
        }
    }
}
