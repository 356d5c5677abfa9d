package dev.d1export.sqlite.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered UTF-8 writer made for the dump's inner loop: it encodes straight into its own byte buffer (no
 * {@link java.nio.charset.CharsetEncoder}, no intermediate strings), counts what it wrote, and knows the few SQL
 * literal forms a dump needs. Not thread-safe: one dump owns one output.
 */
final class Utf8Output {

    /** Two lowercase hex digits for each byte value v, at 2v and 2v + 1. */
    private static final byte[] HEX_PAIRS = new byte[512];
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    static {
        byte[] hex = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int v = 0; v < 256; v++) {
            HEX_PAIRS[2 * v] = hex[v >> 4];
            HEX_PAIRS[2 * v + 1] = hex[v & 0xF];
        }
    }

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private long flushed;

    Utf8Output(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(bufferSize, 64)];
    }

    /** Bytes written so far, buffered or not. */
    long count() {
        return flushed + pos;
    }

    private void ensure(int n) throws IOException {
        if (buf.length - pos < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        flushed += pos;
        pos = 0;
    }

    /** Writes out the buffer and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    void write(byte b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = b;
    }

    void write(byte[] bytes) throws IOException {
        if (bytes.length > buf.length - pos) {
            drain();
            if (bytes.length > buf.length) {
                out.write(bytes);
                flushed += bytes.length;
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** Writes characters that are known to be ASCII (numbers, keywords). */
    void ascii(CharSequence s) throws IOException {
        int n = s.length();
        ensure(n);
        if (n > buf.length) {
            for (int i = 0; i < n; i++) {
                write((byte) s.charAt(i));
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    /** Writes a whole number in decimal. */
    void decimal(long v) throws IOException {
        ensure(20);
        pos = AsciiDigits.write(v, buf, pos);
    }

    /** Writes a double as JavaScript prints it ({@link JsNumberFormat}). */
    void jsNumber(double v) throws IOException {
        ensure(JsNumberFormat.MAX_LENGTH);
        pos = JsNumberFormat.write(v, buf, pos);
    }

    /** Writes any text as UTF-8; a lone surrogate becomes U+FFFD. */
    void text(String s) throws IOException {
        text(s, 0, s.length());
    }

    private void text(String s, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (pos == buf.length) {
                    drain();
                }
                buf[pos++] = (byte) c;
            } else {
                i = encode(s, i, c);
            }
        }
    }

    /** Encodes one non-ASCII character (or surrogate pair) starting at {@code i}; returns the last index used. */
    private int encode(String s, int i, char c) throws IOException {
        ensure(4);
        if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | (c >> 6));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
                return i + 1;
            }
            System.arraycopy(REPLACEMENT, 0, buf, pos, 3);
            pos += 3;
        } else {
            buf[pos++] = (byte) (0xE0 | (c >> 12));
            buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
        return i;
    }

    /**
     * Writes {@code 'text'} with {@code '} doubled, CR written as {@code crMarker} and LF as {@code lfMarker} (the
     * caller adds the {@code replace(...)} wrappers). Every other character is written raw, NUL too unless
     * {@code nulAsChar0}, which writes it as {@code '||char(0)||'} (SQLite's tokenizer ends a literal at a raw NUL).
     */
    void quoted(String s, String crMarker, String lfMarker, boolean nulAsChar0) throws IOException {
        write((byte) '\'');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '\'') {
                    ensure(2);
                    buf[pos++] = '\'';
                    buf[pos++] = '\'';
                } else if (c == '\r' && crMarker != null) {
                    text(crMarker);
                } else if (c == '\n' && lfMarker != null) {
                    text(lfMarker);
                } else if (c == 0 && nulAsChar0) {
                    ascii("'||char(0)||'");
                } else {
                    if (pos == buf.length) {
                        drain();
                    }
                    buf[pos++] = (byte) c;
                }
            } else {
                i = encode(s, i, c);
            }
        }
        write((byte) '\'');
    }

    /** Writes {@code X'..'} with two lowercase hex digits per byte. */
    void blob(byte[] bytes) throws IOException {
        ensure(2);
        buf[pos++] = 'X';
        buf[pos++] = '\'';
        int from = 0;
        while (from < bytes.length) {
            if (buf.length - pos < 2) {
                drain();
            }
            int to = Math.min(bytes.length, from + ((buf.length - pos) >> 1));
            int p = pos;
            for (int i = from; i < to; i++) {
                int pair = (bytes[i] & 0xFF) << 1;
                buf[p] = HEX_PAIRS[pair];
                buf[p + 1] = HEX_PAIRS[pair + 1];
                p += 2;
            }
            pos = p;
            from = to;
        }
        write((byte) '\'');
    }

    /**
     * Writes {@code 'text'} with {@code '} doubled from the text's UTF-8 bytes, when nothing else needs care: the
     * bytes are well-formed UTF-8 (so decoding and re-encoding would give them back unchanged) and hold no CR, LF or
     * NUL. Otherwise writes nothing and returns {@code false}, and the caller takes the {@code String} path.
     *
     * @param utf8 the text's bytes as SQLite stores them
     * @return whether it was written
     */
    boolean quotedUtf8(byte[] utf8) throws IOException {
        int quotes = 0;
        int n = utf8.length;
        for (int i = 0; i < n; ) {
            int b = utf8[i];
            if (b >= 0) {
                if (b == '\'') {
                    quotes++;
                } else if (b == '\r' || b == '\n' || b == 0) {
                    return false;
                }
                i++;
            } else {
                int length = wellFormedSequence(utf8, i);
                if (length == 0) {
                    return false;
                }
                i += length;
            }
        }
        int size = n + quotes + 2;
        if (size > buf.length) {
            return false;
        }
        ensure(size);
        buf[pos++] = '\'';
        if (quotes == 0) {
            System.arraycopy(utf8, 0, buf, pos, n);
            pos += n;
        } else {
            for (byte b : utf8) {
                buf[pos++] = b;
                if (b == '\'') {
                    buf[pos++] = '\'';
                }
            }
        }
        buf[pos++] = '\'';
        return true;
    }

    /**
     * Whether the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
     *
     * @param utf8 the bytes
     * @return {@code true} when every sequence is well formed
     */
    static boolean isWellFormed(byte[] utf8) {
        for (int i = 0; i < utf8.length; ) {
            if (utf8[i] >= 0) {
                i++;
            } else {
                int length = wellFormedSequence(utf8, i);
                if (length == 0) {
                    return false;
                }
                i += length;
            }
        }
        return true;
    }

    /**
     * The bytes as readable text for a message: each well-formed character as it is, every other byte as
     * {@code \xNN} (lowercase hex), so that the bytes that are not UTF-8 can be told apart from a real U+FFFD.
     *
     * @param utf8 the bytes
     * @return the text
     */
    static String escapeIllFormed(byte[] utf8) {
        StringBuilder text = new StringBuilder(utf8.length + 8);
        for (int i = 0; i < utf8.length; ) {
            int length = utf8[i] >= 0 ? 1 : wellFormedSequence(utf8, i);
            if (length == 0) {
                text.append("\\x").append((char) HEX_PAIRS[(utf8[i] & 0xFF) << 1])
                        .append((char) HEX_PAIRS[((utf8[i] & 0xFF) << 1) + 1]);
                i++;
            } else {
                text.append(new String(utf8, i, length, java.nio.charset.StandardCharsets.UTF_8));
                i += length;
            }
        }
        return text.toString();
    }

    /**
     * The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing above
     * U+10FFFF) starting with the non-ASCII byte at {@code i}, or 0 when it is not one. These are exactly the
     * sequences Java's UTF-8 decoder accepts.
     */
    private static int wellFormedSequence(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        int n = b.length;
        if (lead >= 0xC2 && lead <= 0xDF) {
            return i + 1 < n && continuation(b[i + 1]) ? 2 : 0;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            if (i + 2 >= n || !continuation(b[i + 2])) {
                return 0;
            }
            int second = b[i + 1] & 0xFF;
            int min = lead == 0xE0 ? 0xA0 : 0x80;
            int max = lead == 0xED ? 0x9F : 0xBF;
            return second >= min && second <= max ? 3 : 0;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            if (i + 3 >= n || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                return 0;
            }
            int second = b[i + 1] & 0xFF;
            int min = lead == 0xF0 ? 0x90 : 0x80;
            int max = lead == 0xF4 ? 0x8F : 0xBF;
            return second >= min && second <= max ? 4 : 0;
        }
        return 0;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
