package dev.d1export.http.internal;

import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP client of one exporter: the caller's, which is used as is and never closed here, or the provider's own,
 * built once on first use (so an exporter that never exports starts no client thread) and released by
 * {@link #close()}. On Java 21 and later {@link HttpClient} is {@link AutoCloseable} and is closed, which waits for
 * exchanges still running; on Java 17 the reference is dropped and the client's own threads end once it is
 * collected (the provider starts no threads of its own). Thread-safe.
 */
final class ExporterHttpClient {

    private static final System.Logger LOG = System.getLogger("dev.d1export.http");

    private final HttpClient callers;
    private final Supplier<HttpClient> factory;
    private HttpClient own;
    private boolean closed;

    /**
     * Creates the holder.
     *
     * @param callers the caller's client, or {@code null} to build the provider's own with {@code factory}
     * @param factory builds the provider's own client
     */
    ExporterHttpClient(HttpClient callers, Supplier<HttpClient> factory) {
        this.callers = callers;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The holder for an exporter with these settings: the caller's client, else an own one that never follows
     * redirects (credentials must not follow a redirect) and connects within the configured time.
     *
     * @param settings the settings
     * @return the holder
     */
    static ExporterHttpClient of(CloudflareSettings settings) {
        Duration connectTimeout = settings.connectTimeout();
        return new ExporterHttpClient(settings.httpClient(), () -> HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build());
    }

    /**
     * The client to send through.
     *
     * @return the caller's client or the provider's own, always the same one
     * @throws IllegalStateException once closed
     */
    synchronized HttpClient get() {
        if (closed) {
            throw new IllegalStateException("This cloudflare exporter is closed; create a new one to export again");
        }
        if (callers != null) {
            return callers;
        }
        if (own == null) {
            own = factory.get();
        }
        return own;
    }

    /**
     * Whether the exporter was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Releases the provider's own client, if one was built; the caller's client is left alone. Idempotent. */
    void close() {
        HttpClient toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRelease = own;
            own = null;
        }
        // HttpClient is AutoCloseable from Java 21 on; compiled for 17, the check happens at run time.
        if (toRelease instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "Closing the HTTP client failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return callers != null ? "caller's HttpClient" : "own HttpClient";
    }
}
