package dev.d1export.http.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * An answer of the API, read whole (API answers are small; the dump itself is never read this way).
 *
 * @param status  the HTTP status
 * @param headers the headers
 * @param body    the body; empty when it was too long to read
 * @param attempt which attempt of the call this answers, from 1 (above 1 after retries)
 * @param unread  whether the body was too long to read (an error page's status still decides what happens)
 * @param sentAt  when the attempt this answers was sent, as time since the export started: after retries, the
 *                last one's (the next poll's gap is counted from it)
 */
record ApiResponse(int status, HttpHeaders headers, byte[] body, int attempt, boolean unread, Duration sentAt) {

    /**
     * Whether the call was sent more than once before this answer: a retried poll re-sends the same bookmark, and the
     * server may replay lines that it already sent.
     *
     * @return {@code true} after at least one retry
     */
    boolean retried() {
        return attempt > 1;
    }

    /**
     * The {@code cf-ray} request id.
     *
     * @return the id, or {@code null} when absent
     */
    String rayId() {
        return headers.firstValue("cf-ray").orElse(null);
    }

    /**
     * The media type of the body.
     *
     * @return e.g. {@code text/html}, or {@code unknown type}
     */
    String contentType() {
        String type = headers.firstValue("content-type").orElse("unknown type");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    }
}
