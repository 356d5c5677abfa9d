package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.http.internal.ScriptedServer;
import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.PermissionDeniedException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Failed API answers: each status, with a JSON and with an HTML body, maps to its typed error with its details. */
class ApiErrorTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private ExportResult export() {
        try (Exporter exporter = api.exporter(api.options().option("max-retries", "0").build())) {
            return exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).build());
        }
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, 7500, ExportFailedException.class),
                Arguments.of(401, 10000, AuthenticationException.class),
                Arguments.of(403, 7403, PermissionDeniedException.class),
                Arguments.of(404, 7404, DatabaseNotFoundException.class),
                Arguments.of(409, 7409, ExportBusyException.class),
                Arguments.of(429, 971, RateLimitedException.class),
                Arguments.of(500, 7500, D1ExportException.class),
                Arguments.of(502, 1000, D1ExportException.class),
                Arguments.of(503, 1000, D1ExportException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databaseGoneAnswers")
    void aDatabaseThatGoesAwayDuringItsExportIsNotBlamedOnTheIds(String name,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder gone, String ending) {
        // The first call found the database: a later "not found" means it went away, not that its ids are wrong.
        api.stubCalls(CloudflareStub.active(), gone);

        assertThatThrownBy(this::export).isExactlyInstanceOf(DatabaseNotFoundException.class).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.summary()).startsWith("Cloudflare API failed polling the export of ").endsWith(ending);
            assertThat(e.details().hint()).hasValue("check that the database still exists; its ids were right when"
                    + " the export started");
        });
        assertThat(api.exportCalls()).hasSize(2);
    }

    static Stream<Arguments> databaseGoneAnswers() {
        return Stream.of(
                Arguments.of("404 with code 7404", CloudflareStub.apiError(404, 7404, "Database not found"),
                        ": Database not found; the export's first call found the database, so it was deleted while"
                                + " it was exported"),
                Arguments.of("200 with success:false and code 7404", CloudflareStub.jsonAnswer(200,
                        "{\"success\":false,\"errors\":[{\"code\":7404,\"message\":\"Database not found\"}],"
                                + "\"messages\":[],\"result\":null}"),
                        ": Database not found; the export's first call found the database, so it was deleted while"
                                + " it was exported"),
                // A page from the edge says nothing of D1's: the database may be gone, or something else may be.
                Arguments.of("404 page without an API error", CloudflareStub.htmlError(404),
                        "; the export's first call found the database, so it may have been deleted while it was"
                                + " exported"));
    }

    @Test
    void aDatabaseMissingAtTheStartPointsAtTheIds() {
        api.stubCalls(CloudflareStub.apiError(404, 0, "Not found"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(DatabaseNotFoundException.class).satisfies(t ->
                assertThat(((D1ExportException) t).details().hint())
                        .hasValue("check the account id and the database id or name"));
    }

    @ParameterizedTest(name = "403 with code {0}")
    @CsvSource({"7403, check the account id: it may be wrong", "9109, check that the credentials may use D1"})
    void aRefusedAccountIsToldApartFromAMissingPermission(int code, String hint) {
        // 7403 is Cloudflare's answer for an account id that is wrong as much as for one the token may not use.
        api.stubCalls(CloudflareStub.apiError(403, code, "not allowed"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(PermissionDeniedException.class)
                .satisfies(t -> assertThat(((D1ExportException) t).details().hint()).hasValueSatisfying(
                        h -> assertThat(h).startsWith(hint)));
    }

    @ParameterizedTest(name = "HTTP {0} with a JSON envelope")
    @MethodSource("statuses")
    void jsonErrorMapsToItsTypeWithCodesAndRay(int status, int code, Class<? extends D1ExportException> type) {
        api.stubCalls(CloudflareStub.apiError(status, code, "the server says no (" + status + ")"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(type).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.details().httpStatus()).hasValue(status);
            assertThat(e.details().errorCodes()).containsExactly(code);
            assertThat(e.details().errorMessages()).containsExactly("the server says no (" + status + ")");
            assertThat(e.details().rayId()).contains("8a1b2c3d4e5f-AMS");
            assertThat(e.getMessage()).contains("the server says no").contains("HTTP " + status)
                    .contains("8a1b2c3d4e5f-AMS").doesNotContain(CloudflareStub.TOKEN);
        });
        assertThat(dir.resolve("out.sql")).doesNotExist();
        assertThat(api.downloads()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0} with an HTML page")
    @MethodSource("statuses")
    void htmlErrorMapsToItsTypeWithoutQuotingThePage(int status, int code, Class<? extends D1ExportException> type) {
        api.stubCalls(CloudflareStub.htmlError(status));

        assertThatThrownBy(this::export).isExactlyInstanceOf(type).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.details().httpStatus()).hasValue(status);
            assertThat(e.details().errorCodes()).isEmpty();
            assertThat(e.details().rayId()).contains("8a1b2c3d4e5f-AMS");
            assertThat(e.getMessage()).contains("text/html").doesNotContain("<html>");
        });
    }

    @ParameterizedTest(name = "HTTP {0} with code 10000")
    @ValueSource(ints = {400, 401, 403})
    void code10000IsAnAuthenticationErrorWhateverTheStatus(int status) {
        // Cloudflare answers a bad or expired token with 403 and code 10000 ("Authentication error").
        api.stubCalls(CloudflareStub.apiError(status, 10000, "Authentication error"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(AuthenticationException.class).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.details().httpStatus()).hasValue(status);
            assertThat(e.details().errorCodes()).containsExactly(10000);
            assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("API token"));
            assertThat(e.getMessage()).contains("Authentication error").doesNotContain(CloudflareStub.TOKEN);
        });
    }

    @Test
    void aFailureWithoutAnyApiErrorSaysSoInItsHintInsteadOfPointingToAMessage() {
        api.stubCalls(CloudflareStub.jsonAnswer(400, "{\"success\":false,\"errors\":\"oops\"}"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(ExportFailedException.class).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.getMessage()).contains("no API error in the answer (application/json, ");
            assertThat(e.details().hint()).hasValue("the answer carried no error message to say why; if it persists,"
                    + " report it with the cf-ray id");
        });
        wm.resetAll();
        api.stubCalls(CloudflareStub.apiError(400, 7500, "bad request"));
        assertThatThrownBy(this::export).isExactlyInstanceOf(ExportFailedException.class)
                .satisfies(t -> assertThat(((D1ExportException) t).details().hint()).isEmpty());
    }

    @Test
    void aCredentialTheServerQuotesBackSpeltWithJsonEscapesIsMaskedToo() {
        StringBuilder escaped = new StringBuilder();
        for (char c : CloudflareStub.TOKEN.toCharArray()) {
            escaped.append(String.format("\\u%04x", (int) c));
        }
        // An escaped backslash followed by "u0061" is text, not an escape: it stays as the server wrote it.
        api.stubCalls(CloudflareStub.jsonAnswer(401, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":"
                + "\"token " + escaped + " is invalid \\\\u0061\"}],\"messages\":[],\"result\":null}"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(AuthenticationException.class)
                .hasMessageContaining("token **** is invalid \\u0061")
                .hasMessageNotContaining(CloudflareStub.TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // JSON must escape a quote and a backslash; it may escape a slash, and any character as six characters.
        "a quote, escaped as JSON must | tok-S3CR3T\"value-never-shown | tok-S3CR3T\\\"value-never-shown",
        "a backslash, escaped as JSON must | tok-S3CR3T\\value-never-shown | tok-S3CR3T\\\\value-never-shown",
        "a slash, escaped as JSON may | tok-S3CR3T/value/never-shown | tok-S3CR3T\\/value/never-shown",
        "a slash in a u-escape | tok-S3CR3T/value-never-shown | tok-S3CR3T\\u002Fvalue-never-shown",
    })
    void aCredentialWithCharactersJsonEscapesIsMaskedInItsEscapedSpelling(String what, String token,
            String inJson) {
        api.stubCalls(CloudflareStub.jsonAnswer(401, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":"
                + "\"bad token " + inJson + " here\"}],\"messages\":[],\"result\":null}"));

        try (Exporter exporter = api.exporter(api.options().secret("api-token", token).build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build())).as(what).isExactlyInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("bad token **** here").hasMessageNotContaining(token)
                    .hasMessageNotContaining("S3CR3T");
        }
    }

    @Test
    void aCredentialTheServerQuotesBackIsMaskedInErrorsAndInTheResultsMessages() {
        api.stubCalls(CloudflareStub.apiError(401, 10000, "Authentication error: token " + CloudflareStub.TOKEN
                + " is invalid"));
        assertThatThrownBy(this::export).isExactlyInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authentication error: token **** is invalid")
                .hasMessageNotContaining(CloudflareStub.TOKEN);

        wm.resetAll();
        api.stubCalls(CloudflareStub.failedExport("export refused for Bearer " + CloudflareStub.TOKEN));
        assertThatThrownBy(this::export).isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("Bearer ****").hasMessageNotContaining(CloudflareStub.TOKEN);

        wm.resetAll();
        api.stubCalls(api.complete("echo: " + CloudflareStub.TOKEN + "; " + CloudflareStub.TOKEN));
        api.stubDump();
        assertThat(export().messages()).contains("echo: ****; ****").noneMatch(m -> m.contains(CloudflareStub.TOKEN));
    }

    @Test
    void aCredentialTheServerEchoesInItsCfRayHeaderIsMaskedInErrorsAndLogLines() {
        // A proxy or a broken edge that echoes the request's Authorization into a header the provider quotes.
        api.stubCalls(aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                .withHeader("cf-ray", "Bearer " + CloudflareStub.TOKEN).withBody("<html>down</html>"));
        java.util.List<String> lines;
        try (LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = api.exporter(api.options().option("max-retries", "1")
                     .option("min-poll-interval", "1ms").build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .build())).isInstanceOf(D1ExportException.class).satisfies(t -> {
                        D1ExportException e = (D1ExportException) t;
                        assertThat(e.getMessage()).contains("HTTP 503").doesNotContain(CloudflareStub.TOKEN);
                        assertThat(String.valueOf(e.details())).doesNotContain(CloudflareStub.TOKEN);
                        assertThat(e.details().rayId().orElse("")).doesNotContain(CloudflareStub.TOKEN);
                    });
            java.util.logging.SimpleFormatter formatter = new java.util.logging.SimpleFormatter();
            lines = log.records().stream().map(formatter::formatMessage).toList();
        }
        assertThat(lines).anyMatch(l -> l.contains("HTTP 503")).noneMatch(l -> l.contains(CloudflareStub.TOKEN));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // The JDK's HTTP client refuses such heads with an error that quotes the offending line (CRLF: a line end).
        "as the status line | {0}CRLFCRLF",
        "as a header name | HTTP/1.1 503 Service UnavailableCRLF{0}: xCRLFContent-Length: 0CRLFCRLF",
    })
    void aCredentialEchoedInAHeadTheJdkRefusesIsMaskedInErrorsCausesEventsAndLogLines(String where,
            String script) throws Exception {
        // A proxy or a broken server that echoes the request's Authorization line into an answer the JDK cannot parse:
        // its own error quotes that line, and so the token, before the provider sees any header or body to mask.
        try (ScriptedServer server = new ScriptedServer(
                out -> out.write(ScriptedServer.ascii(script.replace("{0}",
                        "Authorization-Bearer " + CloudflareStub.TOKEN).replace("CRLF", "\r\n"))));
             LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = api.exporter(ExportOptions.parse("d1:cloudflare://"
                     + CloudflareStub.ACCOUNT + "/app").mutate().secret("api-token", CloudflareStub.TOKEN)
                     .option("base-url", server.url("/client/v4")).option("max-retries", "1")
                     .option("retry-base-delay", "1ms").build())) {
            CloudflareStub.Events events = new CloudflareStub.Events();
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .listener(events).build())).as(where).isInstanceOf(D1ExportException.class).satisfies(t -> {
                        StringWriter trace = new StringWriter();
                        t.printStackTrace(new PrintWriter(trace));
                        assertThat(trace.toString()).contains("Authorization-Bearer ****")
                                .doesNotContain(CloudflareStub.TOKEN);
                        // The JDK's error is kept as the cause, its description masked, its stack the JDK's own (not
                        // the provider's line that replaced it) and its own causes, which quote the line, left out.
                        assertThat(t.getCause()).isExactlyInstanceOf(IOException.class)
                                .hasMessageContaining("Authorization-Bearer ****").hasNoCause();
                        assertThat(t.getCause().getStackTrace()).isNotEmpty();
                        assertThat(t.getCause().getStackTrace()[0].getClassName()).startsWith("jdk.internal.net.http.");
                    });
            assertThat(server.requests()).hasSize(2).allMatch(r -> r.contains(CloudflareStub.TOKEN));
            assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("****").doesNotContain(CloudflareStub.TOKEN));
            SimpleFormatter formatter = new SimpleFormatter();
            assertThat(log.records()).map(formatter::format).anyMatch(l -> l.contains("Retrying"))
                    .noneMatch(l -> l.contains(CloudflareStub.TOKEN));
        }
    }

    @Test
    void aLongAccountIdOnLoopbackIsMaskedInTheDebugLogLinesToo() {
        // Accepted on loopback, "never shown" (****): a token pasted where the account id goes looks like this.
        String longAccount = "tokLIKEaccount0123456789abcdef0123456789";
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(CloudflareStub.apiError(403, 7403, "no such account")));
        java.util.List<String> lines;
        try (LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = api.exporter(ExportOptions.parse("d1:cloudflare://" + longAccount
                     + "/" + CloudflareStub.DATABASE).mutate().secret("api-token", CloudflareStub.TOKEN)
                     .option("base-url", api.baseUrl()).option("max-retries", "0").build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .build())).isInstanceOf(D1ExportException.class).hasMessageNotContaining(longAccount);
            java.util.logging.SimpleFormatter formatter = new java.util.logging.SimpleFormatter();
            lines = log.records().stream().map(formatter::formatMessage).toList();
        }
        assertThat(lines).anyMatch(l -> l.contains("HTTP 403")).noneMatch(l -> l.contains(longAccount));
        // The call's line still shows which path was called, with the account id as messages show it.
        assertThat(lines).contains("POST /client/v4/accounts/****/d1/database/" + CloudflareStub.DATABASE
                + "/export -> HTTP 403 cf-ray 8a1b2c3d4e5f-AMS");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorIsTheRootTypeAndSaysSoWithItsStatus(int status) {
        api.stubCalls(CloudflareStub.apiError(status, 7500, "internal"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(D1ExportException.class).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.summary()).contains("server error").contains("HTTP " + status).contains("internal")
                    .contains("starting the export");
        });

        api.stubCalls(CloudflareStub.htmlError(status));
        assertThatThrownBy(this::export).isExactlyInstanceOf(D1ExportException.class).satisfies(t -> assertThat(
                ((D1ExportException) t).summary()).contains("server error (HTTP " + status + ")"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {600, 799, 999})
    void aStatusAboveTheHttpRangeIsNotCalledAServerError(int status) {
        // java.net.http accepts any three-digit status; HTTP defines classes 1xx to 5xx only.
        api.stubCalls(CloudflareStub.apiError(status, 7500, "odd"));

        assertThatThrownBy(this::export).isExactlyInstanceOf(D1ExportException.class).satisfies(t -> {
            D1ExportException e = (D1ExportException) t;
            assertThat(e.summary()).contains("an unexpected HTTP status (" + status + ")").contains("odd")
                    .contains("starting the export").doesNotContain("server error");
            assertThat(e.details().httpStatus()).hasValue(status);
        });
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        api.stubCalls(CloudflareStub.apiError(429, 971, "Please wait and consider throttling your request speed")
                .withHeader("Retry-After", "300"));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(300));
            assertThat(e.details().errorCodes()).containsExactly(971);
            // The limit as d1-export-protocol.md gives it: per user, across all tools, so other tools count too.
            assertThat(e.details().hint()).hasValue(
                    "Cloudflare allows 1200 API calls per 5 minutes per user, across all tools");
        });
    }

    @Test
    void aServersLongErrorTextIsCutWhereverItGoes() {
        // 50 errors of 128 Ki characters: under the 8 MiB an answer may have, far over what a message should carry.
        String longText = "y".repeat(1 << 17);
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            errors.append(i == 0 ? "" : ",").append("{\"code\":7500,\"message\":\"").append(longText).append("\"}");
        }
        api.stubCalls(CloudflareStub.jsonAnswer(400, "{\"success\":false,\"errors\":[" + errors + "],\"messages\":[]}"));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ExportFailedException.class, e -> {
            assertThat(e.getMessage()).contains("y".repeat(1000) + "... (" + ((1 << 17) - 1000) + " more characters)")
                    .hasSizeLessThan(6 * 1100);
            // The message lists the first five texts; the size bound alone would let a sixth through.
            assertThat(e.getMessage().split(" more characters\\)", -1)).hasSize(5 + 1);
            assertThat(e.details().errorMessages()).hasSize(20).allSatisfy(m -> assertThat(m).hasSizeLessThan(1100));
            assertThat(e.details().errorCodes()).hasSize(20);
        });

        api.stubCalls(CloudflareStub.failedExport("z".repeat(2 << 20)));
        assertThatThrownBy(this::export).isInstanceOfSatisfying(ExportFailedException.class,
                e -> assertThat(e.getMessage()).contains("z".repeat(1000) + "... (").hasSizeLessThan(1200));
    }

    @Test
    void aServersErrorTextOfExactlyTheLimitIsKeptWhole() {
        String text = "y".repeat(1000); // the longest server text a message carries whole
        api.stubCalls(CloudflareStub.apiError(400, 7500, text));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ExportFailedException.class, e -> {
            assertThat(e.getMessage()).contains(": " + text).doesNotContain("more characters");
            assertThat(e.details().errorMessages()).containsExactly(text);
        });
    }

    @Test
    void anApiErrorAfterLeadingWhitespaceIsStillRead() {
        // Whitespace before a JSON text is still JSON; every kind JSON allows, so that none of them hides the error.
        api.stubCalls(CloudflareStub.jsonAnswer(400, " \r\n\t{\"success\":false,\"errors\":[{\"code\":7500,"
                + "\"message\":\"Invalid dump options\"}],\"messages\":[]}"));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ExportFailedException.class, e -> {
            assertThat(e.getMessage()).contains(": Invalid dump options").doesNotContain("no API error");
            assertThat(e.details().errorCodes()).containsExactly(7500);
        });
    }

    @Test
    void aRunningExportIsItsOwnTypedError() {
        api.stubCalls(CloudflareStub.apiError(400, 7500, "Currently processing a long-running export. Cannot start a"
                + " new export until that completes or times out."));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ExportBusyException.class, e -> {
            assertThat(e.getMessage()).contains("Currently processing a long-running export");
            assertThat(e.details().hint()).isPresent();
        });
    }

    @Test
    void virtualTableFailureAsAnHttpErrorGetsTheHint() {
        api.stubCalls(CloudflareStub.apiError(500, 7500,
                "D1 Export error: cannot export databases with Virtual Tables (fts5)"));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ExportFailedException.class,
                e -> assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("by name")));
    }

    static Stream<Arguments> brokenAnswers() {
        return Stream.of(
                Arguments.of("malformed JSON", CloudflareStub.jsonAnswer(200, "{\"success\":true,\"result\":{")),
                Arguments.of("not JSON at all", aResponse().withStatus(200).withBody("OK")),
                Arguments.of("JSON null", CloudflareStub.jsonAnswer(200, "null")),
                Arguments.of("an array", CloudflareStub.jsonAnswer(200, "[]")),
                Arguments.of("no success field", CloudflareStub.jsonAnswer(200, "{\"result\":{\"status\":\"active\"}}")),
                Arguments.of("no result", CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("null"))),
                Arguments.of("no status", CloudflareStub.jsonAnswer(202,
                        CloudflareStub.envelope("{\"type\":\"export\",\"at_bookmark\":\"b\"}"))),
                Arguments.of("running without a bookmark", CloudflareStub.jsonAnswer(202,
                        CloudflareStub.envelope("{\"type\":\"export\",\"status\":\"active\"}"))),
                Arguments.of("complete without a signed URL", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":\"complete\",\"at_bookmark\":\"b\",\"result\":"
                                + "{\"filename\":\"x.sql\"}}"))),
                Arguments.of("complete without a result", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":\"complete\",\"at_bookmark\":\"b\"}"))),
                Arguments.of("a status of the wrong type", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":{\"a\":1},\"at_bookmark\":\"b\"}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void answersThatBreakTheProtocolAreProtocolViolations(String name, ResponseDefinitionBuilder answer) {
        api.stubCalls(answer);

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ProtocolViolationException.class,
                e -> assertThat(e.details().httpStatus()).isPresent());
        assertThat(api.downloads()).isEmpty();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    static Stream<Arguments> answersOfTheWrongJsonTypes() {
        String active = "\"type\":\"export\",\"status\":\"active\",\"at_bookmark\":\"b\"";
        return Stream.of(
                Arguments.of("{\"success\":\"yes\",\"result\":{" + active + "}}",
                        "success: expected true or false, got a string"),
                Arguments.of("{\"success\":\"true\",\"result\":{" + active + "}}",
                        "success: expected true or false, got a string"),
                Arguments.of("{\"success\":1,\"result\":{" + active + "}}",
                        "success: expected true or false, got the number 1"),
                Arguments.of(CloudflareStub.envelope("{\"status\":5,\"at_bookmark\":\"b\"}"),
                        "result.status: expected a string, got the number 5"),
                Arguments.of(CloudflareStub.envelope("{\"status\":\"active\",\"at_bookmark\":7}"),
                        "result.at_bookmark: expected a string, got the number 7"),
                Arguments.of(CloudflareStub.envelope("{\"status\":\"active\",\"at_bookmark\":\"b\","
                        + "\"success\":\"false\"}"), "result.success: expected true or false, got a string"),
                Arguments.of(CloudflareStub.envelope("{\"status\":\"active\",\"at_bookmark\":\"b\","
                        + "\"messages\":[1]}"), "result.messages: expected a string, got the number 1"),
                Arguments.of("{\"success\":true,\"messages\":[{\"code\":1.5,\"message\":\"m\"}],\"result\":{"
                        + active + "}}",
                        "messages.code: expected a whole number of at most 32 bits, got the number 1.5"),
                Arguments.of("{\"success\":true,\"messages\":[{\"code\":\"1\",\"message\":\"m\"}],\"result\":{"
                        + active + "}}", "messages.code: expected a whole number, got a string"),
                // A signed URL in an array: the error names the type, never the value, which holds a signature.
                Arguments.of(CloudflareStub.envelope("{\"status\":\"complete\",\"at_bookmark\":\"b\",\"result\":"
                        + "{\"filename\":\"x.sql\",\"signed_url\":"
                        + "[\"https://r2.example/x.sql?X-Amz-Signature=S1GN\"]}}"),
                        "result.result.signed_url: expected a string, got an array"),
                Arguments.of("\"complete\"", "the body is JSON, but not an object"));
    }

    /**
     * Yasson on its own coerces scalars: {@code "success":"yes"} and {@code 1} were read as {@code false} (a failed
     * call), {@code "true"} as {@code true}, {@code 5} as the status {@code "5"}, {@code 1.5} as the code {@code 1},
     * a one-element array as its element. Each is now a protocol violation that names the property and what it held.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("answersOfTheWrongJsonTypes")
    void anAnswerWithAValueOfTheWrongJsonTypeIsAProtocolViolationNamingTheProperty(String body, String reason) {
        api.stubCalls(CloudflareStub.jsonAnswer(200, body));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
            assertThat(e.getMessage()).contains("with a body that is not the export JSON: " + reason + " (")
                    .doesNotContain("S1GN").doesNotContain("r2.example");
            assertThat(e.details().httpStatus()).hasValue(200);
        });
        assertThat(api.downloads()).isEmpty();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    static Stream<Arguments> failedAnswersWithOddValues() {
        return Stream.of(
                // messages, which nothing reads, holds a code as a string: the errors beside it still count.
                Arguments.of(403, "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication"
                        + " error\"}],\"messages\":[{\"code\":\"1000\",\"message\":\"m\"}],\"result\":null}",
                        AuthenticationException.class, "Authentication error"),
                Arguments.of(403, "{\"success\":false,\"errors\":[{\"code\":\"10000\",\"message\":\"Authentication"
                        + " error\"}],\"messages\":[],\"result\":null}",
                        AuthenticationException.class, "Authentication error"),
                Arguments.of(400, "{\"success\":false,\"errors\":[{\"code\":7500,\"message\":\"Currently processing a"
                        + " long-running export.\",\"documentation_url\":5}],\"messages\":[],\"result\":null}",
                        ExportBusyException.class, "Currently processing a long-running export"),
                // A 2xx that states a failure: its error, not the odd value, is reported.
                Arguments.of(200, "{\"success\":false,\"errors\":[{\"code\":7404,\"message\":\"database not"
                        + " found\"}],\"messages\":[{\"code\":1.5}],\"result\":null}",
                        DatabaseNotFoundException.class, "database not found"));
    }

    /** The errors of an answer that failed are read as well as they can be: an odd value elsewhere costs nothing. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failedAnswersWithOddValues")
    void aFailedAnswerKeepsItsTypedErrorDespiteAnOddValueElsewhere(int status, String body,
            Class<? extends D1ExportException> type, String text) {
        api.stubCalls(CloudflareStub.jsonAnswer(status, body));

        assertThatThrownBy(this::export).isInstanceOf(type).hasMessageContaining(text)
                .hasMessageNotContaining("no API error in the answer");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aNumberTooLargeToReadStillNamesItsProperty() {
        api.stubCalls(CloudflareStub.jsonAnswer(200, "{\"success\":true,\"errors\":[],\"messages\":[{\"code\":"
                + "1e99999999999,\"message\":\"m\"}],\"result\":{\"status\":\"active\",\"at_bookmark\":\"b\"}}"));

        assertThatThrownBy(this::export).isInstanceOf(ProtocolViolationException.class).hasMessageContaining(
                "not the export JSON: messages.code: expected a whole number of at most 32 bits, got a number too large"
                        + " to read");
    }

    /**
     * Bodies that end inside a property the API's classes do not have: Yasson's skip of such a property never
     * returned (a spinning CPU, deaf to deadline and interrupt), so each is checked to be complete JSON first. The
     * preemptive timeout only guards the build against the old hang; the assertions are about the error.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"unknown\":{", "{\"unknown\":[", "{\"success\":true,\"unknown\":{\"x\":[1,2",
            "{\"success\":true,\"result\":{\"status\":\"active\",\"extra\":{\"a\":1"})
    void anAnswerCutOffInsideAnUnknownPropertyIsAProtocolViolationNotAHang(String body) {
        api.stubCalls(CloudflareStub.jsonAnswer(202, body));

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(this::export).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
                    assertThat(e.getMessage()).contains("with a body that is not the export JSON");
                    assertThat(e.getCause()).hasMessageContaining("not one complete JSON text");
                }));
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aGatewayErrorCutOffMidBodyIsStillItsHttpStatusNotAHang() {
        // A 502 whose connection dropped mid-body: a JSON error envelope with a property the client does not know.
        api.stubCalls(CloudflareStub.jsonAnswer(502, "{\"success\":false,\"errors\":[{\"code\":7500,"
                + "\"message\":\"x\",\"source\":{\"pointer\":\"/a\""));

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(this::export).isInstanceOfSatisfying(D1ExportException.class,
                        e -> assertThat(e.details().httpStatus()).hasValue(502)));
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {300, 302, 308})
    void aRedirectFromTheApiIsNotFollowed(int status) {
        // 300 (Multiple Choices) too: the lowest of the redirect statuses, which no client follows by itself either.
        api.stubCalls(aResponse().withStatus(status).withHeader("Location", wm.baseUrl() + "/elsewhere")
                .withHeader("cf-ray", "ray-" + status));
        wm.stubFor(get(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200).withBody("{}")));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/elsewhere"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
            assertThat(e.summary()).startsWith("Cloudflare API answered starting the export of ")
                    .endsWith(" with a redirect (HTTP " + status + "), which is not followed so that credentials stay"
                            + " on the API host; check the base URL");
            assertThat(e.details().httpStatus()).hasValue(status);
            assertThat(e.details().rayId()).contains("ray-" + status);
        });
        assertThat(wm.findAll(anyRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
        assertThat(api.allRequests()).hasSize(1);
    }
}
