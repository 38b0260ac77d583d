package io.sluice.crash;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough of a database's wire protocol for {@link TcpProxy} to cut messages apart, spot the client's
 * COMMIT and tell which server messages answer it: PostgreSQL's (protocol 3) and MariaDB's (client/server
 * protocol, without TLS or compression). Each connection gets a {@link Conversation} of its own.
 */
enum WireProtocol {
    /**
     * PostgreSQL: after the untyped startup (and SSL or GSS requests, each answered by one untyped byte), typed
     * messages {@code type, int32 length, body}. A commit is a simple query {@code Q 'COMMIT'}, or (pgjdbc's way)
     * a {@code Bind} of a statement parsed as COMMIT, followed by {@code Sync}; or a {@code Bind} of Sluice's
     * statement that records a part's ledger ids with its rows ({@code WITH sluice_recorded AS …}) outside a
     * transaction (no BEGIN since the last COMMIT or ROLLBACK): run with autocommit on, it commits by itself. The
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
     * is {@code COM_QUERY} (0x03) with the text COMMIT, or a multi-statement whose last statement is COMMIT. Every
     * command but a few is answered, starting with a server packet of {@code seq} 1; a commit's answer is an OK or
     * ERR packet for each statement, the last one an ERR or an OK without "more results".
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
        return isStatement(sql, "COMMIT");
    }

    private static boolean isStatement(String sql, String keyword) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.toUpperCase(Locale.ROOT).equals(keyword);
    }

    /** A multi-statement (MariaDB) whose last statement is COMMIT: Sluice's one-round-trip write of a small part. */
    static boolean endsWithCommit(String sql) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        int last = text.lastIndexOf(';');
        return last >= 0 && isCommit(text.substring(last + 1));
    }

    /** Sluice's statement that records a part's ledger ids with its rows (PostgreSQL): a commit when outside a transaction. */
    static boolean recordsWithRows(String sql) {
        return sql.stripLeading().startsWith("WITH sluice_recorded AS (INSERT INTO ");
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
        /** What each prepared statement the client parsed is, by name (pgjdbc's S_n, or "" for the unnamed one). */
        private final Map<String, Kind> statements = new HashMap<>();
        /** Whether the client began a transaction (BEGIN) and has not ended it yet. */
        private boolean inTransaction;
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
                    run(Kind.of(cstring(message, 5, end)));
                    boolean commit = commitPending;
                    commitPending = false;
                    return commit ? syncs : 0;
                }
                case 'P' -> {
                    String name = cstring(message, 5, end);
                    statements.put(name, Kind.of(cstring(message, end[0], end)));
                }
                case 'B' -> {
                    cstring(message, 5, end);
                    run(statements.getOrDefault(cstring(message, end[0], end), Kind.OTHER));
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

        /** A statement of {@code kind} runs: follows the client's transaction, and notes a commit. */
        private void run(Kind kind) {
            switch (kind) {
                case BEGIN -> inTransaction = true;
                case COMMIT -> {
                    inTransaction = false;
                    commitPending = true;
                }
                case ROLLBACK -> inTransaction = false;
                case RECORDS_WITH_ROWS -> commitPending |= !inTransaction;
                case OTHER -> {
                    // Neither begins nor ends a transaction.
                }
            }
        }

        /** What a statement is, as far as commits go. */
        private enum Kind {
            BEGIN, COMMIT, ROLLBACK, RECORDS_WITH_ROWS, OTHER;

            static Kind of(String sql) {
                if (isCommit(sql)) {
                    return COMMIT;
                }
                if (isStatement(sql, "BEGIN") || isStatement(sql, "START TRANSACTION")) {
                    return BEGIN;
                }
                if (isStatement(sql, "ROLLBACK")) {
                    return ROLLBACK;
                }
                return recordsWithRows(sql) ? RECORDS_WITH_ROWS : OTHER;
            }
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
            String sql = command == COM_QUERY ? new String(packet, 5, packet.length - 5, StandardCharsets.UTF_8) : "";
            boolean commit = isCommit(sql) || endsWithCommit(sql);
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

        /** OK packets' status flag: another statement's result follows (a multi-statement's). */
        private static final int SERVER_MORE_RESULTS_EXIST = 0x0008;

        @Override
        public boolean endsAnswer(byte[] packet) {
            // A commit's answer: an OK (0x00) or ERR (0xff) packet per statement, up to an ERR or an OK without more results.
            if (packet.length < 5 || (packet[4] & 0xff) != 0x00) {
                return true;
            }
            int at = skipLengthEncoded(packet, skipLengthEncoded(packet, 5));
            int status = at + 1 < packet.length ? (packet[at] & 0xff) | ((packet[at + 1] & 0xff) << 8) : 0;
            return (status & SERVER_MORE_RESULTS_EXIST) == 0;
        }

        /** The index after the length-encoded integer at {@code at}. */
        private static int skipLengthEncoded(byte[] packet, int at) {
            if (at >= packet.length) {
                return at;
            }
            int first = packet[at] & 0xff;
            return at + (first < 0xfb ? 1 : first == 0xfc ? 3 : first == 0xfd ? 4 : first == 0xfe ? 9 : 1);
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
