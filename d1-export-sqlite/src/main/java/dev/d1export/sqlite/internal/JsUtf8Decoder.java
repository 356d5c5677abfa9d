package dev.d1export.sqlite.internal;

/**
 * Decodes UTF-8 as V8 does (the WHATWG Encoding Standard's algorithm, as node's {@code Buffer.toString} gives it),
 * which is how D1's export reads the text SQLite hands it: each maximal ill-formed subpart becomes one U+FFFD, and a
 * leading byte order mark is kept ({@code TextDecoder} would drop it; D1 keeps it, as its dumps show). Java's own decoder agrees on
 * everything but the encoded surrogates ({@code ED A0..BF xx}), which it replaces as one three-byte unit where
 * JavaScript replaces every byte, so a value such as {@code char(55296)} would differ from D1's dump by two
 * characters.
 */
final class JsUtf8Decoder {

    private static final char REPLACEMENT = '\uFFFD';

    private JsUtf8Decoder() {
    }

    /**
     * Whether the bytes are well-formed UTF-8 (no surrogates, no overlong forms, nothing above U+10FFFF).
     *
     * @param utf8 the bytes
     * @return {@code true} when decoding them replaces nothing
     */
    static boolean isWellFormed(byte[] utf8) {
        return decode(utf8, true) != null;
    }

    /**
     * The text the bytes decode to, as {@code Buffer.from(bytes).toString('utf8')} gives it in node.
     *
     * @param utf8 the bytes
     * @return the text, with U+FFFD for each ill-formed part
     */
    static String decode(byte[] utf8) {
        return decode(utf8, false);
    }

    /** The WHATWG UTF-8 decoder; with {@code check}, {@code null} at the first ill-formed part. */
    private static String decode(byte[] utf8, boolean check) {
        StringBuilder sb = check ? null : new StringBuilder(utf8.length);
        int needed = 0;
        int seen = 0;
        int codePoint = 0;
        int lower = 0x80;
        int upper = 0xBF;
        for (int i = 0; i < utf8.length; ) {
            int b = utf8[i] & 0xFF;
            if (needed == 0) {
                i++;
                if (b <= 0x7F) {
                    append(sb, b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                    needed = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                    needed = 3;
                    codePoint = b & 0x07;
                } else {
                    if (check) {
                        return null;
                    }
                    sb.append(REPLACEMENT);
                }
                continue;
            }
            if (b < lower || b > upper) {
                // The sequence so far is one replacement; this byte starts over (it is not consumed here).
                if (check) {
                    return null;
                }
                sb.append(REPLACEMENT);
                needed = 0;
                seen = 0;
                codePoint = 0;
                lower = 0x80;
                upper = 0xBF;
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            if (++seen == needed) {
                append(sb, codePoint);
                needed = 0;
                seen = 0;
                codePoint = 0;
            }
        }
        if (needed != 0) {
            if (check) {
                return null;
            }
            sb.append(REPLACEMENT);
        }
        return check ? "" : sb.toString();
    }

    private static void append(StringBuilder sb, int codePoint) {
        if (sb != null) {
            sb.appendCodePoint(codePoint);
        }
    }
}
