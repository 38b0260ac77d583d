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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port in front of a real server (PostgreSQL, MariaDB), that fails on command the way a
 * network or a database does:
 * <ul>
 *   <li>{@link #refuse()}: stops listening, so new connections are refused (the database is down);
 *   <li>{@link #drop()}: closes every open connection at once (the database restarted, a link broke);
 *   <li>{@link #stall()}: keeps every connection open but forwards no byte in either direction, and accepts
 *       new connections without forwarding them either (a partition: the peer never answers);
 *   <li>{@link #pass()}: listens and forwards again, releasing what a stall held back;
 *   <li>{@link #loseCommitAnswers}: (a proxy that knows the server's {@link WireProtocol}) forwards a client's
 *       COMMIT, lets the server commit, then swallows the server's answer and cuts the connection: the
 *       transaction is committed and the client only sees its connection die.
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
    /** Null for a proxy that forwards bytes without reading them. */
    private final WireProtocol protocol;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong answersLost = new AtomicLong();
    private volatile long loseEvery;
    private volatile long loseAtMost;
    private final AtomicLong losing = new AtomicLong();

    TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this(upstreamHost, upstreamPort, null);
    }

    /** A proxy that reads {@code protocol}'s messages, so that it can {@link #loseCommitAnswers lose COMMIT answers}. */
    TcpProxy(String upstreamHost, int upstreamPort, WireProtocol protocol) throws IOException {
        this.protocol = protocol;
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

    /**
     * From now on, swallows the answer to every {@code every}-th COMMIT the clients send (counted over all
     * connections), at most {@code atMost} times: the COMMIT reaches the server, the server's whole answer is
     * read and dropped, then both sides of that connection are closed. {@code every = 0} stops it.
     */
    void loseCommitAnswers(long every, long atMost) {
        if (protocol == null) {
            throw new IllegalStateException("This proxy forwards bytes without reading them: give it a WireProtocol");
        }
        loseAtMost = atMost;
        losing.set(0);
        loseEvery = every;
    }

    /**
     * The local ports of the proxy's open connections to the server: how the server names them
     * ({@code pg_stat_activity.client_port}, the port in MariaDB's {@code processlist.host}).
     */
    Set<Integer> upstreamPorts() {
        Set<Integer> ports = new java.util.HashSet<>();
        for (Link link : links) {
            ports.add(link.target.getLocalPort());
        }
        return ports;
    }

    /** COMMITs the clients sent through this proxy so far (a proxy with a {@link WireProtocol} only). */
    long commits() {
        return commits.get();
    }

    /** COMMIT answers swallowed so far: each a transaction the server finished and its client never heard of. */
    long answersLost() {
        return answersLost.get();
    }

    /** Whether the COMMIT just seen is one whose answer gets lost. */
    private boolean chooseToLose() {
        long number = commits.incrementAndGet();
        long every = loseEvery;
        if (every <= 0 || number % every != 0) {
            return false;
        }
        return losing.incrementAndGet() <= loseAtMost;
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
            try {
                // A proxy that reads messages writes them one by one: without this, Nagle's algorithm holds each small
                // write until the previous one is acknowledged (tens of ms per message of a pipelined protocol).
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
            } catch (SocketException e) {
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

    @FunctionalInterface
    private interface Pump {
        void run() throws IOException, InterruptedException;
    }

    /** One proxied connection: a pump each way. */
    private final class Link {
        private final Socket client;
        private final Socket target;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        /** The answer (numbered by the conversation) to swallow before cutting the link; 0 for none. */
        private volatile long swallowed;

        void start() {
            if (protocol == null) {
                pump(client, target, "up");
                pump(target, client, "down");
            } else {
                WireProtocol.Conversation conversation = protocol.open();
                run("up", () -> forwardClient(conversation));
                run("down", () -> forwardServer(conversation));
            }
        }

        private void forwardClient(WireProtocol.Conversation conversation) throws IOException, InterruptedException {
            InputStream in = client.getInputStream();
            OutputStream out = target.getOutputStream();
            byte[] message;
            while ((message = conversation.readClient(in)) != null) {
                long answer = conversation.commitAnswer(message);
                // Decided before the COMMIT leaves: its answer may come back at once.
                if (answer > 0 && chooseToLose()) {
                    swallowed = answer;
                }
                awaitFlowing();
                out.write(message);
                out.flush();
            }
        }

        private void forwardServer(WireProtocol.Conversation conversation) throws IOException, InterruptedException {
            InputStream in = target.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] message;
            while ((message = conversation.readServer(in)) != null) {
                long answer = conversation.answerOf(message);
                if (answer == swallowed && answer > 0) {
                    if (conversation.endsAnswer(message)) {
                        // The server has answered: the transaction is over, committed. The client learns nothing.
                        answersLost.incrementAndGet();
                        return;
                    }
                    continue;
                }
                awaitFlowing();
                out.write(message);
                out.flush();
            }
        }

        /** A pump thread that closes the link when it ends, however it ends. */
        private void run(String direction, Pump body) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (IOException | InterruptedException e) {
                    // Dropped, or the peer went away: the link is over.
                } finally {
                    close();
                }
            }, "tcp-proxy-" + port + "-" + direction);
            thread.setDaemon(true);
            thread.start();
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
