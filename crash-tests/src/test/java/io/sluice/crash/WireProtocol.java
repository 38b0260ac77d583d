package io.sluice.crash;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough of a database's wire protocol for {@link TcpProxy} to cut messages apart, spot the client's
 * COMMIT and tell which server messages answer it: PostgreSQL's (protocol 3) and MariaDB's (client/server
 * protocol, without TLS or compression). Each connection gets a {@link Conversation} of its own.
 */
enum WireProtocol {
    /**
     * PostgreSQL: after the untyped startup (and SSL or GSS requests, each answered by one untyped byte), typed
     * messages {@code type, int32 length, body}. A commit is a simple query {@code Q 'COMMIT'}, or (pgjdbc's way)
     * {@code Parse 'COMMIT'} or a {@code Bind} of a statement parsed as COMMIT, followed by {@code Sync}. The
     * answer to the n-th {@code Sync} or {@code Q} ends with the n-th {@code ReadyForQuery} ({@code Z}).
     */
    POSTGRESQL {
        @Override
        Conversation open() {
            return new Postgres();
        }
    },
    /**
     * MariaDB: packets {@code int24 length, seq, payload}. A command is a client packet with {@code seq} 0; a commit
     * is {@code COM_QUERY} (0x03) with the text COMMIT. Every command but a few is answered, starting with a
     * server packet of {@code seq} 1; COMMIT's answer is one OK or ERR packet.
     */
    MARIADB {
        @Override
        Conversation open() {
            return new MariaDb();
        }
    };

    abstract Conversation open();

    /**
     * One connection's state in both directions. The client's side is read by one thread and the server's by
     * another: what they share is volatile.
     */
    interface Conversation {
        /** The client's next message, whole, or null at the end of the stream. */
        byte[] readClient(InputStream in) throws IOException;

        /**
         * Called for every client message before it is forwarded: the number of the answer that tells the client
         * whether the commit it completes went through (1 for the first answer of the conversation), or 0.
         */
        long commitAnswer(byte[] message);

        /** The server's next message, whole, or null at the end of the stream. */
        byte[] readServer(InputStream in) throws IOException;

        /** Called for every server message: the number of the answer it belongs to (answers count from 1). */
        long answerOf(byte[] message);

        /** Whether {@code message}, of the answer {@link #answerOf} just gave, is that answer's last. */
        boolean endsAnswer(byte[] message);
    }

    static boolean isCommit(String sql) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.toUpperCase(Locale.ROOT).equals("COMMIT");
    }

    private static byte[] readFully(InputStream in, byte[] header, int bodyLength) throws IOException {
        byte[] message = new byte[header.length + bodyLength];
        System.arraycopy(header, 0, message, 0, header.length);
        new DataInputStream(in).readFully(message, header.length, bodyLength);
        return message;
    }

    /** Fills {@code header}; false at a clean end of the stream before its first byte. */
    private static boolean readHeader(InputStream in, byte[] header) throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        header[0] = (byte) first;
        try {
            new DataInputStream(in).readFully(header, 1, header.length - 1);
        } catch (EOFException e) {
            return false;
        }
        return true;
    }

    private static int int32(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
    }

    /** The NUL-terminated string at {@code at}; {@code end[0]} receives the index after its NUL. */
    private static String cstring(byte[] bytes, int at, int[] end) {
        int stop = at;
        while (stop < bytes.length && bytes[stop] != 0) {
            stop++;
        }
        end[0] = stop + 1;
        return new String(bytes, at, stop - at, StandardCharsets.UTF_8);
    }

    private static final class Postgres implements Conversation {
        private static final int SSL_REQUEST = 80877103;
        private static final int GSS_REQUEST = 80877104;

        /** Client side only. */
        private boolean clientStarted;
        private final Set<String> commitStatements = new HashSet<>();
        private boolean commitPending;
        private long syncs;
        /** Untyped one-byte answers to SSL or GSS requests the server still owes. */
        private volatile int negotiationBytes;
        /** Server side only. */
        private long readyForQuery;

        @Override
        public byte[] readClient(InputStream in) throws IOException {
            if (!clientStarted) {
                byte[] length = new byte[4];
                if (!readHeader(in, length)) {
                    return null;
                }
                byte[] message = readFully(in, length, int32(length, 0) - 4);
                int code = int32(message, 4);
                if (code == SSL_REQUEST || code == GSS_REQUEST) {
                    negotiationBytes++;
                } else {
                    clientStarted = true;
                    // The startup is answered like a Sync: its answer ends with the first ReadyForQuery.
                    syncs++;
                }
                return message;
            }
            byte[] header = new byte[5];
            if (!readHeader(in, header)) {
                return null;
            }
            return readFully(in, header, int32(header, 1) - 4);
        }

        @Override
        public long commitAnswer(byte[] message) {
            // An untyped startup or SSL request begins with its length's high byte, 0: no type below.
            int[] end = new int[1];
            switch (message[0]) {
                case 'Q' -> {
                    syncs++;
                    boolean commit = commitPending || isCommit(cstring(message, 5, end));
                    commitPending = false;
                    return commit ? syncs : 0;
                }
                case 'P' -> {
                    String name = cstring(message, 5, end);
                    if (isCommit(cstring(message, end[0], end))) {
                        commitStatements.add(name);
                        commitPending = true;
                    } else {
                        commitStatements.remove(name);
                    }
                }
                case 'B' -> {
                    cstring(message, 5, end);
                    commitPending |= commitStatements.contains(cstring(message, end[0], end));
                }
                case 'S' -> {
                    syncs++;
                    boolean commit = commitPending;
                    commitPending = false;
                    return commit ? syncs : 0;
                }
                default -> {
                    // Describe, Execute, Close, Flush, CopyData…: none of them decides a commit.
                }
            }
            return 0;
        }

        @Override
        public byte[] readServer(InputStream in) throws IOException {
            if (negotiationBytes > 0) {
                int answer = in.read();
                if (answer < 0) {
                    return null;
                }
                negotiationBytes--;
                return new byte[] {(byte) answer};
            }
            byte[] header = new byte[5];
            if (!readHeader(in, header)) {
                return null;
            }
            return readFully(in, header, int32(header, 1) - 4);
        }

        @Override
        public long answerOf(byte[] message) {
            long answer = readyForQuery + 1;
            if (message.length >= 5 && message[0] == 'Z') {
                readyForQuery++;
            }
            return answer;
        }

        @Override
        public boolean endsAnswer(byte[] message) {
            return message.length >= 5 && message[0] == 'Z';
        }
    }

    private static final class MariaDb implements Conversation {
        private static final int COM_QUIT = 0x01;
        private static final int COM_QUERY = 0x03;
        private static final int COM_STMT_SEND_LONG_DATA = 0x18;
        private static final int COM_STMT_CLOSE = 0x19;

        private long commands;
        private long answers;

        @Override
        public byte[] readClient(InputStream in) throws IOException {
            return packet(in);
        }

        @Override
        public long commitAnswer(byte[] packet) {
            if (packet[3] != 0 || packet.length < 5) {
                return 0;
            }
            int command = packet[4] & 0xff;
            if (command == COM_QUIT || command == COM_STMT_SEND_LONG_DATA || command == COM_STMT_CLOSE) {
                return 0;
            }
            commands++;
            boolean commit = command == COM_QUERY && isCommit(new String(packet, 5, packet.length - 5, StandardCharsets.UTF_8));
            return commit ? commands : 0;
        }

        @Override
        public byte[] readServer(InputStream in) throws IOException {
            return packet(in);
        }

        @Override
        public long answerOf(byte[] packet) {
            // The handshake's packets never have seq 1; every answer to a command starts with one.
            if (packet[3] == 1) {
                answers++;
            }
            return answers;
        }

        @Override
        public boolean endsAnswer(byte[] packet) {
            // COMMIT's answer is a single OK (0x00) or ERR (0xff) packet.
            return true;
        }

        private static byte[] packet(InputStream in) throws IOException {
            byte[] header = new byte[4];
            if (!readHeader(in, header)) {
                return null;
            }
            int length = (header[0] & 0xff) | ((header[1] & 0xff) << 8) | ((header[2] & 0xff) << 16);
            return readFully(in, header, length);
        }
    }
}
