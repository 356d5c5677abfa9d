package dev.d1export.testkit;

import dev.d1export.testkit.internal.StatusTexts;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link FakeD1Server} does instead of (or on top of) its normal answer to a request picked by a
 * {@link RequestMatcher}. Immutable; combine with {@link #withDelay(Duration)} and {@link #withRetryAfter(Duration)}.
 *
 * <pre>{@code
 * server.inject(Endpoint.EXPORT, 2, Fault.status(503).withRetryAfter(Duration.ofSeconds(1)));
 * server.inject(Endpoint.DOWNLOAD, 1, Fault.truncatedBody());
 * server.inject(Endpoint.DOWNLOAD, 1, Fault.slowBody(64 * 1024));
 * }</pre>
 */
public final class Fault {

    /** The kinds of fault. */
    public enum Kind {
        /** The normal answer, after the fault's delay. */
        NONE,
        /**
         * An error status with a Cloudflare JSON envelope ({@code success:false}, one error); on
         * {@link Endpoint#DOWNLOAD}, the object store's XML {@code <Error>} instead.
         */
        STATUS_JSON,
        /** An error status with an HTML page, as Cloudflare's edge sends for 502, 520 and the like. */
        STATUS_HTML,
        /** The connection is closed without an answer. */
        DROP_CONNECTION,
        /** The normal answer's headers (with the full {@code Content-Length}), then half its body, then the connection closes. */
        TRUNCATED_BODY,
        /** The normal answer, its body sent at a fixed number of bytes per second. */
        SLOW_BODY,
        /** HTTP 200 with a body that is not valid JSON. */
        INVALID_JSON
    }

    private final Kind kind;
    private final int status;
    private final int errorCode;
    private final String message;
    private final Duration delay;
    private final Duration retryAfter;
    private final long bytesPerSecond;
    private final boolean defaultMessage;

    private Fault(Kind kind, int status, int errorCode, String message, Duration delay, Duration retryAfter,
            long bytesPerSecond, boolean defaultMessage) {
        this.kind = kind;
        this.status = status;
        this.errorCode = errorCode;
        this.message = message;
        this.delay = delay;
        this.retryAfter = retryAfter;
        this.bytesPerSecond = bytesPerSecond;
        this.defaultMessage = defaultMessage;
    }

    /**
     * An error status with a JSON envelope whose error code and message suit the status: Cloudflare's where it has
     * its own for the status (401 and 403 give code 10000 {@code Authentication error}, 429 code 971 with its rate
     * limit's text), otherwise the status's reason phrase (408 {@code Request Timeout}, 503 {@code Service
     * Unavailable}) with code 7404 for 404, 7500 for 5xx and 7400 for other 4xx. On {@link Endpoint#DOWNLOAD} the body
     * is the object store's XML error instead, with the reason phrase as its message (for 429:
     * {@code <Error><Code>SlowDown</Code><Message>Too Many Requests</Message></Error>}), as a signed URL answers. No
     * {@code Retry-After} is sent, not even with 429, unless {@link #withRetryAfter(Duration)} asks for one.
     *
     * @param status an HTTP status from 400 to 599
     * @return the fault
     */
    public static Fault status(int status) {
        checkStatus(status);
        return new Fault(Kind.STATUS_JSON, status, StatusTexts.apiCode(status), StatusTexts.apiMessage(status),
                Duration.ZERO, null, 0, true);
    }

    /**
     * An error status with a JSON envelope carrying this error. On {@link Endpoint#DOWNLOAD} the body is the object
     * store's XML error with this message (the numeric code has no place there), sent as given even when it is the
     * text {@link #status(int)} would have chosen (e.g. {@code Authentication error} with 403).
     *
     * @param status    an HTTP status from 400 to 599
     * @param errorCode the API error code
     * @param message   the API error message
     * @return the fault
     */
    public static Fault status(int status, int errorCode, String message) {
        checkStatus(status);
        return new Fault(Kind.STATUS_JSON, status, errorCode, Objects.requireNonNull(message, "message"),
                Duration.ZERO, null, 0, false);
    }

    /**
     * An error status with an HTML body, as a proxy or Cloudflare's edge would send, titled with the status's reason
     * phrase (for Cloudflare's own 520 to 526, its edge page's, e.g. {@code Connection timed out} for 522).
     *
     * @param status an HTTP status from 400 to 599
     * @return the fault
     */
    public static Fault htmlStatus(int status) {
        checkStatus(status);
        return new Fault(Kind.STATUS_HTML, status, 0, StatusTexts.reasonPhrase(status), Duration.ZERO, null, 0,
                true);
    }

    /**
     * The normal answer, late. The server has the call when it arrives: a poll held past the export's not-polled
     * window keeps its export running.
     *
     * @param delay how long to wait before answering
     * @return the fault
     */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.NONE, 0, 0, null, checkDelay(delay), null, 0, false);
    }

    /**
     * The connection closed without an answer.
     *
     * @return the fault
     */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, 0, null, Duration.ZERO, null, 0, false);
    }

    /**
     * The normal answer cut off halfway (the headers promise the whole body).
     *
     * @return the fault
     */
    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED_BODY, 0, 0, null, Duration.ZERO, null, 0, false);
    }

    /**
     * The normal answer, sent slowly.
     *
     * @param bytesPerSecond the rate, at least 1
     * @return the fault
     */
    public static Fault slowBody(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be at least 1, got " + bytesPerSecond);
        }
        return new Fault(Kind.SLOW_BODY, 0, 0, null, Duration.ZERO, null, bytesPerSecond, false);
    }

    /**
     * HTTP 200 with a body that is not JSON.
     *
     * @return the fault
     */
    public static Fault invalidJson() {
        return new Fault(Kind.INVALID_JSON, 200, 0, null, Duration.ZERO, null, 0, false);
    }

    /**
     * A copy that waits before acting.
     *
     * @param delay the wait
     * @return the fault
     */
    public Fault withDelay(Duration delay) {
        return new Fault(kind, status, errorCode, message, checkDelay(delay), retryAfter, bytesPerSecond,
                defaultMessage);
    }

    /**
     * A copy whose answer carries {@code Retry-After} (whole seconds, rounded up).
     *
     * @param retryAfter the delay the server asks for
     * @return the fault
     */
    public Fault withRetryAfter(Duration retryAfter) {
        return new Fault(kind, status, errorCode, message, delay, checkDelay(retryAfter), bytesPerSecond,
                defaultMessage);
    }

    /**
     * The kind of fault.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The HTTP status of a status fault.
     *
     * @return the status, 0 for faults that keep the normal status
     */
    public int status() {
        return status;
    }

    /**
     * The API error code of a JSON status fault.
     *
     * @return the code
     */
    public int errorCode() {
        return errorCode;
    }

    /**
     * The error message of a status fault.
     *
     * @return the message, or {@code null}
     */
    public String message() {
        return message;
    }

    /**
     * Whether the message is the default one that {@link #status(int)} or {@link #htmlStatus(int)} chose for the
     * status, rather than one given to {@link #status(int, int, String)} (even a text equal to the default). A
     * default message is the API's text, so on {@link Endpoint#DOWNLOAD} the object store's XML error says the
     * status's reason phrase instead; a given one is sent as it is. Copies made by {@link #withDelay(Duration)} and
     * {@link #withRetryAfter(Duration)} keep it.
     *
     * @return {@code true} for a status fault's default message, {@code false} for a given one and for faults with
     *         no message
     */
    public boolean hasDefaultMessage() {
        return defaultMessage;
    }

    /**
     * The wait before acting.
     *
     * @return the delay, {@link Duration#ZERO} for none
     */
    public Duration delay() {
        return delay;
    }

    /**
     * The {@code Retry-After} to send.
     *
     * @return the delay, if set
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The rate of a slow body.
     *
     * @return bytes per second, 0 for other kinds
     */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    private static void checkStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("A fault's status must be from 400 to 599, got " + status);
        }
    }

    private static Duration checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A delay must not be negative, got " + delay);
        }
        return delay;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fault{").append(kind);
        if (status != 0) {
            sb.append(", status=").append(status);
        }
        if (!delay.isZero()) {
            sb.append(", delay=").append(delay);
        }
        if (retryAfter != null) {
            sb.append(", retryAfter=").append(retryAfter);
        }
        if (bytesPerSecond > 0) {
            sb.append(", bytesPerSecond=").append(bytesPerSecond);
        }
        return sb.append('}').toString();
    }
}
