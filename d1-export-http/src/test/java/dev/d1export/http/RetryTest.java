package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.d1export.http.CloudflareStub.BOOKMARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transient failures: which calls are retried (polls on connection failures, 408, 429 and 5xx, and on a 2xx whose body
 * is not JSON, see {@link UnreadablePollAnswerTest}, as are the name lookup and the required table-name check, see
 * {@link NameResolutionTest} and {@link TableNameCheckTest}; the first call only when the server cannot have started
 * an export), with what delay, and with which bookmark.
 */
class RetryTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);
    private final CloudflareStub.Events events = new CloudflareStub.Events();

    @TempDir
    Path dir;

    private ExportResult export(ExportOptions options) {
        try (Exporter exporter = api.exporter(options)) {
            return exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events)
                    .build());
        }
    }

    @Test
    void aFailedPollIsRetriedWithTheSameBookmarkThenSucceeds() throws Exception {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.htmlError(503), CloudflareStub.htmlError(502),
                CloudflareStub.apiError(408, 0, "timeout"), api.complete());
        api.stubDump();

        ExportResult result = export(api.options().build());

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        List<LoggedRequest> calls = api.exportCalls();
        assertThat(calls).hasSize(5);
        assertThat(calls.subList(1, 5)).allSatisfy(call -> assertThat(call.getBodyAsString())
                .contains("\"current_bookmark\":\"" + BOOKMARK + "\""));
        assertThat(events.of(ExportEvent.Retry.class)).extracting(ExportEvent.Retry::attempt).containsExactly(1, 2, 3);
        // Each reason names the answer's cf-ray id, which is what Cloudflare's support asks for.
        assertThat(events.of(ExportEvent.Retry.class)).extracting(ExportEvent.Retry::reason).containsExactly(
                "HTTP 503 (cf-ray 8a1b2c3d4e5f-AMS)", "HTTP 502 (cf-ray 8a1b2c3d4e5f-AMS)",
                "HTTP 408 (cf-ray 8a1b2c3d4e5f-AMS)");
        assertThat(result.polls()).isEqualTo(2);
    }

    @Test
    void aTransientErrorWhoseBodyIsTooLongToReadIsStillRetried() throws Exception {
        String huge = "{\"success\":false,\"errors\":[{\"code\":7500,\"message\":\"" + "x".repeat(9 << 20) + "\"}]}";
        api.stubCalls(CloudflareStub.active(), CloudflareStub.jsonAnswer(503, huge), api.complete());
        api.stubDump();

        export(api.options().build());

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.exportCalls()).hasSize(3);
        assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("HTTP 503"));
    }

    @Test
    void aFailureWhoseBodyIsTooLongToReadIsDescribedWithoutIt() {
        String huge = "<html>" + "x".repeat(9 << 20) + "</html>";
        api.stubCalls(CloudflareStub.active(), aResponse().withStatus(400).withHeader("Content-Type", "text/html")
                .withBody(huge));

        assertThatThrownBy(() -> export(api.options().build())).isInstanceOf(D1ExportException.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("text/html, more than 8 MiB, not read")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1000));
        assertThat(api.exportCalls()).hasSize(2);
    }

    @Test
    void aConnectionResetDuringAPollIsRetried() throws Exception {
        api.stubCalls(CloudflareStub.active(), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE), api.complete());
        api.stubDump();

        export(api.options().build());

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.exportCalls()).hasSize(4);
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(2);
    }

    @Test
    void retryAfterSecondsIsHonoured() throws Exception {
        // On the first call no export runs yet, so the server's wait is honoured in full (here longer than the
        // 40 ms max-poll-interval of the stub's options).
        api.stubCalls(CloudflareStub.apiError(429, 971, "rate limited").withHeader("Retry-After", "1"),
                api.complete());
        api.stubDump();
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(api.options().build())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
        }

        assertThat(events.of(ExportEvent.Retry.class)).extracting(ExportEvent.Retry::delay)
                .containsExactly(Duration.ofSeconds(1));
        // The export asked to wait exactly the server's second between the refused call and its repetition.
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(api.exportCalls()).hasSize(2);
    }

    @Test
    void logLinesShowNumbersWithoutTheLocalesDigitGrouping() throws Exception {
        api.stubCalls(CloudflareStub.apiError(429, 971, "rate limited").withHeader("Retry-After", "2"),
                api.complete());
        api.stubDump();
        FakeTime time = new FakeTime();
        Locale locale = Locale.getDefault();
        List<String> lines;
        Locale.setDefault(Locale.US);
        try (LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = time.exporter(api.options().build())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).build());
            SimpleFormatter formatter = new SimpleFormatter();
            lines = log.records().stream().map(formatter::formatMessage).toList();
        } finally {
            Locale.setDefault(locale);
        }

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Retrying starting the export")
                .contains(" in 2000 ms after attempt 1 failed"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).containsPattern("\\d,\\d{3}"));
    }

    /**
     * Exports with {@code max-poll-interval} 2 s on {@code time}'s clock, the first poll answered 429 with the wait
     * {@code header: value}, the events into {@link #events}; returns the provider's log lines.
     */
    private List<String> exportWithAPollRetryUnderATwoSecondGap(String header, String value, FakeTime time)
            throws Exception {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.apiError(429, 971, "rate limited")
                .withHeader(header, value), api.complete());
        api.stubDump();
        try (LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = time.exporter(api.options().option("max-poll-interval", "2s").build())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
            SimpleFormatter formatter = new SimpleFormatter();
            return log.records().stream().map(formatter::formatMessage).toList();
        }
    }

    @Test
    void aPollRetryNeverWaitsLongerThanTheMaximumPollGapWhateverRetryAfterSays() throws Exception {
        // A server that asks for 10 minutes would have the export cancelled as abandoned long before.
        FakeTime time = new FakeTime();
        exportWithAPollRetryUnderATwoSecondGap("Retry-After", "600", time);

        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(r.reason()).startsWith("HTTP 429").contains("; the server asked to wait 10 min 00 s, shortened to"
                    + " max-poll-interval (2s) so that the export is not abandoned");
        });
        // The pacer's first gap, then the capped retry wait.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(5), Duration.ofSeconds(2));
        assertThat(api.exportCalls()).hasSize(3);
        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
    }

    @Test
    void aPollRetryAfterEqualToTheMaximumPollGapIsWaitedInFullAndNotCalledShortened() throws Exception {
        FakeTime time = new FakeTime();
        List<String> lines = exportWithAPollRetryUnderATwoSecondGap("Retry-After", "2", time);

        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(r.reason()).startsWith("HTTP 429").doesNotContain("shortened").doesNotContain("asked to wait");
        });
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Retrying polling the export"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("shortened"));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(5), Duration.ofSeconds(2));
    }

    @Test
    void aPollRetryAfterOneMillisecondOverTheMaximumPollGapIsShortenedAndSaysSo() throws Exception {
        FakeTime time = new FakeTime();
        exportWithAPollRetryUnderATwoSecondGap("retry-after-ms", "2001", time);

        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(r.reason()).startsWith("HTTP 429").endsWith("; the server asked to wait 2.0 s, shortened to"
                    + " max-poll-interval (2s) so that the export is not abandoned");
        });
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(5), Duration.ofSeconds(2));
    }

    @Test
    void aPollsBackoffIsCappedAtTheMaximumPollGapToo() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.htmlError(503), CloudflareStub.htmlError(503),
                CloudflareStub.htmlError(503), api.complete());
        api.stubDump();
        FakeTime time = new FakeTime();
        ExportOptions options = api.options().option("retry-base-delay", "1s").option("retry-max-delay", "8s")
                .option("max-poll-interval", "1500ms").build();

        try (Exporter exporter = time.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
        }

        // Backoff 1 s, 2 s, 4 s less up to 25 % jitter: the first stays, the others are cut to 1.5 s.
        List<Duration> delays = events.of(ExportEvent.Retry.class).stream().map(ExportEvent.Retry::delay).toList();
        assertThat(delays).hasSize(3);
        assertThat(delays.get(0)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
        assertThat(delays.subList(1, 3)).containsOnly(Duration.ofMillis(1500));
        assertThat(time.sleeps()).containsSubsequence(delays);
    }

    @Test
    void retryAfterMillisecondsWinsOverRetryAfter() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.htmlError(503).withHeader("retry-after-ms", "120")
                .withHeader("Retry-After", "30"), api.complete());
        api.stubDump();

        export(api.options().option("max-poll-interval", "1s").build());

        assertThat(events.of(ExportEvent.Retry.class)).extracting(ExportEvent.Retry::delay)
                .containsExactly(Duration.ofMillis(120));
    }

    @Test
    void theServerCanForbidARetry() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.htmlError(503).withHeader("x-should-retry", "false"));

        assertThatThrownBy(() -> export(api.options().build())).isInstanceOf(D1ExportException.class);
        assertThat(api.exportCalls()).hasSize(2);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 409})
    void theServerCanAskForARetryOfAStatusThatIsNotTransient(int status) throws Exception {
        // x-should-retry: true overrides the status, as in Cloudflare's SDKs: a 4xx, down to 400, is retried with the
        // same bookmark.
        api.stubCalls(CloudflareStub.active(), CloudflareStub.apiError(status, 7500, "conflict")
                .withHeader("x-should-retry", "true"), api.complete());
        api.stubDump();

        ExportResult result = export(api.options().build());

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.exportCalls()).hasSize(3);
        assertThat(api.exportCalls().get(2).getBodyAsString()).contains("\"current_bookmark\":\"" + BOOKMARK + "\"");
        assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("HTTP " + status));
        assertThat(result.polls()).isEqualTo(2);
    }

    @Test
    void aPollAnswered409IsNotRetriedThoughCloudflaresSdksRetryIt() {
        // The SDKs retry 409; D1's 409 is "Currently processing a long-running export", which another try within a
        // poll's gap would not change, so without the server's x-should-retry it fails at once.
        api.stubCalls(CloudflareStub.active(), CloudflareStub.apiError(409, 7500, "conflict"), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isInstanceOf(ExportBusyException.class);
        assertThat(api.exportCalls()).hasSize(2);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void aPollAnswered422IsAnExportFailureWithTheApisErrorAndIsNotRetried() {
        // 422 ("unprocessable") is a refusal of the call itself: another try would be refused alike. README, Errors:
        // "the API refused a call with another 4xx status (400, 422, ...)" is an ExportFailedException.
        api.stubCalls(CloudflareStub.active(), CloudflareStub.apiError(422, 7500, "unprocessable bookmark"),
                api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(ExportFailedException.class)
                .hasMessageContaining("unprocessable bookmark").hasMessageContaining("HTTP 422")
                .satisfies(t -> {
                    D1ExportException e = (D1ExportException) t;
                    assertThat(e.details().httpStatus()).hasValue(422);
                    assertThat(e.details().errorCodes()).containsExactly(7500);
                });
        assertThat(api.exportCalls()).hasSize(2);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void retriesEndAfterTheBudgetWithTheLastError() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.apiError(503, 1000, "overloaded"));

        assertThatThrownBy(() -> export(api.options().option("max-retries", "2").build()))
                .isExactlyInstanceOf(D1ExportException.class).hasMessageNotContaining("may have")
                .satisfies(e -> assertThat(((D1ExportException) e).details().httpStatus()).hasValue(503));
        // The first call, then one poll and its two retries.
        assertThat(api.exportCalls()).hasSize(4);
    }

    /** What a failed first call says when the server may have acted on it: a new export may then be refused as busy. */
    private static final String MAY_HAVE_STARTED = " (the call may have reached the server and started an export"
            + " there; Cloudflare cancels one that is no longer polled)";

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 503})
    void theFirstCallIsNotRetriedAfterA5xxSinceTheExportMayHaveStartedAndSaysSo(int status) {
        api.stubCalls(CloudflareStub.htmlError(status).withHeader("cf-ray", "8a1b2c3d4e5f-AMS"), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(D1ExportException.class)
                .satisfies(e -> {
                    D1ExportException d1 = (D1ExportException) e;
                    assertThat(d1.summary()).startsWith("Cloudflare API failed starting the export of ")
                            .contains(" with a server error (HTTP " + status + ")").endsWith(MAY_HAVE_STARTED);
                    assertThat(d1.details().httpStatus()).hasValue(status);
                    assertThat(d1.details().rayId()).contains("8a1b2c3d4e5f-AMS");
                });
        assertThat(api.exportCalls()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void theFirstCallIsNotRetriedAfterAConnectionResetAndSaysAnExportMayHaveStarted() {
        api.stubCalls(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(D1ExportException.class)
                .hasMessageStartingWith("Cloudflare API failed starting the export").hasMessageEndingWith(MAY_HAVE_STARTED);
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void theFirstCallAnsweredWithNothingAtAllSaysAnExportMayHaveStarted() {
        // The server read the call and closed the connection: as FakeD1Server's Fault.dropConnection() does.
        api.stubCalls(aResponse().withFault(Fault.EMPTY_RESPONSE), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(D1ExportException.class)
                .hasMessageEndingWith(MAY_HAVE_STARTED);
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void theFirstCallWithNoAnswerWithinTheRequestTimeoutSaysAnExportMayHaveStarted() {
        // The call's own limit, not the export's deadline, runs out: the call was sent, so it is not sent again.
        api.stubCalls(CloudflareStub.active().withFixedDelay(3_000), api.complete());

        assertThatThrownBy(() -> export(api.options().option("request-timeout", "500ms").build()))
                .isExactlyInstanceOf(D1ExportException.class)
                .hasMessageStartingWith("Cloudflare API failed starting the export of ")
                .hasMessageEndingWith(": no answer within 500ms (the call reached the server, so an export may have"
                        + " started there; Cloudflare cancels one that is no longer polled)");
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aFirstCallTheServerRefusedSaysNothingOfAnExportThatMayHaveStarted() {
        api.stubCalls(CloudflareStub.apiError(400, 7500, "bad request"), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isInstanceOf(D1ExportException.class)
                .hasMessageContaining("bad request").hasMessageNotContaining("may have");
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void theFirstCallAnswered408IsNotRetriedAndSaysAnExportMayHaveStartedKeepingItsType() {
        // A 408 says, as a 5xx does, nothing of whether the call was acted on before the server gave up on it.
        api.stubCalls(CloudflareStub.apiError(408, 0, "request timeout"), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(ExportFailedException.class)
                .satisfies(e -> {
                    D1ExportException d1 = (D1ExportException) e;
                    assertThat(d1.summary()).startsWith("Cloudflare API failed starting the export of ")
                            .contains("request timeout").endsWith(MAY_HAVE_STARTED);
                    assertThat(d1.details().httpStatus()).hasValue(408);
                    assertThat(d1.details().rayId()).contains("8a1b2c3d4e5f-AMS");
                });
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aFirstCallWhoseTlsHandshakeFailsSaysNothingOfAnExportThatMayHaveStarted() throws Exception {
        // A server whose certificate the client does not trust (a TLS-inspecting proxy, say): the handshake fails
        // before any byte of the call is sent, so no export can have started.
        WireMockServer tls = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort());
        tls.start();
        try {
            tls.stubFor(post(urlPathEqualTo(CloudflareStub.EXPORT_PATH)).willReturn(CloudflareStub.active()));
            ExportOptions options = api.options()
                    .option("base-url", "https://127.0.0.1:" + tls.httpsPort() + "/client/v4").build();

            assertThatThrownBy(() -> export(options)).isExactlyInstanceOf(D1ExportException.class)
                    .hasMessageStartingWith("Cloudflare API failed starting the export of ")
                    .hasMessageContaining("SSLHandshakeException").hasMessageNotContaining("may have");
            assertThat(tls.getAllServeEvents()).isEmpty();
        } finally {
            tls.stop();
        }
    }

    @Test
    void aFirstCallAnswered2xxWithABodyTooLargeToReadSaysAnExportMayHaveStarted() {
        // The 2xx shows that the call reached something that answered it, as a 2xx that is not JSON does.
        api.stubCalls(CloudflareStub.jsonAnswer(200, "{\"x\":\"" + "x".repeat(9 << 20) + "\"}"), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(ProtocolViolationException.class)
                .satisfies(e -> assertThat(((D1ExportException) e).summary())
                        .contains("with more than 8 MiB; refusing to read it").endsWith(" (the call reached the"
                                + " server, so an export may have started there; Cloudflare cancels one that is no"
                                + " longer polled)"));
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aPollWithNoAnswerWithinTheRequestTimeoutIsRetriedAndSaysNothingOfAStart() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active().withFixedDelay(3_000));

        assertThatThrownBy(() -> export(api.options().option("request-timeout", "300ms").option("max-retries", "1")
                .option("retry-base-delay", "10ms").option("retry-max-delay", "10ms").build()))
                .isExactlyInstanceOf(D1ExportException.class)
                .hasMessageStartingWith("Cloudflare API failed polling the export of ")
                .hasMessageEndingWith(": no answer within 300ms");
        // The first call, then one poll and its retry.
        assertThat(api.exportCalls()).hasSize(3);
    }

    @Test
    void theFirstCallIsRetriedAfter429() throws Exception {
        api.stubCalls(CloudflareStub.apiError(429, 971, "rate limited").withHeader("retry-after-ms", "20"),
                api.complete());
        api.stubDump();

        export(api.options().build());

        assertThat(api.exportCalls()).hasSize(2);
        assertThat(api.exportCalls().get(1).getBodyAsString()).doesNotContain("current_bookmark");
        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
    }

    @Test
    void theFirstCallIsRetriedWhenTheConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ExportOptions options = api.options().option("base-url", "http://127.0.0.1:" + closedPort + "/client/v4")
                .option("max-retries", "2").build();

        // The JDK's own error, which holds no credential, is the cause as it was thrown.
        assertThatThrownBy(() -> export(options)).isExactlyInstanceOf(D1ExportException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1").hasCauseInstanceOf(ConnectException.class);
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(2)
                .allSatisfy(r -> assertThat(r.reason()).contains("cannot connect"));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsAtOnceWithTheRateLimit() {
        api.stubCalls(CloudflareStub.apiError(429, 971, "rate limited").withHeader("Retry-After", "600"));

        assertThatThrownBy(() -> {
            try (Exporter exporter = api.exporter()) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                        .timeout(Duration.ofSeconds(20)).build());
            }
        }).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(600)));
        assertThat(api.exportCalls()).hasSize(1);
    }
}
