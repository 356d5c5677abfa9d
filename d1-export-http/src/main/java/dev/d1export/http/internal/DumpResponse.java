package dev.d1export.http.internal;

import java.net.http.HttpHeaders;

/**
 * An answer to a dump download: its status and headers, and its body read chunk by chunk on the calling thread, with
 * waits that an interrupt ends at once and a timeout bounds. {@link #close()} releases the connection, also before the
 * body was read to its end.
 */
interface DumpResponse extends ResponseBody, AutoCloseable {

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
     * @return the length in bytes (checked when the answer's head was read), or -1
     */
    long contentLength();

    /**
     * Whether the answer marks where its body ends (a {@code Content-Length}, chunked framing, or the end of an HTTP/2
     * stream), so that a body cut short shows as an error. Without a mark, a body is read until the connection
     * closes, and a connection that breaks early looks like a complete body.
     *
     * @return {@code true} when the body's end is marked
     */
    boolean delimited();

    /** Stops reading and releases the connection. Idempotent. */
    @Override
    void close();
}
