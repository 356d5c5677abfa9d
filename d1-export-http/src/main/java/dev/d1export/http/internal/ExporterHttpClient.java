package dev.d1export.http.internal;

import java.lang.System.Logger.Level;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP client of one exporter: the caller's, which is used as is and never closed here, or the provider's own,
 * built once on first use (so an exporter that never exports starts no client thread) and released by
 * {@link #close()}. On Java 21 and later {@link HttpClient} is {@link AutoCloseable} and is closed, which waits for
 * exchanges still running. Before Java 21 a client cannot be closed: its selector thread waits in native code until
 * the client is collected, and an exiting JVM waits 300 ms for any thread in native code. So there the client's
 * selector thread, found by the name the JDK gives it, is interrupted, which makes the JDK stop the client. Either
 * way the own client is released only when no export uses it any more ({@link #acquire()} / {@link #release()}):
 * a stopped Java 17 client would leave a running exchange waiting for ever. Thread-safe.
 */
final class ExporterHttpClient {

    private static final System.Logger LOG = System.getLogger("dev.d1export.http");
    /** The JDK's client ends its {@code toString()} with its id, which names its selector thread. */
    private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");

    private final HttpClient callers;
    private final Supplier<HttpClient> factory;
    private HttpClient own;
    private int inUse;
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
        return new ExporterHttpClient(settings.httpClient(), () -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout);
            // Set explicitly so that the download, which goes over a connection of its own unless this selector names
            // a proxy, decides with the very selector this client uses; loopback always direct (plain HTTP).
            ProxySelector proxies = ProxySelector.getDefault();
            if (proxies != null) {
                builder.proxy(new LoopbackDirectProxySelector(proxies));
            }
            return builder.build();
        });
    }

    /**
     * The client to send through, for one export; {@link #release()} it when the export ends.
     *
     * @return the caller's client or the provider's own, always the same one
     * @throws IllegalStateException once closed
     */
    synchronized HttpClient acquire() {
        if (closed) {
            throw new IllegalStateException("This cloudflare exporter is closed; create a new one to export again");
        }
        if (callers != null) {
            return callers;
        }
        if (own == null) {
            own = factory.get();
        }
        inUse++;
        return own;
    }

    /** Ends a use begun by {@link #acquire()}; the last one after {@link #close()} releases the own client. */
    void release() {
        HttpClient toRelease;
        synchronized (this) {
            if (callers != null) {
                return;
            }
            inUse--;
            if (!closed || inUse > 0) {
                return;
            }
            toRelease = own;
            own = null;
        }
        shutDown(toRelease);
    }

    /**
     * Whether the exporter was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Releases the provider's own client, if one was built, at once or, while exports still use it, when the last
     * of them ends; the caller's client is left alone. Idempotent.
     */
    void close() {
        HttpClient toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (inUse > 0) {
                return;
            }
            toRelease = own;
            own = null;
        }
        shutDown(toRelease);
    }

    private static void shutDown(HttpClient client) {
        // HttpClient is AutoCloseable from Java 21 on; compiled for 17, the check happens at run time.
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "Closing the HTTP client failed", e);
            }
        } else if (client != null) {
            stopSelectorThread(client);
        }
    }

    /**
     * Interrupts the selector thread of a JDK client that cannot be closed (Java 17-20): the JDK then closes the
     * client's selector and connections and ends the thread. A client that is not the JDK's, or whose thread is not
     * found, is left to the garbage collector.
     *
     * @param client the provider's own client, no longer used
     * @return whether a thread was interrupted
     */
    static boolean stopSelectorThread(HttpClient client) {
        try {
            return interruptSelectorThread(client);
        } catch (RuntimeException e) {
            // E.g. a security manager that forbids it: the client is then left to the garbage collector. Never let
            // releasing a client fail the export that used it.
            LOG.log(Level.DEBUG, "Cannot stop the HTTP client's selector thread", e);
            return false;
        }
    }

    private static boolean interruptSelectorThread(HttpClient client) {
        Matcher id = CLIENT_ID.matcher(String.valueOf(client));
        if (!id.find()) {
            return false;
        }
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            if (name.equals(threads[i].getName())) {
                threads[i].interrupt();
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return callers != null ? "caller's HttpClient" : "own HttpClient";
    }
}
