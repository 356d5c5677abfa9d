package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1Export;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.PermissionDeniedException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault FakeD1Server can inject, met end to end by the {@code cloudflare} provider: transient ones are retried
 * (and the dump is still exact), the others end in the SPI's typed error with nothing written.
 */
class CloudflareFaultsEndToEndTest {

    static final String TOKEN = "fault-token";
    static final String DB_ID = "fa017000-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    FakeD1Server server;
    Path lab;
    byte[] expected;
    final List<ExportEvent> events = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        lab = Golden.copy("lab.sqlite", dir);
        expected = Golden.bytes("export_tables_users_posts.sql");
        server = FakeD1Server.builder().apiToken(TOKEN).apiKey("ops@example.com", "global-key")
                .database(DB_ID, "lab", lab).insertColumnList(false).pollsUntilComplete(2).build();
    }

    @AfterEach
    void stop() {
        assertThat(server.journal().credentialLeaks()).as("credentials sent to the signed URL").isEmpty();
        server.close();
    }

    Map<String, String> options(String... more) {
        Map<String, String> options = new LinkedHashMap<>(server.clientProperties(TOKEN));
        options.put("retry-base-delay", "10ms");
        options.put("retry-max-delay", "50ms");
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    ExportResult export(Path out, Map<String, String> options, String database) {
        try (Exporter exporter = D1Export.open(server.exportUrl(database), options)) {
            return exporter.export(ExportRequest.builder().tables("users", "posts").destination(out)
                    .listener(events::add).build());
        }
    }

    ExportResult export(Path out, Map<String, String> options) {
        return export(out, options, DB_ID);
    }

    void assertExact(Path out) throws Exception {
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
        assertThat(server.pendingFaults()).as("every injected fault was met").isZero();
    }

    /** A failed export leaves the previous file as it was and no temporary file. */
    void assertUntouched(Path out) throws Exception {
        assertThat(Files.readString(out)).isEqualTo("previous");
        try (var files = Files.list(out.getParent())) {
            assertThat(files.filter(p -> !p.getFileName().toString().endsWith(".sqlite"))).containsExactly(out);
        }
    }

    Path previous() throws Exception {
        Path out = dir.resolve("dump.sql");
        Files.writeString(out, "previous");
        return out;
    }

    List<ExportEvent.Retry> retries() {
        return events.stream().filter(ExportEvent.Retry.class::isInstance).map(ExportEvent.Retry.class::cast)
                .toList();
    }

    @Test
    void jsonErrorStatusesOnPollsAreRetried() throws Exception {
        server.inject(RequestMatcher.exportPolls(), 2, Fault.status(503));
        Path out = dir.resolve("dump.sql");
        export(out, options());
        assertExact(out);
        assertThat(retries()).hasSize(2).allSatisfy(r -> assertThat(r.reason()).contains("HTTP 503"));
    }

    @Test
    void aJsonErrorOnTheCallThatStartsTheExportIsNotRetriedAndCarriesItsDetails() throws Exception {
        server.inject(RequestMatcher.exportStarts(), 1, Fault.status(500, 7500, "Internal error"));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options())).isInstanceOf(D1ExportException.class)
                .hasMessageContaining("Internal error")
                .satisfies(e -> {
                    D1ExportException d = (D1ExportException) e;
                    assertThat(d.details().httpStatus()).hasValue(500);
                    assertThat(d.details().errorCodes()).containsExactly(7500);
                    assertThat(d.details().rayId()).hasValueSatisfying(ray -> assertThat(ray).endsWith("-FAKE"));
                });
        assertUntouched(out);
        assertThat(server.journal().of(Endpoint.EXPORT)).hasSize(1);
    }

    @Test
    void htmlErrorPagesAreRetriedAndNeverQuoted() throws Exception {
        server.inject(RequestMatcher.exportPolls(), 1, Fault.htmlStatus(502));
        Path ok = dir.resolve("dump.sql");
        export(ok, options());
        assertExact(ok);

        server.inject(Endpoint.LIST_DATABASES, 10, Fault.htmlStatus(520));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options("max-retries", "1"), "lab"))
                .isInstanceOf(D1ExportException.class)
                .hasMessageContaining("text/html")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("<html").doesNotContain("DOCTYPE"));
        assertUntouched(out);
        server.reset();
    }

    @Test
    void rateLimitsHonourRetryAfterAndSurfaceAsRateLimited() throws Exception {
        server.inject(RequestMatcher.exportPolls(), 1, Fault.status(429).withRetryAfter(Duration.ofSeconds(1)));
        Path ok = dir.resolve("dump.sql");
        // A poll retry waits what the server asks, but never longer than the longest poll gap (which keeps the
        // export alive on the server).
        export(ok, options("max-poll-interval", "2s"));
        assertExact(ok);
        assertThat(retries()).singleElement().satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1)));

        server.inject(RequestMatcher.exportPolls(), 1, Fault.status(429).withRetryAfter(Duration.ofSeconds(30)));
        events.clear();
        export(ok, options());
        assertExact(ok);
        assertThat(retries()).singleElement().satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofMillis(50)));

        server.inject(RequestMatcher.exportStarts(), 1, Fault.status(429).withRetryAfter(Duration.ofSeconds(30)));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options("timeout", "2s")))
                .isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(30)));
        assertUntouched(out);
    }

    /** Whether a stack is in the fake server's handling of a request. */
    private static boolean handling(StackTraceElement[] stack) {
        return ThreadWatch.inMethod(stack, "dev.d1export.testkit.internal.FakeHandler", "handle");
    }

    /**
     * A delayed export start the client gave up on was still acted on when its delay ended, even after reset(): it
     * started an export nobody polled, and the next test's export of that database got D1's 409 busy answer.
     */
    @Test
    void aDelayedRequestThatOutlastsAResetIsNotActedOn() throws Exception {
        // A delay far longer than the client's timeout, so that the reset comes during it even on a loaded machine.
        server.inject(RequestMatcher.exportStarts(), 1, Fault.delay(Duration.ofSeconds(3)));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options("request-timeout", "150ms", "max-retries", "0")))
                .isInstanceOf(D1ExportException.class).hasMessageContaining("may have");
        // The reset must come while the request is held in its delay, and the next export only once that delay
        // has ended and the request is dropped: otherwise the test would pass without meeting its scenario (or a
        // request reaching the server after the reset would be answered at once and start an export).
        ThreadWatch.await("the delayed start held in its delay",
                () -> ThreadWatch.stacks().anyMatch(s -> handling(s) && ThreadWatch.sleeping(s)));
        server.reset();
        ThreadWatch.await("the delayed start dropped",
                () -> ThreadWatch.stacks().noneMatch(CloudflareFaultsEndToEndTest::handling));

        Path next = dir.resolve("next.sql");
        export(next, options());
        assertExact(next);
    }

    @Test
    void aDelayLongerThanTheRequestTimeoutIsRetriedOnAPoll() throws Exception {
        // A request timeout far above any ordinary answer, even on a loaded machine (a second, slow but undelayed
        // call must not time out too), and a delay far above the timeout.
        server.inject(RequestMatcher.exportPolls(), 1, Fault.delay(Duration.ofSeconds(10)));
        Path out = dir.resolve("dump.sql");
        export(out, options("request-timeout", "2s"));
        assertExact(out);
        assertThat(retries()).singleElement().satisfies(r -> assertThat(r.reason()).contains("no answer within 2s"));
    }

    @Test
    void droppedConnectionsAreRetriedOnPollsButNotOnTheStart() throws Exception {
        server.inject(RequestMatcher.exportPolls(), 1, Fault.dropConnection());
        Path ok = dir.resolve("dump.sql");
        export(ok, options());
        assertExact(ok);
        assertThat(retries()).hasSize(1);

        server.reset();
        server.inject(RequestMatcher.exportStarts(), 1, Fault.dropConnection());
        Path out = previous();
        // The server acted on the start before it dropped the connection: the message says an export may be running.
        assertThatThrownBy(() -> export(out, options())).isInstanceOf(D1ExportException.class)
                .hasMessageContaining("starting the export of ")
                .hasMessageContaining("(the call may have reached the server and started an export there;");
        assertUntouched(out);
    }

    @Test
    void aTruncatedApiAnswerIsRetried() throws Exception {
        server.inject(RequestMatcher.exportPolls(), 1, Fault.truncatedBody());
        Path out = dir.resolve("dump.sql");
        export(out, options());
        assertExact(out);
        assertThat(retries()).hasSize(1);
    }

    @Test
    void aTruncatedDownloadIsRetriedAndOtherwiseNeverWritten() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.truncatedBody());
        Path ok = dir.resolve("dump.sql");
        export(ok, options());
        assertExact(ok);
        assertThat(server.journal().of(Endpoint.DOWNLOAD)).hasSize(2);

        server.inject(Endpoint.DOWNLOAD, 1, Fault.truncatedBody());
        Path out = previous();
        assertThatThrownBy(() -> export(out, options("download-retries", "0")))
                .isInstanceOf(DownloadFailedException.class);
        assertUntouched(out);
    }

    @Test
    void aTruncatedDownloadIsResumedWithARangeRequestForTheSameObject() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.truncatedBody());
        Path ok = dir.resolve("dump.sql");
        export(ok, options());
        assertExact(ok);
        List<ReceivedRequest> downloads = server.journal().of(Endpoint.DOWNLOAD);
        assertThat(downloads).hasSize(2);
        assertThat(downloads.get(0).header("range")).isEmpty();
        assertThat(downloads.get(1).header("range")).hasValue("bytes=" + expected.length / 2 + "-");
        assertThat(downloads.get(1).header("if-range")).hasValueSatisfying(etag -> assertThat(etag).startsWith("\""));
    }

    @Test
    void aThrottledDownloadAnsweredInXmlIsRetriedAfterTheWaitItAsksFor() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(503).withRetryAfter(Duration.ofSeconds(1)));
        Path out = dir.resolve("dump.sql");
        export(out, options());
        assertExact(out);
        assertThat(server.journal().of(Endpoint.DOWNLOAD)).hasSize(2);
        assertThat(retries()).singleElement().satisfies(retry -> {
            assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(1));
            assertThat(retry.reason()).contains("503").contains("ServiceUnavailable");
        });
    }

    @Test
    void aDeniedDownloadEndsInATypedErrorNamingTheObjectStoresCode() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(403, 0, "Access Denied"));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options()))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("403").hasMessageContaining("AccessDenied");
        assertUntouched(out);
        assertThat(server.journal().of(Endpoint.DOWNLOAD)).hasSize(1);
    }

    @Test
    void aDroppedDownloadToAStreamThatGotNoBytesIsRetried() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.dropConnection());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open(server.exportUrl(DB_ID), options())) {
            exporter.export(ExportRequest.builder().tables("users", "posts").destination(sink).build());
        }
        assertThat(sink.toByteArray()).isEqualTo(expected);
        assertThat(server.journal().of(Endpoint.DOWNLOAD)).hasSize(2);
    }

    @Test
    void aSlowDownloadArrivesWholeOrTimesOutWithNothingWritten() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.slowBody(expected.length * 4L));
        Path ok = dir.resolve("dump.sql");
        export(ok, options());
        assertExact(ok);

        server.inject(Endpoint.DOWNLOAD, 1, Fault.slowBody(100));
        Path out = previous();
        assertThatThrownBy(() -> {
            try (Exporter exporter = D1Export.open(server.exportUrl(DB_ID), options())) {
                exporter.export(ExportRequest.builder().tables("users", "posts").destination(out)
                        .timeout(Duration.ofMillis(1500)).build());
            }
        }).isInstanceOf(ExportTimeoutException.class);
        assertUntouched(out);
    }

    @Test
    void invalidJsonIsRetriedOnPollsAndAProtocolViolationWhenItPersistsOrOnTheStart() throws Exception {
        // A 200 whose body is cut short says nothing about the export; the poll is asked again.
        server.inject(RequestMatcher.exportPolls(), 1, Fault.invalidJson());
        Path ok = dir.resolve("dump.sql");
        export(ok, options());
        assertExact(ok);
        assertThat(retries()).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("HTTP 200")
                .contains("not one complete JSON text"));

        server.reset();
        server.inject(RequestMatcher.exportPolls(), 10, Fault.invalidJson());
        Path out = previous();
        assertThatThrownBy(() -> export(out, options("max-retries", "2")))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("after 3 attempts");
        assertUntouched(out);

        server.reset();
        server.inject(RequestMatcher.exportStarts(), 1, Fault.invalidJson());
        assertThatThrownBy(() -> export(out, options())).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("an export may have started");
        assertUntouched(out);
        assertThat(server.journal().of(Endpoint.EXPORT)).hasSize(1);
        server.reset();
    }

    @Test
    void wrongCredentialsAreAnAuthenticationErrorWithCode10000AndTheLegacyKeyWorks() throws Exception {
        Path out = previous();
        assertThatThrownBy(() -> export(out, options("api-token", "wrong-token")))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> {
                    D1ExportException d = (D1ExportException) e;
                    assertThat(d.details().httpStatus()).hasValue(401);
                    assertThat(d.details().errorCodes()).containsExactly(10000);
                })
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-token"));
        assertUntouched(out);

        Map<String, String> legacy = options();
        legacy.remove("api-token");
        legacy.put("email", "ops@example.com");
        legacy.put("api-key", "global-key");
        Path ok = dir.resolve("legacy.sql");
        export(ok, legacy);
        assertThat(Files.readAllBytes(ok)).isEqualTo(expected);
        assertThat(server.journal().of(Endpoint.EXPORT)).last()
                .satisfies(r -> assertThat(r.header("x-auth-key")).contains("****"));
    }

    @Test
    void anotherAccountIsPermissionDenied() throws Exception {
        Path out = previous();
        try (Exporter exporter = D1Export.open("d1:cloudflare://ffffffffffffffffffffffffffffffff/" + DB_ID,
                options())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(PermissionDeniedException.class);
        }
        assertUntouched(out);
    }

    @Test
    void anUnknownDatabaseIsNotFoundWithCode7404ByIdAndByName() throws Exception {
        Path out = previous();
        assertThatThrownBy(() -> export(out, options(), "00000000-0000-4000-8000-000000000000"))
                .isInstanceOf(DatabaseNotFoundException.class)
                .satisfies(e -> assertThat(((D1ExportException) e).details().errorCodes()).containsExactly(7404));
        assertThatThrownBy(() -> export(out, options(), "no-such-db")).isInstanceOf(DatabaseNotFoundException.class);
        assertUntouched(out);
    }

    @Test
    void anExportWhileAnotherRunsIsBusy() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/accounts/"
                + server.accountId() + "/d1/database/" + DB_ID + "/export"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"output_format\":\"polling\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        Path out = previous();
        assertThatThrownBy(() -> export(out, options())).isInstanceOf(ExportBusyException.class)
                .hasMessageContaining("Currently processing a long-running export");
        assertUntouched(out);
    }

    @Test
    void anExportThatIsNotPolledInTimeIsCancelledByTheServer() throws Exception {
        server.close();
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "lab", lab).pollsUntilComplete(3)
                .abandonAfter(Duration.ofMillis(200)).build();
        // A poll never reaches D1 (an edge holds it past the window, then answers 503): by the retry, the server has
        // cancelled the export. (A poll only delayed on its way back counts when it arrives and keeps the export.)
        server.inject(RequestMatcher.exportPolls(), 1, Fault.status(503).withDelay(Duration.ofMillis(500)));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options())).isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("Export cancelled");
        assertUntouched(out);
        assertThat(server.isExportRunning(server.database(DB_ID).orElseThrow())).isFalse();
    }

    @Test
    void anExpiredSignedUrlIsRefusedAndNothingIsWritten() throws Exception {
        server.close();
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "lab", lab).pollsUntilComplete(0)
                .signedUrlLifetime(Duration.ofMillis(1)).build();
        server.inject(Endpoint.DOWNLOAD, 1, Fault.delay(Duration.ofMillis(20)));
        Path out = previous();
        assertThatThrownBy(() -> export(out, options())).isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("AccessDenied")
                .satisfies(e -> assertThat(((D1ExportException) e).details().hint()).isPresent());
        assertUntouched(out);
    }
}
