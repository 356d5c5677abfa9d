package dev.d1export.http.internal;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * An answer to a dump download: its status and headers, and its body read chunk by chunk on the calling thread, with
 * waits that an interrupt ends at once and a timeout bounds. {@link #close()} releases the connection, also before the
 * body was read to its end.
 */
interface DumpResponse extends AutoCloseable {

    /**
     * The status code.
     *
     * @return e.g. 200
     */
    int statusCode();

    /**
     * The headers.
     *
     * @return the headers, names case-insensitive
     */
    HttpHeaders headers();

    /**
     * The body's length as the answer frames it: its checked {@code Content-Length}, or -1 when the body is chunked or
     * has no stated length.
     *
     * @return the length in bytes, or -1
     * @throws java.net.ProtocolException if the answer's {@code Content-Length} is malformed
     */
    long contentLength() throws java.net.ProtocolException;

    /**
     * Whether the answer marks where its body ends (a {@code Content-Length}, chunked framing, or the end of an HTTP/2
     * stream), so that a body cut short shows as an error. Without a mark, a body is read until the connection
     * closes, and a connection that breaks early looks like a complete body.
     *
     * @return {@code true} when the body's end is marked
     */
    boolean delimited();

    /**
     * The next chunk of the body, valid until the next call.
     *
     * @param wait how long the server may stay silent
     * @return the chunk's buffers, or {@code null} at the end of the body
     * @throws java.net.http.HttpTimeoutException if nothing arrived in time
     * @throws IOException                        if the body broke off
     * @throws InterruptedException               if the thread was interrupted
     */
    List<ByteBuffer> next(Duration wait) throws IOException, InterruptedException;

    /**
     * Reads the rest of the body into memory, for small answers.
     *
     * @param wait  how long the server may stay silent between chunks
     * @param limit the largest body accepted
     * @return the bytes
     * @throws IOException          if the body broke off or is larger than {@code limit}
     * @throws InterruptedException if the thread was interrupted
     */
    default byte[] readAll(Duration wait, int limit) throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<ByteBuffer> chunk;
        while ((chunk = next(wait)) != null) {
            for (ByteBuffer buffer : chunk) {
                if (out.size() + buffer.remaining() > limit) {
                    throw new StreamingBody.BodyTooLargeException(limit);
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }

    /** Stops reading and releases the connection. Idempotent. */
    @Override
    void close();
}
