package dev.d1export.http.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How the bytes of a dump are fetched from its signed URL: one {@code GET}, never following a redirect and never
 * carrying Cloudflare credentials (the signed URL is its own authorisation, on another host).
 */
interface DumpTransport {

    /**
     * Sends a {@code GET} and waits for the answer's head.
     *
     * @param uri     the signed URL, already checked by {@link TransportSecurity}
     * @param headers extra request headers in order (e.g. {@code Range}), names and values already checked
     * @param timeout how long connecting and the answer's head may take
     * @return the answer, whose body is still to be read; close it
     * @throws java.net.http.HttpTimeoutException if the head did not arrive in time
     * @throws IOException                        if the exchange failed
     * @throws InterruptedException               if the thread was interrupted
     */
    DumpResponse get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException;
}
