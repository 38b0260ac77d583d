package io.sluice.engine.flush;

import io.sluice.spi.Buffer;
import io.sluice.spi.BufferEntry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger id of an entry: what the storage's ledger remembers, in the same transaction as the
 * entry's rows, so that a second write of the same entry is skipped.
 *
 * <ul>
 *   <li>{@code token:<t>} when the entry has an {@code insert_deduplication_token};
 *   <li>{@code hash:<h>} when {@code async_insert_deduplicate} is on: an MD5 of the entry's inline data
 *       as received (or of its typed rows), so the same data sent twice is written once;
 *   <li>{@code entry:<id>} otherwise, when the buffer is durable: its id for the entry, so that replay
 *       after a crash writes every acknowledged entry exactly once.
 * </ul>
 */
final class Deduplication {
    private Deduplication() {}

    /** The entry's ledger id, or null when it needs none. */
    static String ledgerId(BufferEntry entry, boolean deduplicate, Buffer buffer) {
        String token = entry.deduplicationToken();
        if (token != null && !token.isEmpty()) {
            return "token:" + token;
        }
        if (deduplicate) {
            return "hash:" + hash(entry);
        }
        String durable = buffer.ledgerId(entry);
        return durable == null ? null : "entry:" + durable;
    }

    /** An MD5 of the entry's data, in hex. */
    static String hash(BufferEntry entry) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides MD5", e);
        }
        if (entry.rows() == null) {
            digest.update(entry.data().substring(entry.dataStart()).strip().getBytes(StandardCharsets.UTF_8));
        } else {
            StringBuilder text = new StringBuilder();
            for (Object[] row : entry.rows()) {
                text.append('(');
                for (Object value : row) {
                    appendValue(text, value);
                    text.append(',');
                }
                text.append(')');
            }
            digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A value with its type, so that {@code 1} and {@code '1'} hash differently. */
    private static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append('N');
        } else if (value instanceof byte[] bytes) {
            text.append("B").append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof BigDecimal decimal) {
            text.append("D").append(decimal.toPlainString());
        } else {
            String string = value.toString();
            text.append(value.getClass().getSimpleName().charAt(0)).append(string.length()).append(':').append(string);
        }
    }
}
