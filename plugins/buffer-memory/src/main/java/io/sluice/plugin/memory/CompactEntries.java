package io.sluice.plugin.memory;

import io.sluice.spi.BufferEntry;
import io.sluice.spi.UuidQueryIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One key's entries between append and drain, without an object per entry: the inline data of each entry
 * is copied into an arena of byte blocks shared by the key's entries (Latin-1 text one byte a character,
 * other text as UTF-8), and the rest of the entry lives in primitive arrays of pages: its data length (a
 * short), its enqueue time as an int offset from the page's first, its query id as the two longs of its UUID:
 * 22 bytes. Its sequence costs nothing while the page's sequences run one by one (one key appended to alone;
 * the engine numbers entries under the key's lock), else an int; its byte count nothing while it is its
 * data's length, else an int. {@link #entries} builds the {@link BufferEntry} records again, equal to the
 * ones appended.
 *
 * <p>Typed rows (a prepared statement's parameters) go into the same blocks, encoded by {@link TypedRows} with a
 * tag per value, after the entry's byte count, the index of its statement text in {@link #texts} (the engine
 * passes the prepared statement's text along; the same string for each of its executions, kept once here) and
 * its data start, as varints: no box per value, no array per row. Their length is not kept: the encoding ends
 * itself, and a record never spans two blocks.
 *
 * <p>An entry that does not have one of these shapes (data of more than {@link #MAX_INLINE_CHARS} characters
 * or not starting at 0, typed rows holding a value of a class {@link TypedRows} does not encode, both data and
 * rows, a query id that is not a lower-case UUID, a deduplication token or log comment) is kept as the object
 * it was given, in the page's side array.
 *
 * <p>Growth: a new page or block holds half of what the key holds already (at least a small first size,
 * at most {@link #MAX_PAGE} entries or {@link #MAX_BLOCK} bytes), so that unused room is at most half of
 * what is used. Not thread-safe: {@link MemoryBuffer} guards each key's instance with its monitor.
 */
final class CompactEntries {
    /** Data longer than this is kept as its string: copying it would gain nothing. */
    static final int MAX_INLINE_CHARS = 8192;
    private static final int FIRST_PAGE = 8;
    private static final int MAX_PAGE = 1024;
    private static final int FIRST_BLOCK = 256;
    private static final int MAX_BLOCK = 64 << 10;
    /** Length flag: the data is UTF-8, not Latin-1 (lengths are at most 3 × {@link #MAX_INLINE_CHARS}, below it). */
    private static final int UTF8 = 0x8000;
    /** Length value: the entry is kept whole, in {@link Page#whole}. */
    private static final int WHOLE = -1;
    /**
     * Length value: the entry's typed rows are in the blocks (as UTF-8 data this would be 32,766 bytes, more than
     * any inline data kept).
     */
    private static final int TYPED = -2;
    /** Typed rows encoded larger than this are kept whole: the encoding buffer would stay that large. */
    static final int MAX_TYPED_BYTES = 16 << 20;
    /** Distinct statement texts of typed entries kept per key; an entry with yet another text is kept whole. */
    static final int MAX_TEXTS = 16;

    private static final class Page {
        final long baseSequence;
        final long baseMicros;
        final short[] lengths;
        /** Each entry's sequence from the page's first; null while they run one by one from it. */
        int[] sequences;
        final int[] micros;
        /** Each entry's byte count; null in a page where every entry's is its data's length. */
        final int[] bytes;
        final long[] idHigh;
        final long[] idLow;
        /** Entries kept as given; allocated with the first such entry. */
        BufferEntry[] whole;
        int count;

        Page(int capacity, long baseSequence, long baseMicros, boolean withBytes) {
            this.baseSequence = baseSequence;
            this.baseMicros = baseMicros;
            lengths = new short[capacity];
            micros = new int[capacity];
            bytes = withBytes ? new int[capacity] : null;
            idHigh = new long[capacity];
            idLow = new long[capacity];
        }

        boolean full() {
            return count == lengths.length;
        }

        boolean fits(long sequence, long epochMicros) {
            return (int) (sequence - baseSequence) == sequence - baseSequence && (int) (epochMicros - baseMicros) == epochMicros - baseMicros;
        }
    }

    private final String keyId;
    /** The halves of the query id {@link #readUuid} read last. */
    private long idHigh;
    private long idLow;
    /** Scratch for {@link UuidQueryIds#read}. */
    private final long[] halves = new long[2];
    private final List<Page> pages = new ArrayList<>(4);
    private int capacity;
    private int size;
    private final List<byte[]> blocks = new ArrayList<>(4);
    /** Bytes used in each block, parallel to {@link #blocks}. */
    private int[] blockUsed = new int[4];
    private long blockCapacity;
    /** Where typed rows are encoded before they are copied into a block; dropped when an entry made it large. */
    private TypedRows.Out scratch;
    /** The statement texts of the typed entries in the blocks, each once; null until the first. */
    private List<String> texts;

    CompactEntries(String keyId) {
        this.keyId = keyId;
    }

    int size() {
        return size;
    }

    /**
     * The length in the blocks of an entry of the common shape of inline data stored without its objects (Latin-1
     * text one byte a character, else its UTF-8 length with {@link #UTF8} set), or -1 for an entry of another shape.
     * Its query id must also be a UUID ({@link #readUuid}), which {@link #add} checks first.
     */
    private static int compactLength(BufferEntry entry) {
        String data = entry.data();
        if (data == null || entry.rows() != null || entry.dataStart() != 0 || data.length() > MAX_INLINE_CHARS
                || !entry.deduplicationToken().isEmpty() || !entry.logComment().isEmpty()) {
            return -1;
        }
        if (latin1(data)) {
            return data.length();
        }
        int length = utf8Length(data);
        return length < 0 ? -1 : length | UTF8;
    }

    /**
     * Whether an entry holds typed rows stored without their objects (every value of a class {@link TypedRows} encodes);
     * its query id must also be a UUID, which {@link #add} checks first.
     */
    private static boolean compactTyped(BufferEntry entry) {
        return entry.rows() != null && entry.dataStart() >= 0 && entry.deduplicationToken().isEmpty() && entry.logComment().isEmpty()
                && TypedRows.encodable(entry.rows());
    }

    /** The index of {@code text} in {@link #texts} plus one (0 for null), added when new; -1 when there are too many. */
    private int textIndex(String text) {
        if (text == null) {
            return 0;
        }
        if (texts == null) {
            texts = new ArrayList<>(2);
        }
        // The same string instance each time from one prepared statement: compared by identity first, latest first.
        for (int i = texts.size() - 1; i >= 0; i--) {
            if (texts.get(i) == text) {
                return i + 1;
            }
        }
        int equal = texts.indexOf(text);
        if (equal >= 0) {
            return equal + 1;
        }
        if (texts.size() == MAX_TEXTS) {
            return -1;
        }
        texts.add(text);
        return texts.size();
    }

    void add(BufferEntry entry) {
        long sequence = entry.sequence();
        long epochMicros = entry.enqueuedEpochMicros();
        // The id is read once, into idHigh and idLow: an entry whose id is not a UUID is kept whole.
        boolean uuid = readUuid(entry.queryId());
        int compactLength = uuid ? compactLength(entry) : -1;
        boolean compact = compactLength >= 0;
        TypedRows.Out typed = compact || !uuid ? null : typed(entry);
        // A byte count other than the data's length needs a page that keeps byte counts.
        boolean oddBytes = compact && entry.bytes() != entry.data().length();
        Page page = pages.isEmpty() ? null : pages.get(pages.size() - 1);
        if (page == null || page.full() || !page.fits(sequence, epochMicros) || oddBytes && page.bytes == null) {
            int pageSize = Math.max(FIRST_PAGE, Math.min(MAX_PAGE, capacity / 2));
            page = new Page(pageSize, sequence, epochMicros, oddBytes);
            pages.add(page);
            capacity += pageSize;
        }
        int i = page.count;
        if (compact) {
            String data = entry.data();
            boolean latin1 = (compactLength & UTF8) == 0;
            store(data, latin1, compactLength & (UTF8 - 1));
            page.lengths[i] = (short) compactLength;
            page.micros[i] = (int) (epochMicros - page.baseMicros);
            if (page.bytes != null) {
                page.bytes[i] = entry.bytes();
            }
            page.idHigh[i] = idHigh;
            page.idLow[i] = idLow;
        } else if (typed != null) {
            store(typed.bytes, typed.length);
            page.lengths[i] = TYPED;
            page.micros[i] = (int) (epochMicros - page.baseMicros);
            page.idHigh[i] = idHigh;
            page.idLow[i] = idLow;
            if (typed.bytes.length > MAX_BLOCK) {
                scratch = null;
            }
        } else {
            if (page.whole == null) {
                page.whole = new BufferEntry[page.lengths.length];
            }
            page.whole[i] = entry;
            page.lengths[i] = WHOLE;
        }
        int offset = (int) (sequence - page.baseSequence);
        if (page.sequences == null && offset != i) {
            page.sequences = new int[page.lengths.length];
            for (int j = 0; j < i; j++) {
                page.sequences[j] = j;
            }
        }
        if (page.sequences != null) {
            page.sequences[i] = offset;
        }
        page.count++;
        size++;
    }

    /** Every entry, in append order, built again; the store is unchanged. */
    List<BufferEntry> entries() {
        return entries(null, null, null);
    }

    /**
     * Every entry, in append order, built again, and the halves of each entry's query id kept as a UUID (an entry
     * kept whole has its id as text only); the store is unchanged.
     *
     * @param idHighs receives each entry's most significant half, or null
     * @param idLows receives each entry's least significant half, or null
     * @param whole receives whether each entry was kept whole, or null
     */
    List<BufferEntry> entries(long[] idHighs, long[] idLows, boolean[] whole) {
        List<BufferEntry> entries = new ArrayList<>(size);
        int block = 0;
        int position = 0;
        for (Page page : pages) {
            for (int i = 0; i < page.count; i++) {
                int length = page.lengths[i];
                if (length == WHOLE) {
                    if (whole != null) {
                        whole[entries.size()] = true;
                    }
                    entries.add(page.whole[i]);
                    continue;
                }
                if (idHighs != null) {
                    idHighs[entries.size()] = page.idHigh[i];
                    idLows[entries.size()] = page.idLow[i];
                }
                if (length == TYPED) {
                    if (position == blockUsed[block]) {
                        block++;
                        position = 0;
                    }
                    TypedRows.In in = new TypedRows.In(blocks.get(block), position);
                    int bytes = (int) in.varint();
                    int text = (int) in.varint();
                    int dataStart = (int) in.varint();
                    List<Object[]> rows = TypedRows.decode(in);
                    position = in.position;
                    entries.add(new BufferEntry(page.baseSequence + (page.sequences == null ? i : page.sequences[i]), keyId,
                            uuid(page.idHigh[i], page.idLow[i]), page.baseMicros + page.micros[i], text == 0 ? null : texts.get(text - 1),
                            dataStart, rows, bytes, "", ""));
                    continue;
                }
                boolean utf8 = (length & UTF8) != 0;
                length &= UTF8 - 1;
                // Entries fill a block in order; one that did not fit in the rest of a block opened the next.
                if (position + length > blockUsed[block] && length > 0) {
                    block++;
                    position = 0;
                }
                String data = new String(blocks.isEmpty() ? new byte[0] : blocks.get(block), position, length,
                        utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                position += length;
                entries.add(new BufferEntry(page.baseSequence + (page.sequences == null ? i : page.sequences[i]), keyId, uuid(page.idHigh[i], page.idLow[i]),
                        page.baseMicros + page.micros[i], data, 0, null, page.bytes == null ? data.length() : page.bytes[i], "", ""));
            }
        }
        return entries;
    }

    /** The entry's typed rows encoded after its byte count, or null when it is not {@link #compactTyped} or encodes too large. */
    private TypedRows.Out typed(BufferEntry entry) {
        if (!compactTyped(entry)) {
            return null;
        }
        int text = textIndex(entry.data());
        if (text < 0) {
            return null;
        }
        if (scratch == null) {
            scratch = new TypedRows.Out(256);
        }
        scratch.length = 0;
        scratch.varint(entry.bytes() & 0xFFFFFFFFL);
        scratch.varint(text);
        scratch.varint(entry.dataStart());
        TypedRows.encode(entry.rows(), scratch);
        if (scratch.length > MAX_TYPED_BYTES) {
            scratch = null;
            return null;
        }
        return scratch;
    }

    private void store(byte[] data, int length) {
        int last = block(length);
        System.arraycopy(data, 0, blocks.get(last), blockUsed[last], length);
        blockUsed[last] += length;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies Latin-1 text without a temporary array
    private void store(String data, boolean latin1, int length) {
        if (length == 0) {
            return;
        }
        int last = block(length);
        byte[] block = blocks.get(last);
        int at = blockUsed[last];
        if (latin1) {
            data.getBytes(0, data.length(), block, at);
        } else {
            byte[] encoded = data.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(encoded, 0, block, at, encoded.length);
        }
        blockUsed[last] = at + length;
    }

    /** The index of the block to put {@code length} more bytes in, a new one when the last has no room for them. */
    private int block(int length) {
        int last = blocks.size() - 1;
        if (last < 0 || blockUsed[last] + length > blocks.get(last).length) {
            int blockSize = (int) Math.max(length, Math.max(FIRST_BLOCK, Math.min(MAX_BLOCK, blockCapacity / 2)));
            blocks.add(new byte[blockSize]);
            blockCapacity += blockSize;
            last++;
            if (last == blockUsed.length) {
                blockUsed = java.util.Arrays.copyOf(blockUsed, last * 2);
            }
        }
        return last;
    }

    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The UTF-8 length of well-formed text; -1 for text with a lone surrogate. */
    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate: UTF-8 would turn it into '?', so the text would not come back equal.
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Reads a query id in the canonical lower-case form {@code UUID.toString()} gives, which {@link #uuid} rebuilds
     * exactly, into {@link #idHigh} and {@link #idLow}, in one pass.
     *
     * @return whether the id has that form; when not, the two fields hold nothing of use
     */
    boolean readUuid(String id) {
        if (!UuidQueryIds.read(id, halves)) {
            return false;
        }
        idHigh = halves[0];
        idLow = halves[1];
        return true;
    }

    private static String uuid(long high, long low) {
        return new java.util.UUID(high, low).toString();
    }
}
