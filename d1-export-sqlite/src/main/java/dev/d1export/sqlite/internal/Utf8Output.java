package dev.d1export.sqlite.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered UTF-8 writer made for the dump's inner loop: it encodes straight into its own byte buffer (no
 * {@link java.nio.charset.CharsetEncoder}, no intermediate strings), counts what it wrote, and knows the few SQL
 * literal forms a dump needs. Not thread-safe: one dump owns one output.
 */
final class Utf8Output {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

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
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
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
        ensure(3);
        buf[pos++] = 'X';
        buf[pos++] = '\'';
        for (byte b : bytes) {
            if (buf.length - pos < 2) {
                drain();
            }
            buf[pos++] = HEX[(b >> 4) & 0xF];
            buf[pos++] = HEX[b & 0xF];
        }
        write((byte) '\'');
    }
}
