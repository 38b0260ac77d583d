package io.sluice.parser;

/**
 * A key for the head cache over a region of a statement's text, so that a cache hit copies nothing.
 * Stored keys own a copy of just the head, never the whole statement (whose data may be large).
 * Immutable.
 */
final class HeadKey {
    private final String text;
    private final int start;
    private final int end;
    private final int hash;

    private HeadKey(String text, int start, int end, int hash) {
        this.text = text;
        this.start = start;
        this.end = end;
        this.hash = hash;
    }

    /** A lookup key over {@code text[start, end)}; hashes as {@link String#hashCode()} of that region. */
    static HeadKey lookup(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return new HeadKey(text, start, end, hash);
    }

    /** A key that keeps only {@code headText} (which must equal this key's region). */
    HeadKey stored(String headText) {
        return new HeadKey(headText, 0, headText.length(), hash);
    }

    String headText() {
        return text.substring(start, end);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof HeadKey key)) {
            return false;
        }
        int length = end - start;
        return hash == key.hash && length == key.end - key.start && text.regionMatches(start, key.text, key.start, length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return headText();
    }
}
