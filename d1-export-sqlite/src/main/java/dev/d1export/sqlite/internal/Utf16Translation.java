package dev.d1export.sqlite.internal;

/**
 * SQLite's own translation of UTF-16 text into UTF-8 ({@code sqlite3VdbeMemTranslate}, as built without
 * {@code SQLITE_REPLACE_INVALID_UTF}, which is how D1's and wrangler's SQLite reads a UTF-16 database). Well-formed
 * text comes out as any encoder gives it; an ill-formed surrogate does not: one followed by any code unit is
 * combined with it into one supplementary character ({@code D800 0061} gives U+10061, eating the {@code a}), and
 * one at the end is written as its own three bytes ({@code ED A0 80}), which the dump's decoder then shows as three
 * U+FFFD, as D1's does. Java's decoding of the driver's string gives one U+FFFD there, hence this.
 */
final class Utf16Translation {

    private Utf16Translation() {
    }

    /**
     * Translates a UTF-16 value as SQLite does.
     *
     * @param utf16        the value's bytes as stored (no byte order mark); an odd last byte is ignored, as SQLite
     *                     ignores it
     * @param littleEndian whether the database is UTF-16le
     * @return the UTF-8 bytes SQLite would give for it
     */
    static byte[] toUtf8(byte[] utf16, boolean littleEndian) {
        int n = utf16.length & ~1;
        byte[] out = new byte[n / 2 * 3];
        int o = 0;
        int i = 0;
        while (i < n) {
            int c = unit(utf16, i, littleEndian);
            i += 2;
            if (c >= 0xD800 && c < 0xE000 && i < n) {
                int c2 = unit(utf16, i, littleEndian);
                i += 2;
                c = (c2 & 0x03FF) + ((c & 0x003F) << 10) + (((c & 0x03C0) + 0x0040) << 10);
            }
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 + ((c >> 6) & 0x1F));
                out[o++] = (byte) (0x80 + (c & 0x3F));
            } else if (c < 0x10000) {
                out[o++] = (byte) (0xE0 + ((c >> 12) & 0x0F));
                out[o++] = (byte) (0x80 + ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 + (c & 0x3F));
            } else {
                out[o++] = (byte) (0xF0 + ((c >> 18) & 0x07));
                out[o++] = (byte) (0x80 + ((c >> 12) & 0x3F));
                out[o++] = (byte) (0x80 + ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 + (c & 0x3F));
            }
        }
        return o == out.length ? out : java.util.Arrays.copyOf(out, o);
    }

    /**
     * Whether a UTF-16 value is well formed: every surrogate in a high-low pair, and no odd last byte. Only such a
     * value comes out of {@link #toUtf8} unchanged.
     *
     * @param utf16        the value's bytes as stored
     * @param littleEndian whether the database is UTF-16le
     * @return {@code true} when SQLite's translation keeps it as it is
     */
    static boolean isWellFormed(byte[] utf16, boolean littleEndian) {
        if ((utf16.length & 1) != 0) {
            return false;
        }
        for (int i = 0; i < utf16.length; i += 2) {
            int c = unit(utf16, i, littleEndian);
            if (c >= 0xD800 && c < 0xDC00 && i + 2 < utf16.length) {
                int c2 = unit(utf16, i + 2, littleEndian);
                if (c2 >= 0xDC00 && c2 < 0xE000) {
                    i += 2;
                    continue;
                }
            }
            if (c >= 0xD800 && c < 0xE000) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value's code units one by one in UTF-8's form (pairs as their character, a lone surrogate as its own three
     * bytes, an odd last byte dropped), for the lossless form: read back into a UTF-8 database, it holds each unit.
     *
     * @param utf16        the value's bytes as stored
     * @param littleEndian whether the database is UTF-16le
     * @return the bytes
     */
    static byte[] unitsAsUtf8(byte[] utf16, boolean littleEndian) {
        StringBuilder units = new StringBuilder(utf16.length / 2);
        for (int i = 0; i + 1 < utf16.length; i += 2) {
            units.append((char) unit(utf16, i, littleEndian));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(utf16.length * 3 / 2);
        for (int i = 0; i < units.length(); i++) {
            int c = units.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < units.length()
                    && Character.isLowSurrogate(units.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, units.charAt(++i));
                out.write(0xF0 + (c >> 18));
                out.write(0x80 + ((c >> 12) & 0x3F));
                out.write(0x80 + ((c >> 6) & 0x3F));
                out.write(0x80 + (c & 0x3F));
            } else if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 + (c >> 6));
                out.write(0x80 + (c & 0x3F));
            } else {
                out.write(0xE0 + (c >> 12));
                out.write(0x80 + ((c >> 6) & 0x3F));
                out.write(0x80 + (c & 0x3F));
            }
        }
        return out.toByteArray();
    }

    private static int unit(byte[] b, int i, boolean littleEndian) {
        return littleEndian ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }
}
