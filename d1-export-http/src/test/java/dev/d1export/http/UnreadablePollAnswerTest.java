package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.d1export.http.CloudflareStub.BOOKMARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ProtocolViolationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A poll answered 2xx with a body that is not JSON at all (a proxy's or the edge's page sent with 200, a body cut
 * short, nothing) is retried as a 5xx is: same bookmark, same budget, backoff, pacing and deadline, and the typed
 * error when the retries run out. JSON that breaks the protocol still fails at once, and so does the first call,
 * which may have started an export.
 */
class UnreadablePollAnswerTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);
    private final CloudflareStub.Events events = new CloudflareStub.Events();

    @TempDir
    Path dir;

    /** An edge or proxy page sent with 200; it quotes the token, which must not reach a message or a log line. */
    private static final String PAGE = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
            + "<p>Checking your browser (Bearer " + CloudflareStub.TOKEN + ")</p></body></html>";
    /** Its length as the client reads it: with the token masked as {@code ****} before anything looks at it. */
    private static final int PAGE_BYTES = PAGE.length() - CloudflareStub.TOKEN.length() + "****".length();

    private static ResponseDefinitionBuilder htmlPage200() {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=UTF-8")
                .withHeader("cf-ray", "8a1b2c3d4e5f-AMS").withBody(PAGE);
    }

    private ExportResult export(Exporter exporter) {
        return exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
    }

    private ExportResult export(ExportOptions options) {
        try (Exporter exporter = api.exporter(options)) {
            return export(exporter);
        }
    }

    @Test
    void aPollAnsweredWithAnHtmlPageSentWith200IsRetriedWithTheSameBookmarkAfterTheBackoff() throws Exception {
        api.stubCalls(CloudflareStub.active("Generating dump.sql"), htmlPage200(),
                // The same bookmark again: the server may replay what it sent before, which is dropped.
                CloudflareStub.active("Generating dump.sql", "Uploaded part 1"), api.complete("Uploaded part 2"));
        api.stubDump();
        // A poll gap (100 ms, not growing) shorter than the backoff: a retry waits the longer (see PollGapTest).
        ExportOptions options = api.options().option("min-poll-interval", "100ms")
                .option("max-poll-interval", "1s").option("poll-interval-growth", "1")
                .option("retry-base-delay", "200ms").option("retry-max-delay", "1s").build();
        FakeTime time = new FakeTime();

        ExportResult result;
        try (Exporter exporter = time.exporter(options)) {
            result = export(exporter);
        }

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        List<LoggedRequest> calls = api.exportCalls();
        assertThat(calls).hasSize(4);
        assertThat(calls.get(0).getBodyAsString()).doesNotContain("current_bookmark");
        // The retried poll is the same call: the same body, the same bookmark.
        assertThat(calls.get(2).getBodyAsString()).isEqualTo(calls.get(1).getBodyAsString())
                .contains("\"current_bookmark\":\"" + BOOKMARK + "\"");
        ExportEvent.Retry retry = events.of(ExportEvent.Retry.class).get(0);
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(1);
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.reason()).startsWith("HTTP 200 (cf-ray 8a1b2c3d4e5f-AMS): the body is not one complete JSON"
                + " text").endsWith("(text/html, " + PAGE_BYTES + " bytes)").doesNotContain(CloudflareStub.TOKEN);
        // Backoff from retry-base-delay (200 ms less up to 25 %), longer than the 100 ms poll gap.
        assertThat(retry.delay()).isBetween(Duration.ofMillis(150), Duration.ofMillis(200));
        // The gap before the first poll, the retry's backoff, then a whole gap counted from the retried poll.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), retry.delay(), Duration.ofMillis(100));
        assertThat(result.polls()).isEqualTo(3);
        assertThat(result.messages()).containsExactly("Generating dump.sql", "Uploaded part 1", "Uploaded part 2");
    }

    static Stream<Arguments> bodiesThatAreNotJson() {
        String complete = CloudflareStub.envelope("{\"type\":\"export\",\"status\":\"complete\",\"success\":true,"
                + "\"at_bookmark\":\"" + BOOKMARK + "\",\"messages\":[],\"result\":{\"filename\":\"x.sql\","
                + "\"signed_url\":\"https://r2.example/x.sql?X-Amz-Signature=S1GN\"}}");
        return Stream.of(
                Arguments.of("JSON cut mid-way", CloudflareStub.jsonAnswer(200,
                        complete.substring(0, complete.length() / 2)), "not one complete JSON text"),
                Arguments.of("an empty 202", aResponse().withStatus(202).withHeader("Content-Type",
                        "application/json"), "the body is empty"),
                Arguments.of("plain text", aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                        .withBody("OK"), "not one complete JSON text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesThatAreNotJson")
    void aPollAnsweredWithABodyThatIsNotJsonIsRetried(String name, ResponseDefinitionBuilder answer, String reason)
            throws Exception {
        api.stubCalls(CloudflareStub.active(), answer, api.complete());
        api.stubDump();

        ExportResult result = export(api.options().build());

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        List<LoggedRequest> calls = api.exportCalls();
        assertThat(calls).hasSize(3);
        assertThat(calls.subList(1, 3)).allSatisfy(call -> assertThat(call.getBodyAsString())
                .contains("\"current_bookmark\":\"" + BOOKMARK + "\""));
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("HTTP 20").contains(reason).doesNotContain("S1GN").doesNotContain("r2.example"));
        assertThat(result.polls()).isEqualTo(2);
    }

    @Test
    void aPollNeverAnsweredWithJsonFailsAfterTheRetriesNamingTheBodyAndTheAttempts() throws Exception {
        api.stubCalls(CloudflareStub.active(), htmlPage200());
        List<String> lines;

        try (LogCapture log = LogCapture.of("dev.d1export.http")) {
            assertThatThrownBy(() -> export(api.options().option("max-retries", "2").build()))
                    .isExactlyInstanceOf(ProtocolViolationException.class).satisfies(t -> {
                        ProtocolViolationException e = (ProtocolViolationException) t;
                        assertThat(e.getMessage()).startsWith("Cloudflare API answered polling the export of ")
                                .contains(" with a body that is not the export JSON, after 3 attempts: the body is"
                                        + " not one complete JSON text")
                                .contains("(text/html, " + PAGE_BYTES + " bytes)")
                                .doesNotContain(CloudflareStub.TOKEN).doesNotContain("Just a moment");
                        assertThat(e.details().httpStatus()).hasValue(200);
                        assertThat(e.details().rayId()).contains("8a1b2c3d4e5f-AMS");
                    });
            SimpleFormatter formatter = new SimpleFormatter();
            lines = log.records().stream().map(formatter::formatMessage).toList();
        }

        // The first call, then one poll and its two retries; nothing downloaded, nothing written.
        assertThat(api.exportCalls()).hasSize(4);
        assertThat(events.of(ExportEvent.Retry.class)).extracting(ExportEvent.Retry::attempt).containsExactly(1, 2);
        assertThat(api.downloads()).isEmpty();
        assertThat(dir.resolve("out.sql")).doesNotExist();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Giving up polling the export of ")
                .contains(" after 3 attempts: HTTP 200"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(CloudflareStub.TOKEN));
    }

    @Test
    void theServerCanForbidTheRetryOfAPollItAnsweredWithAPage() {
        api.stubCalls(CloudflareStub.active(), htmlPage200().withHeader("x-should-retry", "false"), api.complete());

        assertThatThrownBy(() -> export(api.options().build())).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("not the export JSON, after 1 attempt: ");
        assertThat(api.exportCalls()).hasSize(2);
    }

    @Test
    void theServersRetryAfterOnAPageIsHonouredUpToMaxPollInterval() throws Exception {
        api.stubCalls(CloudflareStub.active(), htmlPage200().withHeader("Retry-After", "30"), api.complete());
        api.stubDump();
        ExportOptions options = api.options().option("min-poll-interval", "1s").option("max-poll-interval", "2s")
                .option("poll-interval-growth", "1").build();
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(options)) {
            export(exporter);
        }

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        ExportEvent.Retry retry = events.of(ExportEvent.Retry.class).get(0);
        assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.reason()).contains("shortened to max-poll-interval");
        // The start, the poll answered with the page, its retry (answered complete).
        assertThat(api.exportCalls()).hasSize(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aRetryThatWouldOutlastTheDeadlineEndsWithTheUnreadableAnswerNotATimeout() {
        api.stubCalls(CloudflareStub.active(), htmlPage200(), api.complete());
        // A backoff of 3.75 s to 5 s, and 2 s for the whole export.
        ExportOptions options = api.options().option("max-poll-interval", "10s").option("retry-base-delay", "5s")
                .option("retry-max-delay", "5s").build();
        FakeTime time = new FakeTime();

        assertThatThrownBy(() -> {
            try (Exporter exporter = time.exporter(options)) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events)
                        .timeout(Duration.ofSeconds(2)).build());
            }
        }).isExactlyInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("not the export JSON, after 1 attempt: ");
        assertThat(api.exportCalls()).hasSize(2);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    static Stream<Arguments> wellFormedAnswersThatBreakTheProtocol() {
        return Stream.of(
                Arguments.of("no result", CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("null")),
                        "with no result"),
                Arguments.of("no success field", CloudflareStub.jsonAnswer(200, "{\"result\":{\"status\":\"active\","
                        + "\"at_bookmark\":\"b\"}}"), "without the envelope's 'success' field"),
                Arguments.of("no status", CloudflareStub.jsonAnswer(202,
                        CloudflareStub.envelope("{\"type\":\"export\",\"at_bookmark\":\"b\"}")), "no result.status"),
                Arguments.of("complete without a signed URL", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":\"complete\",\"at_bookmark\":\"b\",\"result\":"
                                + "{\"filename\":\"x.sql\"}}")), "no result.signed_url"),
                Arguments.of("a status of the wrong type", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":5,\"at_bookmark\":\"b\"}")),
                        "not the export JSON: result.status: expected a string, got the number 5"),
                // What came is named by its JSON type, never quoted: a structure or string could hold a signed URL.
                Arguments.of("a status that is an object", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":{\"s\":\"active\"},\"at_bookmark\":\"b\"}")),
                        "not the export JSON: result.status: expected a string, got an object ("),
                Arguments.of("a status that is a boolean", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":true,\"at_bookmark\":\"b\"}")),
                        "not the export JSON: result.status: expected a string, got true ("),
                Arguments.of("a status that is a number of 24 characters, shown whole", CloudflareStub.jsonAnswer(200,
                        CloudflareStub.envelope("{\"status\":123456789012345678901234,\"at_bookmark\":\"b\"}")),
                        "not the export JSON: result.status: expected a string, got the number"
                                + " 123456789012345678901234 ("),
                Arguments.of("JSON that is not an object", CloudflareStub.jsonAnswer(200, "\"complete\""),
                        "not the export JSON: the body is JSON, but not an object"),
                Arguments.of("JSON nested deeper than the parser goes", CloudflareStub.jsonAnswer(200,
                        "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}"),
                        "not the export JSON: the body is JSON nested deeper than the 999 levels this client reads"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedAnswersThatBreakTheProtocol")
    void aPollAnsweredWithWellFormedJsonThatBreaksTheProtocolFailsAtOnce(String name,
            ResponseDefinitionBuilder answer, String text) {
        api.stubCalls(CloudflareStub.active(), answer, api.complete());
        api.stubDump();

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(text)
                .hasMessageNotContaining("attempt").hasMessageNotContaining("may have started");
        // The first call and exactly one poll: what the server meant is not asked again.
        assertThat(api.exportCalls()).hasSize(2);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(api.downloads()).isEmpty();
    }

    @Test
    void theFirstCallAnsweredWithAPageSentWith200IsNotRetriedAndSaysAnExportMayHaveStarted() {
        // Sent again, the call would be refused as busy if the first one started an export, which nobody would poll.
        api.stubCalls(htmlPage200(), api.complete());
        api.stubDump();

        assertThatThrownBy(() -> export(api.options().build())).isExactlyInstanceOf(ProtocolViolationException.class)
                .satisfies(t -> assertThat(((ProtocolViolationException) t).summary()).startsWith("Cloudflare API answered starting the export of ")
                        .contains(" with a body that is not the export JSON: the body is not one complete JSON text")
                        .endsWith("(text/html, " + PAGE_BYTES + " bytes) (the call reached the server, so an"
                                + " export may have started there; Cloudflare cancels one that is no longer polled)")
                        .doesNotContain(CloudflareStub.TOKEN));
        assertThat(api.exportCalls()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(api.downloads()).isEmpty();
    }
}
