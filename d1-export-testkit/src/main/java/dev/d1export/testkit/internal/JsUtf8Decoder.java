package dev.d1export.testkit.internal;

/**
 * Decodes UTF-8 as V8 does (the WHATWG Encoding Standard's algorithm, as node's {@code Buffer.toString} gives it),
 * which is how D1's export reads the text SQLite hands it: each maximal ill-formed subpart becomes one U+FFFD, and a
 * leading byte order mark is kept ({@code TextDecoder} would drop it; D1 keeps it, as its dumps show). Java's own
 * decoder agrees on everything but the encoded surrogates ({@code ED A0..BF xx}), which it replaces as one three-byte unit where
 * JavaScript replaces every byte, so a value such as {@code char(55296)} would differ from D1's dump by two
 * characters.
 *
 * <p>A copy of the sqlite provider's {@code dev.d1export.sqlite.internal.JsUtf8Decoder}, which that module does not
 * export (a qualified export to this module would not compile there under {@code -Werror}, the testkit not being on
 * its module path). Change the two together.
 */
final class JsUtf8Decoder {

    private static final char REPLACEMENT = '\uFFFD';

    private JsUtf8Decoder() {
    }

    /**
     * The text the bytes decode to, as {@code Buffer.from(bytes).toString('utf8')} gives it in node: the WHATWG
     * UTF-8 decoder.
     *
     * @param utf8 the bytes
     * @return the text, with U+FFFD for each ill-formed part
     */
    static String decode(byte[] utf8) {
        StringBuilder sb = new StringBuilder(utf8.length);
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
                    sb.append((char) b);
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
                    sb.append(REPLACEMENT);
                }
                continue;
            }
            if (b < lower || b > upper) {
                // The sequence so far is one replacement; this byte starts over (it is not consumed here).
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
                sb.appendCodePoint(codePoint);
                needed = 0;
                seen = 0;
                codePoint = 0;
            }
        }
        if (needed != 0) {
            sb.append(REPLACEMENT);
        }
        return sb.toString();
    }
}
