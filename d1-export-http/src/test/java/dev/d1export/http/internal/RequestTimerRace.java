package dev.d1export.http.internal;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes java.net.http's request timer cut off an answer's body, every time: a server that sends an answer's head and
 * never its body, and a client that holds each head, once it is in and before the JDK cancels the request's timer,
 * until the server has seen the client close the connection (that is, until the timer fired). The hold is a
 * {@link CookieHandler}, which java.net.http consults exactly there (its response filters run before the timer is
 * cancelled): public API only. The body then fails as in the wild, with "fixed content-length: N, bytes received: 0"
 * caused by "connection closed locally".
 */
public final class RequestTimerRace implements AutoCloseable {

    /** One permit per connection the client closed: the timer's close reaches the server as the end of the stream. */
    private final Semaphore closedByTheClient = new Semaphore(0);
    private final AtomicInteger heldHeads = new AtomicInteger();
    private final ScriptedServer server;

    /**
     * Starts the server.
     *
     * @param head the answer's head, up to and with the empty line; its body is never sent
     * @throws IOException if it cannot listen
     */
    public RequestTimerRace(String head) throws IOException {
        server = new ScriptedServer((in, out) -> {
            out.write(ScriptedServer.ascii(head));
            out.flush();
            while (in.read() >= 0) {
                // The client sends nothing more; the end of the stream is its close.
            }
            closedByTheClient.release();
        });
    }

    /** The server. */
    public ScriptedServer server() {
        return server;
    }

    /** A client that does not follow redirects and holds each head until the request's timer has fired. */
    public HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                return Map.of();
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) {
                heldHeads.incrementAndGet();
                try {
                    // Bounded, so that a JDK that cancels the timer before this point fails the test, not hangs it.
                    closedByTheClient.tryAcquire(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
    }

    /** How many heads the client held. */
    public int heldHeads() {
        return heldHeads.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
