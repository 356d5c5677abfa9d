package dev.d1export.http.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 answer read from an {@link Http1Connection}: the status line and headers (at most {@value #MAX_HEAD}
 * bytes; a folded line read as a space within the value before it, as RFC 9112 asks of a client; up to
 * {@value #MAX_INFORMATIONAL} informational answers before them skipped), then the body framed as RFC 9112 says:
 * chunked, by {@code Content-Length}, or up to the end of the connection. Body chunks are slices of one reused
 * buffer, so nothing is copied on the way to the output. A body that ends early is an
 * {@link EOFException}; a malformed answer a {@link MalformedAnswerException}. The connection is closed with the
 * answer, never reused.
 */
final class Http1Response implements DumpResponse {

    /** The largest status line plus headers accepted. */
    static final int MAX_HEAD = 64 * 1024;

    /**
     * The most informational answers (1xx) skipped before the final one. As java.net.http's
     * {@code jdk.httpclient.maxNonFinalResponses} (also 8): a store's {@code 103 Early Hints} or {@code 102 Processing}
     * come once or twice, and without a cap a server that only ever sends them would hold the download until the
     * call's time limit, which then says nothing of what came.
     */
    static final int MAX_INFORMATIONAL = 8;

    private static final int MAX_CHUNK_LINE = 4096;

    private final Http1Connection connection;
    /** Bytes read and not yet consumed, between position and limit (read mode). */
    private final ByteBuffer buffer;
    private int status;
    private boolean http10;
    private HttpHeaders headers;
    /** Bytes of the body (or of the current chunk) still to come; -1: up to the end of the connection. */
    private long left;
    private boolean chunked;
    /** The body's length from {@code Content-Length}, or -1 when it is chunked or runs to the end of the connection. */
    private long length = -1;
    /** A chunk's data was read: its line break comes next. */
    private boolean afterChunk;
    private boolean closed;

    private Http1Response(Http1Connection connection, ByteBuffer buffer) {
        this.connection = connection;
        this.buffer = buffer;
    }

    /**
     * Reads an answer's head from the connection.
     *
     * @param connection the connection, the request sent
     * @param bufferSize the size of the buffer the body is read through; at least {@link #MAX_HEAD}
     * @param wait       the time the whole exchange was given, for messages
     * @param end        when the head must have arrived ({@link System#nanoTime()})
     * @return the answer, positioned at the start of its body
     * @throws IOException          if the head is malformed or the connection failed
     * @throws InterruptedException if the thread was interrupted
     */
    static Http1Response read(Http1Connection connection, int bufferSize, Duration wait, long end)
            throws IOException, InterruptedException {
        ByteBuffer buffer = connection.newBuffer(Math.max(bufferSize, MAX_HEAD));
        buffer.flip();
        Http1Response response = new Http1Response(connection, buffer);
        int informational = 0;
        while (true) {
            response.readHead(end, wait);
            if (response.status >= 200) {
                break;
            }
            if (++informational > MAX_INFORMATIONAL) {
                throw new MalformedAnswerException("the server sent more than " + MAX_INFORMATIONAL
                        + " informational answers, the last HTTP " + response.status + ", and no final one");
            }
        }
        response.frame();
        return response;
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public long contentLength() {
        return chunked ? -1 : length;
    }

    @Override
    public boolean delimited() {
        return chunked || length >= 0;
    }

    @Override
    public List<ByteBuffer> next(Duration wait) throws IOException, InterruptedException {
        // Closed at the body's end too: the connection is released there (never reused), and nothing more comes.
        if (closed) {
            return null;
        }
        if (chunked && left == 0 && !startChunk(wait)) {
            close();
            return null;
        }
        if (left == 0) {
            close();
            return null;
        }
        if (!buffer.hasRemaining() && !fill(wait)) {
            if (left < 0) {
                close();
                return null;
            }
            throw new EOFException("the server closed the connection with " + left + " bytes of the "
                    + (chunked ? "chunk" : "body") + " still to come");
        }
        int n = left < 0 ? buffer.remaining() : (int) Math.min(buffer.remaining(), left);
        ByteBuffer slice = buffer.slice();
        slice.limit(n);
        buffer.position(buffer.position() + n);
        if (left > 0) {
            left -= n;
            afterChunk = chunked && left == 0;
        }
        return List.of(slice);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }

    /** Reads the status line and headers, up to the empty line. */
    private void readHead(long end, Duration wait) throws IOException, InterruptedException {
        String statusLine = line(end, wait, MAX_HEAD);
        if (statusLine == null) {
            throw new EOFException("the server closed the connection without an answer");
        }
        status = statusCode(statusLine);
        http10 = statusLine.startsWith("HTTP/1.0");
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int size = statusLine.length();
        // The field line read last, until the next one shows it is not continued (see below).
        String name = null;
        String value = null;
        while (true) {
            String field;
            try {
                field = line(end, wait, Math.max(0, MAX_HEAD - size));
            } catch (ProtocolException e) {
                // The limit here is what is left of the head's, so "a line longer than 66 bytes" would blame an
                // ordinary header: say what was too long.
                throw new MalformedAnswerException("the answer's head (status line and headers) is longer than "
                        + (MAX_HEAD / 1024) + " KiB");
            }
            if (field == null) {
                throw new EOFException("the server closed the connection in the middle of the headers");
            }
            if (field.isEmpty()) {
                break;
            }
            size += field.length() + 2;
            if (field.charAt(0) == ' ' || field.charAt(0) == '\t') {
                // An obsolete line folding (RFC 9112, 5.2), which a user agent MUST read as a space within the value
                // before it, as java.net.http does. Before the first field there is nothing it could continue, and a
                // client may refuse it (RFC 9112, 2.2).
                if (name == null) {
                    throw new MalformedAnswerException("malformed header line in the answer: " + shown(field));
                }
                value = (value + " " + field.strip()).strip();
                continue;
            }
            if (name != null) {
                addField(fields, name, value);
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || !isToken(field, colon)) {
                throw new MalformedAnswerException("malformed header line in the answer: " + shown(field));
            }
            name = field.substring(0, colon);
            value = field.substring(colon + 1).strip();
        }
        if (name != null) {
            addField(fields, name, value);
        }
        headers = HttpHeaders.of(fields, (n, v) -> true);
    }

    /** Adds a field once its line, and any line folded into it, is read. */
    private static void addField(Map<String, List<String>> fields, String name, String value)
            throws MalformedAnswerException {
        // Such a value could end up in a message or a log; RFC 9110 (5.5) lets a recipient reject it.
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new MalformedAnswerException("a header of the answer has a control character in its value: "
                    + shown(name));
        }
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    /** How the body is delimited (RFC 9112, 6.3). */
    private void frame() throws ProtocolException {
        if (status == 204 || status == 304) {
            left = 0;
            length = 0;
            return;
        }
        if (http10 && !headers.allValues("transfer-encoding").isEmpty()) {
            // RFC 9112 (6.1): an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            throw new MalformedAnswerException("an HTTP/1.0 answer with Transfer-Encoding");
        }
        if (isChunked(headers)) {
            chunked = true;
            left = 0;
            return;
        }
        length = contentLength(headers);
        left = length;
    }

    /**
     * Whether an answer's body is chunked, its {@code Transfer-Encoding} checked. Only {@code chunked} on its own is
     * accepted: any other transfer coding (gzip, ...) would have to be undone to get the dump, and writing the coded
     * bytes would save something else. Nor together with {@code Content-Length} (RFC 9112, 6.3: "ought to be handled
     * as an error"): a client that frames such an answer by its length, as the JDK's does, would save the chunk framing
     * as the dump.
     *
     * @param headers the answer's headers
     * @return {@code true} for chunked, {@code false} without {@code Transfer-Encoding}
     * @throws ProtocolException for another transfer coding, or chunked with a {@code Content-Length}
     */
    static boolean isChunked(HttpHeaders headers) throws ProtocolException {
        List<String> codings = headers.allValues("transfer-encoding");
        if (codings.isEmpty()) {
            return false;
        }
        if (codings.size() != 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
            throw new MalformedAnswerException("the answer's Transfer-Encoding is not supported (only chunked is): "
                    + shown(String.join(", ", codings)));
        }
        if (!headers.allValues("content-length").isEmpty()) {
            throw new MalformedAnswerException("the answer has both Transfer-Encoding and Content-Length");
        }
        return true;
    }

    /**
     * The {@code Content-Length} of an answer, checked: decimal digits, one value (repeats must agree).
     *
     * @param headers the answer's headers
     * @return the length, or -1 when there is none
     * @throws ProtocolException if it is malformed or its values disagree
     */
    static long contentLength(HttpHeaders headers) throws ProtocolException {
        List<String> lengths = headers.allValues("content-length");
        if (lengths.isEmpty()) {
            return -1;
        }
        long length = -1;
        for (String value : String.join(",", lengths).split(",", -1)) {
            long parsed = parseLength(value.strip());
            if (length >= 0 && parsed != length) {
                throw new MalformedAnswerException("the answer has conflicting Content-Length values: "
                        + shown(String.join(", ", lengths)));
            }
            length = parsed;
        }
        return length;
    }

    /** Reads the next chunk's size line; {@code false} after the last chunk (and its trailers). */
    private boolean startChunk(Duration wait) throws IOException, InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        if (afterChunk) {
            afterChunk = false;
            String rest = line(end, wait, MAX_CHUNK_LINE);
            if (rest == null) {
                throw new EOFException("the server closed the connection before the end of the chunked body");
            }
            if (!rest.isEmpty()) {
                throw new MalformedAnswerException("a chunk of the answer is longer than its size says");
            }
        }
        String line = line(end, wait, MAX_CHUNK_LINE);
        if (line == null) {
            throw new EOFException("the server closed the connection before the end of the chunked body");
        }
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedAnswerException("malformed chunk size in the answer: " + shown(line));
        }
        long size = Long.parseLong(hex, 16);
        if (size > 0) {
            left = size;
            return true;
        }
        // The last chunk: skip the trailer fields up to the empty line.
        int trailers = 0;
        String trailer;
        // A connection that ends in the trailers, instead of at the final empty line, still delivered the whole body.
        try {
            while ((trailer = line(end, wait, MAX_HEAD)) != null && !trailer.isEmpty()) {
                trailers += trailer.length();
                if (trailers > MAX_HEAD) {
                    throw new MalformedAnswerException("the answer's trailer fields are larger than " + MAX_HEAD + " bytes");
                }
            }
        } catch (EOFException e) {
            // The body is complete: only a trailer line was cut.
        }
        return false;
    }

    /**
     * The next line, without its line break, or {@code null} if the connection ended before any byte of it.
     *
     * @param max the longest line accepted
     */
    private String line(long end, Duration wait, int max) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        while (true) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    int length = text.length();
                    if (length > 0 && text.charAt(length - 1) == '\r') {
                        text.setLength(length - 1);
                    }
                    return text.toString();
                }
                // One more for the carriage return before the line feed.
                if (text.length() > max) {
                    throw new MalformedAnswerException("the answer has a line longer than " + max + " bytes");
                }
                text.append((char) (b & 0xff));
            }
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                throw Http1Connection.silentFor(wait);
            }
            if (!fill(Duration.ofNanos(remaining))) {
                if (text.length() == 0) {
                    return null;
                }
                throw new EOFException("the server closed the connection in the middle of a line");
            }
        }
    }

    /** Reads more bytes after the unconsumed ones; {@code false} at the end of the connection. */
    private boolean fill(Duration wait) throws IOException, InterruptedException {
        buffer.compact();
        if (!buffer.hasRemaining()) {
            buffer.flip();
            throw new IllegalStateException("the read buffer is full");
        }
        try {
            int n;
            do {
                n = connection.read(buffer, wait);
            } while (n == 0);
            return n > 0;
        } finally {
            buffer.flip();
        }
    }

    private static int statusCode(String line) throws ProtocolException {
        // HTTP-version SP 3DIGIT SP [reason]; a reason may be empty.
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || !Character.isDigit(line.charAt(7))
                || line.charAt(8) != ' '
                || !Character.isDigit(line.charAt(9)) || !Character.isDigit(line.charAt(10))
                || !Character.isDigit(line.charAt(11)) || line.length() > 12 && line.charAt(12) != ' ') {
            throw new MalformedAnswerException("not an HTTP/1.1 status line: " + shown(line));
        }
        int code = Integer.parseInt(line.substring(9, 12));
        if (code < 100 || code == 101) {
            throw new MalformedAnswerException("unexpected status in the answer: " + shown(line));
        }
        return code;
    }

    private static long parseLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new MalformedAnswerException("malformed Content-Length in the answer: " + shown(value));
        }
        return Long.parseLong(value);
    }

    private static boolean isToken(String field, int colon) {
        for (int i = 0; i < colon; i++) {
            char c = field.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Part of a malformed line for a message: printable ASCII, at most 80 characters. */
    private static String shown(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 80; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return "'" + out + (text.length() > 80 ? "...'" : "'");
    }
}
