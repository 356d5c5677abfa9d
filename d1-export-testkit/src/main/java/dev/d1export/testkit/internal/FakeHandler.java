package dev.d1export.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.Fault;
import dev.d1export.testkit.ReceivedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What both listeners do with a request: read it, journal it (redacted), look for an injected fault, then answer
 * normally or with the fault.
 */
public abstract class FakeHandler implements HttpHandler {

    private static final int MAX_BODY = 1 << 20;
    private static final System.Logger LOG = System.getLogger("dev.d1export.testkit");

    private final Consumer<ReceivedRequest> journal;
    private final FaultRules faults;

    /**
     * Creates a handler.
     *
     * @param journal records each request
     * @param faults  the injected faults
     */
    protected FakeHandler(Consumer<ReceivedRequest> journal, FaultRules faults) {
        this.journal = journal;
        this.faults = faults;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        // No close in a finally: a fault breaks the connection off by throwing, and the JDK's server then closes it.
        String method = exchange.getRequestMethod();
        String path = relativePath(exchange.getRequestURI().getRawPath());
        Endpoint endpoint = classify(method, path);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY);
        }
        boolean leak = leaksCredentials(exchange);
        String text = new String(body, StandardCharsets.UTF_8);
        journal.accept(new ReceivedRequest(Instant.now(), endpoint, method, path,
                Redaction.query(exchange.getRequestURI().getRawQuery()),
                Redaction.headers(exchange.getRequestHeaders()), text, leak));
        Optional<Fault> fault = faults.take(method, path, endpoint, text);
        Reply reply = fault.map(this::faultReply).orElse(null);
        // A call the server answers itself arrived now, whatever a fault's delay holds it for: count it now.
        Runnable held = reply == null && fault.isPresent() && !fault.get().delay().isZero()
                ? arrived(exchange, method, path, endpoint, body) : NOTHING_HELD;
        try {
            if (fault.isPresent() && !fault.get().delay().isZero()) {
                long resets = faults.resets();
                try {
                    Thread.sleep(fault.get().delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("server stopping", e);
                }
                if (faults.resets() != resets) {
                    // The server was reset while this request waited (its client has most likely given up): acting
                    // on it now would start an export nobody polls, and the next test would find the database busy.
                    throw new IOException("the server was reset while this request was delayed");
                }
            }
            if (reply == null) {
                try {
                    reply = answer(exchange, method, path, endpoint, body);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Fake D1 server failed to answer " + method + " " + path, e);
                    reply = Envelopes.error(500, 7500, "Fake D1 server error: " + e);
                }
            }
        } finally {
            held.run();
        }
        ReplyWriter.send(exchange, decorate(reply), fault.orElse(null));
    }

    /** What {@link #arrived} returns when it holds nothing. */
    protected static final Runnable NOTHING_HELD = () -> { };

    /**
     * Called when a request the server will answer itself arrives but a fault's delay holds it: the server has
     * received the call now (D1 would have), whatever the delay. Runs before the delay.
     *
     * @param exchange the exchange
     * @param method   the method
     * @param path     the relative path
     * @param endpoint the kind
     * @param body     the request body
     * @return run once the request has been answered (or given up), to end what arriving started
     */
    protected Runnable arrived(HttpExchange exchange, String method, String path, Endpoint endpoint, byte[] body) {
        return NOTHING_HELD;
    }

    private Reply faultReply(Fault fault) {
        Reply reply;
        switch (fault.kind()) {
            case STATUS_JSON:
                reply = statusReply(fault);
                break;
            case STATUS_HTML:
                reply = Envelopes.html(fault.status(), fault.message());
                break;
            case INVALID_JSON:
                reply = Reply.text(200, "application/json", "{\"result\":{\"status\":\"act");
                break;
            default:
                return null;
        }
        if (fault.retryAfter().isPresent()) {
            long millis = fault.retryAfter().get().toMillis();
            reply = reply.withHeader("Retry-After", String.valueOf((millis + 999) / 1000));
        }
        return reply;
    }

    /**
     * The answer to a status fault: the API's JSON envelope; the download listener overrides it, since an object
     * store answers in XML.
     *
     * @param fault the fault, of kind {@link Fault.Kind#STATUS_JSON}
     * @return the reply
     */
    protected Reply statusReply(Fault fault) {
        return Envelopes.error(fault.status(), fault.errorCode(), fault.message());
    }

    /**
     * The path below the listener's base (for the API, below {@code /client/v4}).
     *
     * @param rawPath the request's raw path
     * @return the relative path
     */
    protected abstract String relativePath(String rawPath);

    /**
     * The kind of request.
     *
     * @param method the method
     * @param path   the relative path
     * @return the kind
     */
    protected abstract Endpoint classify(String method, String path);

    /**
     * Whether the request carries Cloudflare credentials where it must not.
     *
     * @param exchange the exchange
     * @return {@code true} for a leak
     */
    protected abstract boolean leaksCredentials(HttpExchange exchange);

    /**
     * The normal answer.
     *
     * @param exchange the exchange
     * @param method   the method
     * @param path     the relative path
     * @param endpoint the kind
     * @param body     the request body
     * @return the answer
     */
    protected abstract Reply answer(HttpExchange exchange, String method, String path, Endpoint endpoint,
            byte[] body);

    /**
     * Adds the listener's standard headers to every answer.
     *
     * @param reply the answer
     * @return the decorated answer
     */
    protected Reply decorate(Reply reply) {
        return reply;
    }
}
