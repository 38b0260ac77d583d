package io.sluice.parser.format;

/** UUID syntax: 8-4-4-4-12 hexadecimal digits, any case; the canonical form is lower-case. Stateless. */
final class Uuids {
    private static final int LENGTH = 36;

    private Uuids() {}

    /** The canonical lower-case form, or {@code null} when the text is not a UUID. */
    static String canonical(CharSequence text, int from, int to) {
        if (to - from != LENGTH) {
            return null;
        }
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
            } else if (c >= 'A' && c <= 'F') {
                c = (char) (c + ('a' - 'A'));
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
            out[i] = c;
        }
        return new String(out);
    }
}
