package dev.d1export.http.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ProtocolViolationException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLHandshakeException;

/**
 * Calls the Cloudflare API for one export: adds the credentials (only here, only to the API's base URL), bounds each
 * call by the deadline, retries transient failures and turns failed answers into exceptions. Not thread-safe: one
 * export, one client.
 */
final class ApiClient {

    static final int MAX_BODY = 8 << 20;

    /**
     * Said of a first export call that failed after it may have been read (a broken connection, a server error): not
     * retried, as a second call would be refused as busy, and the caller learns why a new export may be refused.
     */
    static final String MAY_HAVE_BEEN_ACTED_ON = "the call may have reached the server and started an export there;"
            + " Cloudflare cancels one that is no longer polled";

    /** What to do about an informational answer handed over as the final one (see {@link #informationalAnswer}). */
    static final String INFORMATIONAL_HINT = "run Java 17.0.13 or later, or give the provider an HttpClient that"
            + " skips informational (1xx) answers";

    /** What to do about more informational answers than java.net.http reads (see {@link #interimLimitExceeded}). */
    static final String INTERIM_LIMIT_HINT = "a server or proxy on the way keeps sending informational answers;"
            + " java.net.http reads at most jdk.httpclient.maxNonFinalResponses (8 unless set) of them";

    /** The longest an {@link #ask} may take. */
    static final Duration ASK_LIMIT = Duration.ofSeconds(10);

    private final CloudflareSettings settings;
    private final HttpClient client;
    private final ErrorMapper errors;
    private final RetryPolicy retry;
    private final ExportListener listener;
    private final Deadline deadline;
    private final System.Logger log;

    /**
     * Creates a client.
     *
     * @param settings the settings
     * @param client   the client every call goes through
     * @param errors   maps failed answers
     * @param retry    the retry policy
     * @param listener receives retry events
     * @param deadline bounds every call
     * @param log      where calls are logged
     */
    ApiClient(CloudflareSettings settings, HttpClient client, ErrorMapper errors, RetryPolicy retry,
            ExportListener listener, Deadline deadline, System.Logger log) {
        this.settings = settings;
        this.client = client;
        this.errors = errors;
        this.retry = retry;
        this.listener = listener;
        this.deadline = deadline;
        this.log = log;
    }

    /**
     * A GET, retried on transient failures, and on a 2xx answer whose body is not JSON at all (see {@link #poll}):
     * a GET is safe to repeat.
     *
     * @param path     the path and query below the base URL, already encoded
     * @param expected what the body should be, for the message when the retries run out on bodies that are not JSON
     *                 (e.g. {@code the database list})
     * @param action   what the call is for, for messages
     * @return the successful (2xx) answer
     * @throws InterruptedException if the thread is interrupted
     */
    ApiResponse get(String path, String expected, String action) throws InterruptedException {
        return send("GET", path, null, false, null, null, null, expected, action);
    }

    /**
     * The first export call, a POST of a JSON body that may start work on the server: retried only when the server
     * cannot have seen it (connection refused) or refused it (429). Any 2xx answer is returned as it is, even one
     * whose body is not JSON: sent again after the server started an export, the call would be refused as busy and
     * leave that export unpolled. A retry starts no sooner than {@code min-poll-interval} after the attempt before it,
     * as a poll's does (see {@link #poll}).
     *
     * @param path   the path below the base URL
     * @param json   the body
     * @param action what the call is for, for messages
     * @return the successful (2xx) answer
     * @throws InterruptedException if the thread is interrupted
     */
    ApiResponse start(String path, String json, String action) throws InterruptedException {
        return send("POST", path, json, true, settings.minPollInterval(), null, null, null, action);
    }

    /**
     * A POST that only reads (a query the export needs, see {@link TableNameCheck}): retried as a {@link #get} is,
     * a 2xx answer whose body is not JSON at all included.
     *
     * @param path     the path below the base URL
     * @param json     the body
     * @param expected what the body should be, for the message when the retries run out on bodies that are not JSON
     * @param action   what the call is for, for messages
     * @return the successful (2xx) answer
     * @throws InterruptedException if the thread is interrupted
     */
    ApiResponse query(String path, String json, String expected, String action) throws InterruptedException {
        return send("POST", path, json, false, null, null, null, expected, action);
    }

    /**
     * A POST of a read-only question whose answer the export can do without (see {@link TableNameCheck}): sent once,
     * never retried (not even after a 429, whose wait would delay the export), and given at most {@link #ASK_LIMIT}
     * (or {@code request-timeout}, or what is left of the deadline, if shorter), so that it cannot spend the export's
     * time.
     *
     * @param path   the path below the base URL
     * @param json   the body
     * @param action what the call is for, for messages
     * @return the successful (2xx) answer
     * @throws InterruptedException if the thread is interrupted
     */
    ApiResponse ask(String path, String json, String action) throws InterruptedException {
        return send("POST", path, json, false, null, null, ASK_LIMIT, null, action);
    }

    /**
     * A poll of a running export: a POST of a JSON body, retried on transient failures, where a retry starts no
     * sooner than {@code min-poll-interval} after the attempt before it was sent and no wait before it is longer than
     * {@code max-poll-interval}.
     *
     * <p>Why the floor: {@code min-poll-interval} is the shortest gap between two calls to the export endpoint, so
     * that the client stays gentle on the API's rate limit, and a retry is such a call. The backoff (from about
     * 375 ms) or a server's {@code Retry-After} (which may be 0) alone could send it sooner. A longer wait the server
     * asks for is kept (up to the cap below).
     *
     * <p>Why the cap: the server cancels an export that is not polled for a while (how long is not documented), and
     * {@code max-poll-interval} is the longest gap the client trusts to keep it alive. A server that asks for a
     * longer wait ({@code Retry-After}, e.g. 300 s after a rate limit) would otherwise make the client abandon its own
     * export while obeying. So the retry is sent after {@code max-poll-interval} instead, the same for a backoff
     * delay; the retries stay bounded by {@code max-retries}, and when they run out the server's own error (such as
     * a {@link dev.d1export.spi.RateLimitedException} with its {@code Retry-After}) is thrown. Calls made while no
     * export runs (the first export call, name resolution, the required table-name check) honour the server's wait
     * in full, up to the deadline.
     *
     * <p>A 2xx answer whose body is not JSON at all (see {@link JsonCodec#notJson(byte[])}) is retried too, as a 5xx
     * is (here as for a {@link #get} and a {@link #query}): a proxy's or the edge's page sent with 200, or a body cut
     * short, says nothing about the export, and the poll is safe to repeat. When the retries run out it is a
     * {@link ProtocolViolationException} that describes the last body and says how many attempts were made. A 2xx
     * body that is JSON is returned whatever it holds: JSON that breaks the protocol is what the server meant, and
     * asking again would get the same.
     *
     * @param path   the path below the base URL
     * @param json   the body
     * @param action what the call is for, for messages
     * @return the successful (2xx) answer
     * @throws InterruptedException if the thread is interrupted
     */
    ApiResponse poll(String path, String json, String action) throws InterruptedException {
        return send("POST", path, json, false, settings.minPollInterval(), settings.maxPollInterval(), null,
                "the export JSON", action);
    }

    /**
     * Sends a call, retrying as the policy allows.
     *
     * @param minGap       for a call to the export endpoint, {@code min-poll-interval}: a retry starts no sooner
     *                     than this after the attempt before it was sent (see {@link #poll}); {@code null} for others
     * @param maxWait      for a poll, {@code max-poll-interval}: the longest wait before a retry; {@code null} for
     *                     calls that wait as long as the server or the backoff says, up to the deadline
     * @param once         a limit for a call sent once and never retried, or {@code null} for the usual retries
     *                     within {@code request-timeout}
     * @param expected     what a 2xx body should be, for messages, when a 2xx answer whose body is not JSON at all is
     *                     retried (see {@link #poll}); {@code null} when every 2xx answer is returned as it is
     */
    private ApiResponse send(String method, String path, String json, boolean startsWork, Duration minGap,
            Duration maxWait, Duration once, String expected, String action) throws InterruptedException {
        URI uri = URI.create(settings.baseUrl() + path);
        Duration callLimit = once != null && once.compareTo(settings.requestTimeout()) < 0 ? once
                : settings.requestTimeout();
        for (int attempt = 1; ; attempt++) {
            Duration limit = deadline.callTimeout(callLimit, action);
            // A call whose limit is what is left of the deadline times out because the deadline does: the JDK's
            // timer may fire a hair before Deadline.expired() agrees, which must not turn into a retry.
            boolean deadlineBound = limit.compareTo(callLimit) < 0;
            HttpRequest request = build(method, uri, json, limit);
            Duration sentAt = deadline.elapsed();
            String reason;
            boolean mayRetry;
            Duration delay = null;
            D1ExportException failure;
            try {
                ApiResponse response = read(client.send(request,
                        HttpResponse.BodyHandlers.ofPublisher()), action, attempt, callLimit, limit, sentAt,
                        startsWork);
                log.log(Level.DEBUG, () -> method + " " + shownPath(uri) + " -> HTTP " + response.status()
                        + " cf-ray " + response.rayId());
                if (response.status() >= 200 && response.status() < 300) {
                    RuntimeException notJson = expected != null ? errors.notJson(response) : null;
                    if (notJson == null) {
                        return response;
                    }
                    // Transient as a 5xx is (the server's x-should-retry and Retry-After count the same): damage on
                    // the way, or a page from something between us and the API, and the call can be repeated.
                    String unreadable = ErrorMapper.describeUnreadable(response, notJson);
                    failure = new ProtocolViolationException("Cloudflare API answered " + action + " with a body"
                            + " that is not " + expected + ", after " + attempt + (attempt == 1 ? " attempt: "
                            : " attempts: ") + unreadable, notJson, ErrorDetails.ofStatus(response.status())
                            .withRayId(response.rayId()));
                    mayRetry = RetryPolicy.serverSaysRetry(response.headers()).orElse(true);
                    reason = "HTTP " + response.status() + (response.rayId() == null ? "" : " (cf-ray "
                            + response.rayId() + ")") + ": " + unreadable;
                    delay = RetryPolicy.retryAfter(response.headers()).orElse(null);
                } else {
                    failure = errors.fromResponse(response, action);
                    if (startsWork && (response.status() >= 500 || response.status() == 408)) {
                        // A server error or timeout (or a status above 5xx, which means nothing) says nothing of
                        // whether the call was acted on before it failed.
                        failure = mayHaveBeenActedOn(failure);
                    }
                    boolean transientStatus = RetryPolicy.isTransient(response.status());
                    mayRetry = response.status() >= 400
                            && RetryPolicy.serverSaysRetry(response.headers()).orElse(transientStatus)
                            && (!startsWork || response.status() == 429);
                    reason = "HTTP " + response.status() + (response.rayId() == null ? "" : " (cf-ray "
                            + response.rayId() + ")");
                    delay = RetryPolicy.retryAfter(response.headers()).orElse(null);
                }
            } catch (ConnectException | HttpConnectTimeoutException e) {
                if (e instanceof HttpConnectTimeoutException && (deadlineBound || deadline.expired())) {
                    // The call's timeout is cut to what is left of the deadline: connecting ran out of that time.
                    throw deadline.timeout(action);
                }
                // Nothing reached the server, so even the first export call is safe to repeat.
                reason = "cannot connect to " + uri.getHost() + ": " + settings.credentials().scrub(describe(e));
                failure = new D1ExportException("Cloudflare API failed " + action + ": " + reason, masked(e));
                mayRetry = true;
            } catch (HttpTimeoutException e) {
                if (deadlineBound || deadline.expired()) {
                    // Connected (a connect timeout is caught above), so the request was sent.
                    throw startsWork ? deadline.timeoutAfterTheStartWasSent(action) : deadline.timeout(action);
                }
                reason = "no answer within " + ExportOption.durationText(callLimit);
                failure = new D1ExportException("Cloudflare API failed " + action + ": " + reason
                        + (startsWork ? " (" + Deadline.MAY_HAVE_STARTED + ")" : ""), e);
                mayRetry = !startsWork;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                if (deadline.expiredForTheJdkTimer()) {
                    // The JDK's timer for a call bounded by the deadline fires as the time runs out, and when the
                    // answer's head has just come it cuts the body off with a plain IOException: the deadline's doing,
                    // and with no time left for a retry the export's timeout is what happened.
                    throw startsWork ? deadline.timeoutAfterTheStartWasSent(action) : deadline.timeout(action);
                }
                String interim = interimLimitExceeded(e);
                if (interim != null) {
                    // Not a connection out of step: the server (or something in between) sent that many, and asked
                    // again it sends as many again, so retrying would only repeat it.
                    throw new ProtocolViolationException("Cloudflare API answered " + action + " with more"
                            + " informational (1xx) answers before its final one than java.net.http reads ("
                            + settings.credentials().scrub(interim) + "); asking again would get the same"
                            + (startsWork ? " (" + Deadline.MAY_HAVE_STARTED + ")" : ""), masked(e),
                            ErrorDetails.none().withHint(INTERIM_LIMIT_HINT));
                }
                // Masked: the JDK's error may quote the answer (see masked).
                reason = settings.credentials().scrub(describe(e));
                // Connected (a refused connection is caught above): the call may have been read, and acted on; not
                // when the TLS handshake failed, which comes before any byte of the call is sent.
                boolean mayBeRead = startsWork && !(e instanceof SSLHandshakeException);
                failure = new D1ExportException("Cloudflare API failed " + action + ": " + reason
                        + (mayBeRead ? " (" + MAY_HAVE_BEEN_ACTED_ON + ")" : ""), masked(e));
                mayRetry = !startsWork;
            }
            if (!mayRetry || once != null || attempt > retry.maxRetries()) {
                if (attempt > 1) {
                    log.log(Level.WARNING, "Giving up {0} after {1} attempts: {2}", action, Integer.toString(attempt),
                            reason);
                }
                throw failure;
            }
            Duration wait = delay != null ? delay : retry.backoff(attempt);
            Duration gapLeft = minGap == null ? Duration.ZERO : minGap.minus(deadline.elapsed().minus(sentAt));
            if (wait.compareTo(gapLeft) < 0) {
                // min-poll-interval spaces every call to the export endpoint, a retry too: a 5xx, a broken connection
                // or a 429 with "Retry-After: 0" is no reason to call the rate-limited API sooner than a poll would.
                if (delay != null) {
                    reason += "; the server asked to wait " + WaitText.of(delay) + ", lengthened to keep"
                            + " min-poll-interval (" + ExportOption.durationText(minGap) + ") between calls";
                }
                wait = gapLeft;
            }
            if (maxWait != null && wait.compareTo(maxWait) > 0) {
                if (delay != null) {
                    reason += "; the server asked to wait " + WaitText.of(delay) + ", shortened to max-poll-interval ("
                            + ExportOption.durationText(maxWait) + ") so that the export is not abandoned";
                }
                wait = maxWait;
            }
            if (wait.compareTo(deadline.remaining()) >= 0) {
                // Waiting would outlast the deadline: report the real failure, not a timeout.
                throw failure;
            }
            // Numbers as text: MessageFormat would group their digits by the default locale ("1,975 ms").
            log.log(Level.WARNING, "Retrying {0} in {1} ms after attempt {2} failed: {3}", action,
                    Long.toString(wait.toMillis()), Integer.toString(attempt), reason);
            listener.onEvent(new ExportEvent.Retry(attempt, wait, reason));
            deadline.sleep(wait, action);
        }
    }

    private HttpRequest build(String method, URI uri, String json, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", UserAgent.VALUE)
                .header("Accept", "application/json");
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // No h2c upgrade dance on plain (loopback) HTTP.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        settings.credentials().applyTo(builder);
        if (json == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /**
     * Reads an answer's body.
     *
     * @param callLimit    the call's own limit, which the body gets again (shortened to the time left)
     * @param requestLimit the limit the request was sent with, which java.net.http's request timer keeps
     * @param sentAt       when the request was sent, on the deadline's clock
     */
    private ApiResponse read(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, String action, int attempt,
            Duration callLimit, Duration requestLimit, Duration sentAt, boolean startsWork)
            throws IOException, InterruptedException {
        // When the head came: the JDK's request timer may have cut the body off only if that was at its limit.
        Duration headAt = deadline.elapsed();
        Duration limit = deadline.callTimeout(callLimit, action);
        // A proxy or an edge may echo the request into a header (cf-ray, which messages and logs quote): the headers
        // are masked as the body is, before anything reads them.
        HttpHeaders headers = scrubbed(response.headers());
        if (response.statusCode() >= 100 && response.statusCode() < 200) {
            // Dropped unread: its body, as such a client frames it, is the real answer's bytes or nothing until the
            // server closes the connection (never, behind a keep-alive edge), so reading it would only wait.
            StreamingBody.of(response.body()).close();
            throw informational(response.statusCode(), headers, action, startsWork);
        }
        try (StreamingBody body = StreamingBody.of(response.body())) {
            // Masked before anything reads it, so that no message, log line or result can quote the credential.
            byte[] bytes = settings.credentials().scrub(body.readAll(limit, MAX_BODY));
            return new ApiResponse(response.statusCode(), headers, bytes, attempt, false, sentAt);
        } catch (HttpTimeoutException e) {
            if (limit.compareTo(callLimit) < 0) {
                // The body's limit was what was left of the deadline (see send).
                throw startsWork ? deadline.timeoutAfterTheStartWasSent(action) : deadline.timeout(action);
            }
            throw e;
        } catch (ResponseBody.BodyTooLargeException e) {
            if (response.statusCode() >= 400) {
                // An error's status says whether to retry; its page need not be read for that.
                return new ApiResponse(response.statusCode(), headers, new byte[0], attempt, true, sentAt);
            }
            // A 2xx to the first call shows that it reached something that answered it, as one that is not JSON
            // does (see PollingLoop.parse).
            throw new ProtocolViolationException("Cloudflare API answered " + action + " with more than "
                    + (MAX_BODY >> 20) + " MiB; refusing to read it"
                    + (startsWork ? " (" + Deadline.MAY_HAVE_STARTED + ")" : ""), e,
                    ErrorDetails.ofStatus(response.statusCode()).withRayId(headers.firstValue("cf-ray").orElse(null)));
        } catch (IOException e) {
            if (cutOffByTheRequestTimer(e, headAt.minus(sentAt), requestLimit)) {
                // Said as the timeout it is (send retries it as one, and says "no answer within" when the retries
                // run out), not as a connection that broke.
                HttpTimeoutException timedOut = new HttpTimeoutException("request timed out as its answer's head"
                        + " came; java.net.http closed the connection under the body");
                timedOut.initCause(masked(e));
                throw timedOut;
            }
            throw e;
        }
    }

    /**
     * Whether a body's failure is java.net.http's request timer closing the connection, not the server or the
     * network. The timer (started inside {@link HttpClient#send}, so after {@code sentAt}) fires up to a millisecond
     * early, as it compares whole milliseconds, and is cancelled once the answer's head is handed over; but once the
     * client's selector has taken it, that cancel comes too late and the timer closes the connection under the body,
     * which then fails with a plain {@code IOException} ("fixed content-length: 209, bytes received: 0") instead of
     * an {@code HttpTimeoutException}. Two facts tell it, both needed: the head came when the request's own limit had
     * run out but for that millisecond (else the timer cannot have fired: this alone also holds for a real break of a
     * body whose head came that late), and the JDK says it closed the connection itself ("connection closed locally",
     * not the peer's end of stream or reset). A JDK that words it otherwise leaves the failure a broken connection, as
     * before.
     *
     * @param e            the body's failure
     * @param headAfter    how long after the request was sent its answer's head came
     * @param requestLimit the request's timeout
     * @return {@code true} for the timer's doing
     */
    static boolean cutOffByTheRequestTimer(IOException e, Duration headAfter, Duration requestLimit) {
        if (headAfter.compareTo(requestLimit.minus(Deadline.JDK_TIMER_EARLY)) < 0) {
            return false;
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof IOException && "connection closed locally".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure for an informational answer (1xx: {@code 103 Early Hints}, {@code 102 Processing}) handed over as
     * the final one. java.net.http skips them since JDK-8292044 (in Java 17 since 17.0.13); an older Java 17, or a
     * caller's client that does not skip them, takes the first one for the answer. Not retried: the same client would
     * take the next one for the answer too, and the call's real answer never reaches the provider.
     */
    private static ProtocolViolationException informational(int status, HttpHeaders headers, String action,
            boolean startsWork) {
        return new ProtocolViolationException("Cloudflare API answered " + action + " with "
                + informationalAnswer(status) + (startsWork ? " (" + Deadline.MAY_HAVE_STARTED + ")" : ""), null,
                ErrorDetails.ofStatus(status).withRayId(headers.firstValue("cf-ray").orElse(null))
                        .withHint(INFORMATIONAL_HINT));
    }

    /**
     * The message of java.net.http's own failure for an exchange that got more informational answers than it reads
     * ({@code jdk.httpclient.maxNonFinalResponses}, 8 unless set; since JDK-8292044), or {@code null} for any other
     * failure. Told apart by its words: the JDK gives it no type of its own, and its other {@code ProtocolException}s
     * can mean a reused connection out of step, which a new one cures.
     *
     * @param e a failure of {@link HttpClient#send}
     * @return e.g. {@code Too many interim responses received: 9 > 8}, or {@code null}
     */
    static String interimLimitExceeded(IOException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            // HTTP/1.1 says "Too many interim responses received", HTTP/2 "... PROTOCOL_ERROR: too many interim ...".
            if (t instanceof ProtocolException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("too many interim responses")) {
                return t.getMessage();
            }
        }
        return null;
    }

    /**
     * Says what an informational answer handed over as the final one is, for the API calls' and the download's
     * messages.
     *
     * @param status the 1xx status
     * @return e.g. {@code an informational answer (HTTP 103) where the final answer belongs: ...}
     */
    static String informationalAnswer(int status) {
        return "an informational answer (HTTP " + status + ") where the final answer belongs: the HTTP client handed"
                + " it over instead of skipping it, as java.net.http did before JDK-8292044";
    }

    /**
     * A failed answer to the first export call (a 5xx, a 408) that says the call may have started an export, of the
     * same type. An answer that says what the server did (busy, a virtual table, bad credentials, no such database)
     * is left as it is.
     */
    private static D1ExportException mayHaveBeenActedOn(D1ExportException failure) {
        String summary = failure.summary() + " (" + MAY_HAVE_BEEN_ACTED_ON + ")";
        if (failure.getClass() == D1ExportException.class) {
            return new D1ExportException(summary, failure.getCause(), failure.details());
        }
        if (failure.getClass() == ExportFailedException.class && !ErrorMapper.isVirtualTableError(failure.summary())) {
            // A 408 without a typed error: the mapper's fallback for a status below 500.
            return new ExportFailedException(summary, failure.getCause(), failure.details());
        }
        return failure;
    }

    /**
     * A request's path as a log line may show it: the account id in it as {@link CloudflareSettings#shownAccountId()}
     * shows it (a long one, accepted on loopback only, may be a token pasted in the wrong place).
     */
    private String shownPath(URI uri) {
        String path = uri.getPath();
        String shown = settings.shownAccountId();
        return shown.equals(settings.accountId()) ? path
                : path.replace("/accounts/" + settings.accountId(), "/accounts/" + shown);
    }

    /** The headers with every copy of the credential in their values masked, as the body is. */
    private HttpHeaders scrubbed(HttpHeaders headers) {
        Map<String, List<String>> masked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.map().forEach((name, values) -> masked.put(name, values.stream()
                .map(settings.credentials()::scrub).toList()));
        return HttpHeaders.of(masked, (name, value) -> true);
    }

    /**
     * A failure as messages, logs and causes may carry it. The JDK's own error for an answer it cannot parse quotes
     * the offending line (its status line, a header name), which a server or proxy that echoes the request fills with
     * the credential; the provider never gets that line to mask it as it masks headers and bodies. So a failure that
     * holds the credential anywhere in its chain of causes is replaced by one with its description masked and its
     * stack kept (its causes, which quote the same line, left out); any other is returned as it is.
     */
    private IOException masked(IOException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            String text = String.valueOf(t);
            if (!settings.credentials().scrub(text).equals(text)) {
                IOException masked = new IOException(settings.credentials().scrub(describe(e)));
                masked.setStackTrace(e.getStackTrace());
                return masked;
            }
        }
        return e;
    }

    /**
     * A short description of an I/O failure, without the URL (whose query may matter to nobody but the server).
     *
     * @param e the failure
     * @return e.g. {@code ConnectException: Connection refused}
     */
    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
