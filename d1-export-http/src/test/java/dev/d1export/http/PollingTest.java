package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.d1export.http.CloudflareStub.BOOKMARK;
import static dev.d1export.http.CloudflareStub.DUMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The polling loop against a stateful WireMock API: how many calls, what they send, what reaches the listener. */
class PollingTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private ExportResult export(ExportRequest.Builder request) {
        try (Exporter exporter = api.exporter()) {
            return exporter.export(request.build());
        }
    }

    @Test
    void exportThatIsCompleteAtOnceNeedsNoPoll() throws Exception {
        api.stubCalls(api.complete("Generating dump.sql", "Finished uploading dump.sql in 1 parts."));
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("backup.sql");

        ExportResult result = export(ExportRequest.builder().destination(out).listener(events));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(result.polls()).isEqualTo(1);
        assertThat(result.bytes()).isEqualTo(DUMP.getBytes(StandardCharsets.UTF_8).length);
        assertThat(result.bookmark()).contains(BOOKMARK);
        assertThat(result.path()).contains(out.toAbsolutePath());
        assertThat(result.provider()).isEqualTo("cloudflare");
        assertThat(result.filename()).isEqualTo("dump-" + CloudflareStub.DATABASE + ".sql");
        assertThat(result.serverTime()).isPresent();
        assertThat(result.downloadTime()).isPresent();
        List<LoggedRequest> calls = api.exportCalls();
        assertThat(calls).hasSize(1);
        String body = calls.get(0).getBodyAsString();
        assertThat(body).contains("\"output_format\":\"polling\"").doesNotContain("current_bookmark");
        assertThat(body).contains("\"dump_options\"").contains("\"tables\":[]");
        assertThat(events.all().get(0)).isEqualTo(new ExportEvent.Started("cloudflare",
                CloudflareStub.ACCOUNT + "/" + CloudflareStub.DATABASE));
        assertThat(events.of(ExportEvent.Poll.class)).extracting(ExportEvent.Poll::status).containsExactly("complete");
        assertThat(events.all().get(events.all().size() - 1)).isInstanceOf(ExportEvent.Finished.class);
        assertThat(events.of(ExportEvent.ServerMessage.class)).extracting(ExportEvent.ServerMessage::message)
                .containsExactly("Generating dump.sql", "Finished uploading dump.sql in 1 parts.");
    }

    /**
     * The example answer of the API reference page (000_3b63a579c6423711.txt), as it stands but for its placeholder
     * signed URL: an {@code errors} list beside {@code success:true}, {@code source.pointer}, and an {@code error}
     * field beside {@code status:"complete"} are all read, and none of them fails the export.
     */
    @Test
    void theApiReferencePagesExampleAnswerIsACompleteExport() throws Exception {
        String info = "{\"code\":1000,\"message\":\"message\",\"documentation_url\":\"documentation_url\","
                + "\"source\":{\"pointer\":\"pointer\"}}";
        api.stubCalls(CloudflareStub.jsonAnswer(200, "{\"errors\":[" + info + "],\"messages\":[" + info + "],"
                + "\"result\":{\"at_bookmark\":\"at_bookmark\",\"error\":\"error\",\"messages\":[\"string\"],"
                + "\"result\":{\"filename\":\"filename\",\"signed_url\":" + CloudflareStub.json(api.signedUrl())
                + "},\"status\":\"complete\",\"success\":true,\"type\":\"export\"},\"success\":true}"));
        api.stubDump();
        Path out = dir.resolve("example.sql");

        ExportResult result = export(ExportRequest.builder().destination(out));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(result.polls()).isEqualTo(1);
        assertThat(result.bookmark()).contains("at_bookmark");
        assertThat(result.filename()).isEqualTo("filename.sql"); // a name without .sql gets it (sanitizeFilename)
        assertThat(result.messages()).containsExactly("string");
    }

    @Test
    void oneRunningAnswerIsPolledOnceWithTheBookmark() throws Exception {
        api.stubCalls(CloudflareStub.active("Generating dump.sql"), api.complete());
        api.stubDump();
        Path out = dir.resolve("backup.sql");

        ExportResult result = export(ExportRequest.builder().destination(out));

        assertThat(result.polls()).isEqualTo(2);
        List<LoggedRequest> calls = api.exportCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getBodyAsString()).doesNotContain("current_bookmark");
        assertThat(calls.get(1).getBodyAsString()).contains("\"current_bookmark\":\"" + BOOKMARK + "\"")
                .contains("\"output_format\":\"polling\"").contains("\"dump_options\"");
        assertThat(Files.readString(out)).isEqualTo(DUMP);
    }

    @Test
    void manyPollsDeliverEveryServerMessageInOrder() throws Exception {
        api.stubCalls(
                CloudflareStub.active("Generating dump.sql"),
                CloudflareStub.active(),
                CloudflareStub.withStatus("queued", 202, "Uploaded part 2"),
                // Lines since the previous poll: a line that comes again in a later poll happened again.
                CloudflareStub.active("Uploaded part 2", "Uploaded part 1"),
                CloudflareStub.withStatus("some-future-status", 202),
                api.complete("Finished uploading dump.sql in 2 parts."));
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();

        ExportResult result = export(ExportRequest.builder().destination(dir.resolve("a.sql")).listener(events));

        assertThat(result.polls()).isEqualTo(6);
        assertThat(api.exportCalls()).hasSize(6);
        assertThat(api.exportCalls().subList(1, 6)).allSatisfy(call ->
                assertThat(call.getBodyAsString()).contains("\"current_bookmark\":\"" + BOOKMARK + "\""));
        List<String> expected = List.of("Generating dump.sql", "Uploaded part 2", "Uploaded part 2",
                "Uploaded part 1", "Finished uploading dump.sql in 2 parts.");
        assertThat(events.of(ExportEvent.ServerMessage.class)).extracting(ExportEvent.ServerMessage::message)
                .containsExactlyElementsOf(expected);
        assertThat(result.messages()).containsExactlyElementsOf(expected);
        assertThat(events.of(ExportEvent.Poll.class)).extracting(ExportEvent.Poll::number)
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(events.of(ExportEvent.Poll.class)).extracting(ExportEvent.Poll::status)
                .containsExactly("active", "active", "queued", "active", "some-future-status", "complete");
    }

    @Test
    void aRetriedPollDropsOnlyTheReplayOfThePreviousAnswer() {
        api.stubCalls(
                CloudflareStub.active("Generating dump.sql"),
                CloudflareStub.active("Uploaded part 1"),
                CloudflareStub.htmlError(503),
                // The same bookmark re-sent after the failure: the server replays the previous answer's line.
                CloudflareStub.active("Uploaded part 1", "Uploaded part 2"),
                // A normal poll again: a repeated line is a new one.
                CloudflareStub.active("Uploaded part 2"),
                api.complete("Finished uploading dump.sql in 2 parts."));
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();

        ExportResult result = export(ExportRequest.builder().destination(dir.resolve("r.sql")).listener(events));

        List<String> expected = List.of("Generating dump.sql", "Uploaded part 1", "Uploaded part 2",
                "Uploaded part 2", "Finished uploading dump.sql in 2 parts.");
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(1);
        assertThat(events.of(ExportEvent.ServerMessage.class)).extracting(ExportEvent.ServerMessage::message)
                .containsExactlyElementsOf(expected);
        assertThat(result.messages()).containsExactlyElementsOf(expected);
    }

    @Test
    void tablesAndFlagsAreSentOnEveryCall() {
        api.stubCalls(CloudflareStub.active(), api.complete());
        api.stubDump();

        export(ExportRequest.builder().tables("users", "Orders").noData(true).destination(dir.resolve("s.sql")));

        assertThat(api.exportCalls()).hasSize(2).allSatisfy(call -> assertThat(call.getBodyAsString())
                .contains("\"no_data\":true").contains("\"no_schema\":false")
                .contains("\"tables\":[\"users\",\"Orders\"]"));
    }

    @Test
    void statusErrorFailsWithTheServerMessageAndTheVirtualTableHint() throws Exception {
        api.stubCalls(CloudflareStub.active("Generating dump.sql"),
                CloudflareStub.failedExport("D1 Export error: cannot export databases with Virtual Tables (fts5)"));
        Path out = dir.resolve("backup.sql");
        Files.writeString(out, "previous");

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(out)))
                .isInstanceOfSatisfying(ExportFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("cannot export databases with Virtual Tables (fts5)");
                    assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h)
                            .contains("Export the other tables by name"));
                    assertThat(e.details().httpStatus()).hasValue(200);
                    assertThat(e.details().rayId()).contains("8a1b2c3d4e5f-AMS");
                });
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(api.downloads()).isEmpty();
        assertNoTempFiles();
    }

    @Test
    void innerSuccessFalseIsAFailureWhateverTheStatus() {
        api.stubCalls(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("{\"type\":\"export\","
                + "\"status\":\"complete\",\"success\":false,\"at_bookmark\":\"b\",\"error\":\"SQLITE_BUSY\"}")));

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(dir.resolve("x.sql"))))
                .isInstanceOf(ExportFailedException.class).hasMessageContaining("SQLITE_BUSY");
        assertThat(api.downloads()).isEmpty();
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void statusErrorWithoutAMessageStillFails() {
        api.stubCalls(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("{\"type\":\"export\","
                + "\"status\":\"error\",\"at_bookmark\":\"b\"}")));

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(dir.resolve("x.sql"))))
                .isInstanceOf(ExportFailedException.class).hasMessageContaining("no reason given");
    }

    @Test
    void aFastServerIsPolledNoFasterThanTheMinimumGap() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active(), CloudflareStub.active(), api.complete());
        api.stubDump();
        ExportOptions options = api.options().option("min-poll-interval", "200ms")
                .option("max-poll-interval", "200ms").build();
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("p.sql")).build());
        }

        assertThat(api.exportCalls()).hasSize(4);
        // On a clock that stands still during the calls, the pacer waits the whole gap before each of the 3 polls.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(200));
    }

    @Test
    void theMinimumGapHoldsFromARetriedPollToTheNext() {
        // The second poll is answered 503 and retried after the server's 1 s: the retried call is the last poll, so
        // the next one waits its whole gap after it, not a gap counted from the first, failed attempt.
        api.stubCalls(CloudflareStub.active(),
                CloudflareStub.apiError(503, 7500, "busy edge").withHeader("Retry-After", "1"),
                CloudflareStub.active(), api.complete());
        api.stubDump();
        ExportOptions options = api.options().option("min-poll-interval", "1s").option("max-poll-interval", "1s")
                .option("poll-interval-growth", "1").build();
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("p.sql")).build());
        }

        assertThat(api.exportCalls()).hasSize(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void theGapGrowsFromTheMinimumToTheMaximum() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active(), CloudflareStub.active(),
                CloudflareStub.active(), api.complete());
        api.stubDump();
        ExportOptions options = api.options().option("min-poll-interval", "100ms")
                .option("max-poll-interval", "350ms").option("poll-interval-growth", "2").build();
        FakeTime time = new FakeTime();
        CloudflareStub.Events events = new CloudflareStub.Events();

        try (Exporter exporter = time.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("p.sql")).listener(events).build());
        }

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(350), Duration.ofMillis(350));
        // Each poll is reported at the (fake) time it was sent: after the sum of the gaps before it.
        assertThat(events.of(ExportEvent.Poll.class)).extracting(ExportEvent.Poll::elapsed).containsExactly(
                Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(650),
                Duration.ofMillis(1000));
    }

    private void assertNoTempFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
