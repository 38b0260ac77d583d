package io.sluice.plugin.wal;

import io.sluice.spi.BufferEntry;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The WAL's on-disk format. Hot path (every append encodes one record): no reflection, no per-field
 * objects; large strings and byte arrays are not copied but referenced as chunks of the record.
 *
 * <pre>
 * segment file = header record*
 * header       = magic "SLUICWAL" (8 bytes) | format version (int32) | reserved (int32)           16 bytes
 * record       = magic 0x57414C52 "WALR" (int32) | payload length (int32) | CRC32C of payload (int32) | payload
 * payload      = ENTRY   (1) | record id (int64) | sequence (int64) | enqueued epoch micros (int64)
 *                          | data start (int32) | bytes (int32) | key id | query id | deduplication token
 *                          | log comment | data | rows
 *              | RELEASE (2) | count (int32) | record id (int64) * count
 *              | GROUP   (3) | count (int32) | entry body * count   (a transaction's INSERTs: one record, so a
 *                          crash keeps all of them or none)
 * entry body   = the ENTRY payload after its type byte
 * string       = -1 (int32) for null | encoding (int32: 0 UTF-8, 1 UTF-16BE for text with lone surrogates)
 *                followed by byte length (int32) and the bytes
 * rows         = -1 (int32) for null | row count (int32), then per row: -1 (int32) for a null row |
 *                column count (int32) and one tagged value per column
 * value        = tag (byte) and its body: NULL | LONG int64 | DOUBLE int64 bits | STRING string
 *              | DECIMAL scale int32 + unscaled two's complement bytes (int32 length + bytes)
 *              | BYTES int32 length + bytes | BOOLEAN byte | INTEGER int32 | SHORT int16 | BYTE int8
 *              | FLOAT int32 bits
 * </pre>
 *
 * All integers are big-endian. Thread-safe: stateless.
 */
final class WalCodec {
    static final byte[] SEGMENT_MAGIC = "SLUICWAL".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 16;
    static final int RECORD_MAGIC = 0x57414C52;
    static final int RECORD_HEADER_BYTES = 12;

    static final byte ENTRY = 1;
    static final byte RELEASE = 2;
    static final byte GROUP = 3;

    private static final byte TAG_NULL = 0;
    private static final byte TAG_LONG = 1;
    private static final byte TAG_DOUBLE = 2;
    private static final byte TAG_STRING = 3;
    private static final byte TAG_DECIMAL = 4;
    private static final byte TAG_BYTES = 5;
    private static final byte TAG_BOOLEAN = 6;
    private static final byte TAG_INTEGER = 7;
    private static final byte TAG_SHORT = 8;
    private static final byte TAG_BYTE = 9;
    private static final byte TAG_FLOAT = 10;
    // The values a driver's setters bind besides numbers and text (setTimestamp, setObject(LocalDate)…). Dates and
    // times are kept by their local fields, as the target's driver renders them, so that a log recovered in a JVM
    // with another default time zone writes the same wall-clock values.
    private static final byte TAG_BIG_INTEGER = 11;
    private static final byte TAG_CHARACTER = 12;
    private static final byte TAG_SQL_TIMESTAMP = 13;
    private static final byte TAG_SQL_DATE = 14;
    private static final byte TAG_SQL_TIME = 15;
    private static final byte TAG_LOCAL_DATE_TIME = 16;
    private static final byte TAG_LOCAL_DATE = 17;
    private static final byte TAG_LOCAL_TIME = 18;
    private static final byte TAG_OFFSET_DATE_TIME = 19;
    private static final byte TAG_INSTANT = 20;
    private static final byte TAG_UUID = 21;

    private static final int UTF_8 = 0;
    private static final int UTF_16BE = 1;

    /** Arrays at least this long become chunks of their own instead of being copied. */
    private static final int CHUNK_THRESHOLD = 1024;

    private WalCodec() {}

    /** A decoded record: an entry or a release. */
    sealed interface Decoded permits EntryRecord, ReleaseRecord, GroupRecord {}

    /** An entry as it was appended, with the WAL's record id. */
    record EntryRecord(long recordId, BufferEntry entry) implements Decoded {}

    /** The entries of one group, appended together, in order. */
    record GroupRecord(List<EntryRecord> entries) implements Decoded {}

    /** The record ids of entries released together. */
    record ReleaseRecord(long[] recordIds) implements Decoded {}

    /** A payload that passed its checksum but does not decode: another format version, or a bug. */
    static final class UndecodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UndecodableException(String message) {
            super(message, null, false, false);
        }
    }

    /** The header every segment file starts with. */
    static ByteBuffer segmentHeader() {
        ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        header.put(SEGMENT_MAGIC).putInt(FORMAT_VERSION).putInt(0).flip();
        return header;
    }

    /** Whether {@code bytes} start with a segment header this code reads. */
    static boolean validSegmentHeader(byte[] bytes, int length) {
        if (length < SEGMENT_HEADER_BYTES) {
            return false;
        }
        for (int i = 0; i < SEGMENT_MAGIC.length; i++) {
            if (bytes[i] != SEGMENT_MAGIC[i]) {
                return false;
            }
        }
        return ByteBuffer.wrap(bytes).getInt(SEGMENT_MAGIC.length) == FORMAT_VERSION;
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes one entry as a complete record (header included), as chunks to write in order.
     *
     * @throws SluiceSqlException {@code CANNOT_CONVERT_TYPE} for a typed-row value of a type the WAL
     *     cannot store
     */
    static ByteBuffer[] encodeEntry(long recordId, BufferEntry entry) throws SluiceSqlException {
        Out out = new Out(128);
        out.i8(ENTRY);
        entryBody(out, recordId, entry);
        return out.finish();
    }

    /**
     * Encodes a group of entries as one complete record, the i-th entry with {@code recordIds[i]}.
     *
     * @throws SluiceSqlException {@code CANNOT_CONVERT_TYPE} as for {@link #encodeEntry}
     */
    static ByteBuffer[] encodeGroup(long[] recordIds, List<BufferEntry> entries) throws SluiceSqlException {
        Out out = new Out(128 * entries.size());
        out.i8(GROUP);
        out.i32(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            entryBody(out, recordIds[i], entries.get(i));
        }
        return out.finish();
    }

    private static void entryBody(Out out, long recordId, BufferEntry entry) throws SluiceSqlException {
        out.i64(recordId);
        out.i64(entry.sequence());
        out.i64(entry.enqueuedEpochMicros());
        out.i32(entry.dataStart());
        out.i32(entry.bytes());
        out.string(entry.keyId());
        out.string(entry.queryId());
        out.string(entry.deduplicationToken());
        out.string(entry.logComment());
        out.string(entry.data());
        List<Object[]> rows = entry.rows();
        if (rows == null) {
            out.i32(-1);
        } else {
            out.i32(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                Object[] row = rows.get(r);
                if (row == null) {
                    out.i32(-1);
                    continue;
                }
                out.i32(row.length);
                for (int c = 0; c < row.length; c++) {
                    value(out, row[c], r, c);
                }
            }
        }
    }

    /** Encodes the release of the given record ids as a complete record. */
    static ByteBuffer[] encodeRelease(long[] recordIds) {
        Out out = new Out(RECORD_HEADER_BYTES + 5 + 8 * recordIds.length);
        out.i8(RELEASE);
        out.i32(recordIds.length);
        for (long id : recordIds) {
            out.i64(id);
        }
        return out.finish();
    }

    private static void value(Out out, Object value, int row, int column) throws SluiceSqlException {
        if (value == null) {
            out.i8(TAG_NULL);
        } else if (value instanceof Long l) {
            out.i8(TAG_LONG);
            out.i64(l);
        } else if (value instanceof Double d) {
            out.i8(TAG_DOUBLE);
            out.i64(Double.doubleToRawLongBits(d));
        } else if (value instanceof String s) {
            out.i8(TAG_STRING);
            out.string(s);
        } else if (value instanceof BigDecimal d) {
            out.i8(TAG_DECIMAL);
            out.i32(d.scale());
            out.bytes(d.unscaledValue().toByteArray());
        } else if (value instanceof byte[] b) {
            out.i8(TAG_BYTES);
            out.bytes(b);
        } else if (value instanceof Boolean b) {
            out.i8(TAG_BOOLEAN);
            out.i8(b ? (byte) 1 : (byte) 0);
        } else if (value instanceof Integer i) {
            out.i8(TAG_INTEGER);
            out.i32(i);
        } else if (value instanceof Short s) {
            out.i8(TAG_SHORT);
            out.i16(s);
        } else if (value instanceof Byte b) {
            out.i8(TAG_BYTE);
            out.i8(b);
        } else if (value instanceof Float f) {
            out.i8(TAG_FLOAT);
            out.i32(Float.floatToRawIntBits(f));
        } else if (!temporalOrOther(out, value)) {
            throw new SluiceSqlException(ErrorCode.CANNOT_CONVERT_TYPE, "The wal buffer cannot store a value of type "
                    + value.getClass().getName() + " (row " + row + ", column " + column + "): typed rows hold Long, Double,"
                    + " String, BigDecimal, BigInteger, byte[], Boolean, Integer, Short, Byte, Float, Character, java.sql.Timestamp,"
                    + " java.sql.Date, java.sql.Time, LocalDateTime, LocalDate, LocalTime, OffsetDateTime, Instant, UUID or null");
        }
    }

    /** True when every surrogate in {@code text} is part of a pair, so UTF-8 keeps it exactly. */
    private static boolean wellFormed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A record under construction: small fields are copied into a growing array, large arrays are kept as
     * chunks of their own. The first {@link #RECORD_HEADER_BYTES} bytes are reserved for the header.
     */
    /** Writes a value of the rarer kinds; false when {@code value} is of none of them. */
    private static boolean temporalOrOther(Out out, Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            out.i8(TAG_SQL_TIMESTAMP);
            localDateTime(out, timestamp.toLocalDateTime());
        } else if (value instanceof java.sql.Date date) {
            out.i8(TAG_SQL_DATE);
            out.i64(date.toLocalDate().toEpochDay());
        } else if (value instanceof java.sql.Time time) {
            // Time.toLocalTime drops the milliseconds a driver sends: kept beside the local second of the day.
            out.i8(TAG_SQL_TIME);
            out.i32(time.toLocalTime().toSecondOfDay());
            out.i32((int) Math.floorMod(time.getTime(), 1000L));
        } else if (value instanceof LocalDateTime dateTime) {
            out.i8(TAG_LOCAL_DATE_TIME);
            localDateTime(out, dateTime);
        } else if (value instanceof LocalDate date) {
            out.i8(TAG_LOCAL_DATE);
            out.i64(date.toEpochDay());
        } else if (value instanceof LocalTime time) {
            out.i8(TAG_LOCAL_TIME);
            out.i64(time.toNanoOfDay());
        } else if (value instanceof OffsetDateTime dateTime) {
            out.i8(TAG_OFFSET_DATE_TIME);
            localDateTime(out, dateTime.toLocalDateTime());
            out.i32(dateTime.getOffset().getTotalSeconds());
        } else if (value instanceof Instant instant) {
            out.i8(TAG_INSTANT);
            out.i64(instant.getEpochSecond());
            out.i32(instant.getNano());
        } else if (value instanceof UUID uuid) {
            out.i8(TAG_UUID);
            out.i64(uuid.getMostSignificantBits());
            out.i64(uuid.getLeastSignificantBits());
        } else if (value instanceof BigInteger integer) {
            out.i8(TAG_BIG_INTEGER);
            out.bytes(integer.toByteArray());
        } else if (value instanceof Character character) {
            out.i8(TAG_CHARACTER);
            out.i16((short) character.charValue());
        } else {
            return false;
        }
        return true;
    }

    private static void localDateTime(Out out, LocalDateTime value) {
        out.i64(value.toEpochSecond(ZoneOffset.UTC));
        out.i32(value.getNano());
    }

    private static LocalDateTime localDateTime(ByteBuffer in) {
        long seconds = in.getLong();
        return LocalDateTime.ofEpochSecond(seconds, in.getInt(), ZoneOffset.UTC);
    }

    private static java.sql.Time sqlTime(ByteBuffer in) {
        java.sql.Time time = java.sql.Time.valueOf(LocalTime.ofSecondOfDay(in.getInt()));
        return new java.sql.Time(time.getTime() + in.getInt());
    }

    private static final class Out {
        private final List<ByteBuffer> chunks = new ArrayList<>(4);
        private byte[] current;
        private int start;
        private int position;

        Out(int capacity) {
            current = new byte[Math.max(capacity, 64)];
            position = RECORD_HEADER_BYTES;
        }

        void i8(byte value) {
            ensure(1);
            current[position++] = value;
        }

        void i16(short value) {
            ensure(2);
            current[position++] = (byte) (value >>> 8);
            current[position++] = (byte) value;
        }

        void i32(int value) {
            ensure(4);
            current[position++] = (byte) (value >>> 24);
            current[position++] = (byte) (value >>> 16);
            current[position++] = (byte) (value >>> 8);
            current[position++] = (byte) value;
        }

        void i64(long value) {
            i32((int) (value >>> 32));
            i32((int) value);
        }

        void bytes(byte[] value) {
            i32(value.length);
            raw(value);
        }

        void string(String value) {
            if (value == null) {
                i32(-1);
                return;
            }
            if (wellFormed(value)) {
                i32(UTF_8);
                bytes(value.getBytes(StandardCharsets.UTF_8));
            } else {
                // Lone surrogates would turn into '?' in UTF-8: keep the exact UTF-16 code units instead.
                byte[] units = new byte[value.length() * 2];
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    units[2 * i] = (byte) (c >>> 8);
                    units[2 * i + 1] = (byte) c;
                }
                i32(UTF_16BE);
                bytes(units);
            }
        }

        private void raw(byte[] value) {
            if (value.length >= CHUNK_THRESHOLD) {
                seal();
                chunks.add(ByteBuffer.wrap(value));
                return;
            }
            ensure(value.length);
            System.arraycopy(value, 0, current, position, value.length);
            position += value.length;
        }

        private void seal() {
            if (position > start) {
                chunks.add(ByteBuffer.wrap(current, start, position - start));
            }
            start = position;
        }

        private void ensure(int more) {
            if (current.length - position >= more) {
                return;
            }
            if (chunks.isEmpty() && start == 0) {
                // Still the first chunk, which holds the header: grow it in place.
                byte[] grown = new byte[Math.max(current.length * 2, position + more)];
                System.arraycopy(current, 0, grown, 0, position);
                current = grown;
                return;
            }
            seal();
            current = new byte[Math.max(256, more)];
            start = 0;
            position = 0;
        }

        ByteBuffer[] finish() {
            seal();
            long payload = -RECORD_HEADER_BYTES;
            CRC32C crc = new CRC32C();
            for (int i = 0; i < chunks.size(); i++) {
                ByteBuffer chunk = chunks.get(i).duplicate();
                payload += chunk.remaining();
                if (i == 0) {
                    chunk.position(chunk.position() + RECORD_HEADER_BYTES);
                }
                crc.update(chunk);
            }
            if (payload > Integer.MAX_VALUE - RECORD_HEADER_BYTES) {
                throw new IllegalArgumentException("A WAL record cannot exceed 2 GiB: " + payload + " bytes");
            }
            ByteBuffer first = chunks.get(0);
            first.putInt(first.position(), RECORD_MAGIC);
            first.putInt(first.position() + 4, (int) payload);
            first.putInt(first.position() + 8, (int) crc.getValue());
            return chunks.toArray(ByteBuffer[]::new);
        }
    }

    // ---------------------------------------------------------------- decoding

    /** The CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * Decodes one payload whose checksum was verified.
     *
     * @throws UndecodableException when it does not follow this format
     */
    static Decoded decode(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        try {
            byte type = in.get();
            Decoded decoded;
            if (type == ENTRY) {
                decoded = entryBody(in);
            } else if (type == GROUP) {
                int count = in.getInt();
                checkCount(count, in, 8);
                List<EntryRecord> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(entryBody(in));
                }
                decoded = new GroupRecord(List.copyOf(entries));
            } else if (type == RELEASE) {
                int count = in.getInt();
                if (count < 0 || count > in.remaining() / 8) {
                    throw new UndecodableException("bad release count " + count);
                }
                long[] ids = new long[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = in.getLong();
                }
                decoded = new ReleaseRecord(ids);
            } else {
                throw new UndecodableException("unknown record type " + type);
            }
            if (in.hasRemaining()) {
                throw new UndecodableException(in.remaining() + " bytes after the end of the record");
            }
            return decoded;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new UndecodableException("payload ends early or holds a bad length: " + e);
        }
    }

    private static EntryRecord entryBody(ByteBuffer in) {
        long recordId = in.getLong();
        long sequence = in.getLong();
        long enqueued = in.getLong();
        int dataStart = in.getInt();
        int size = in.getInt();
        String keyId = string(in);
        String queryId = string(in);
        String token = string(in);
        String comment = string(in);
        String data = string(in);
        List<Object[]> rows = rows(in);
        return new EntryRecord(recordId, new BufferEntry(sequence, keyId, queryId, enqueued, data, dataStart, rows, size, token, comment));
    }

    private static List<Object[]> rows(ByteBuffer in) {
        int count = in.getInt();
        if (count == -1) {
            return null;
        }
        checkCount(count, in, 4);
        List<Object[]> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            int columns = in.getInt();
            if (columns == -1) {
                rows.add(null);
                continue;
            }
            checkCount(columns, in, 1);
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = value(in);
            }
            rows.add(row);
        }
        return Collections.unmodifiableList(rows);
    }

    private static Object value(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case TAG_NULL -> null;
            case TAG_LONG -> in.getLong();
            case TAG_DOUBLE -> Double.longBitsToDouble(in.getLong());
            case TAG_STRING -> string(in);
            case TAG_DECIMAL -> {
                int scale = in.getInt();
                yield new BigDecimal(new BigInteger(byteArray(in)), scale);
            }
            case TAG_BYTES -> byteArray(in);
            case TAG_BOOLEAN -> in.get() != 0;
            case TAG_INTEGER -> in.getInt();
            case TAG_SHORT -> in.getShort();
            case TAG_BYTE -> in.get();
            case TAG_FLOAT -> Float.intBitsToFloat(in.getInt());
            case TAG_SQL_TIMESTAMP -> java.sql.Timestamp.valueOf(localDateTime(in));
            case TAG_SQL_DATE -> java.sql.Date.valueOf(LocalDate.ofEpochDay(in.getLong()));
            case TAG_SQL_TIME -> sqlTime(in);
            case TAG_LOCAL_DATE_TIME -> localDateTime(in);
            case TAG_LOCAL_DATE -> LocalDate.ofEpochDay(in.getLong());
            case TAG_LOCAL_TIME -> LocalTime.ofNanoOfDay(in.getLong());
            case TAG_OFFSET_DATE_TIME -> {
                LocalDateTime local = localDateTime(in);
                yield OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(in.getInt()));
            }
            case TAG_INSTANT -> {
                long seconds = in.getLong();
                yield Instant.ofEpochSecond(seconds, in.getInt());
            }
            case TAG_UUID -> {
                long most = in.getLong();
                yield new UUID(most, in.getLong());
            }
            case TAG_BIG_INTEGER -> new BigInteger(byteArray(in));
            case TAG_CHARACTER -> (char) in.getShort();
            default -> throw new UndecodableException("unknown value tag " + tag);
        };
    }

    private static byte[] byteArray(ByteBuffer in) {
        int length = in.getInt();
        checkCount(length, in, 1);
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static String string(ByteBuffer in) {
        int encoding = in.getInt();
        if (encoding == -1) {
            return null;
        }
        int length = in.getInt();
        checkCount(length, in, 1);
        int at = in.arrayOffset() + in.position();
        in.position(in.position() + length);
        if (encoding == UTF_8) {
            return new String(in.array(), at, length, StandardCharsets.UTF_8);
        }
        if (encoding == UTF_16BE && length % 2 == 0) {
            char[] units = new char[length / 2];
            byte[] array = in.array();
            for (int i = 0; i < units.length; i++) {
                units[i] = (char) (((array[at + 2 * i] & 0xFF) << 8) | (array[at + 2 * i + 1] & 0xFF));
            }
            return new String(units);
        }
        throw new UndecodableException("unknown string encoding " + encoding);
    }

    private static void checkCount(int count, ByteBuffer in, int minimumBytesEach) {
        if (count < 0 || (long) count * minimumBytesEach > in.remaining()) {
            throw new UndecodableException("bad count " + count + " with " + in.remaining() + " bytes left");
        }
    }
}
