package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download that breaks off is resumed where it stopped ({@code Range} + {@code If-Range} with the first answer's
 * ETag) when the object store allows it, and started over when it does not: an unchanged object gives the rest with
 * 206, a changed one (or a store that ignores ranges) all of it with 200. The object store is the JDK's own HTTP
 * server, which, unlike WireMock's Jetty, can cut a body short of its {@code Content-Length}.
 */
class ResumeTest {

    private static final byte[] DUMP = dump();
    private static final int CUT = 3000;
    private static final String ETAG = "\"3f2a9c1d-1\"";
    /** The signed URL's query is a credential: it must never show in a message, an event or the log. */
    private static final String SIGNATURE = "X-Amz-Signature=SIGNED-SECRET-91f3";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = stub();

    /** The stub the cases run against: exporters on their own client; a subclass runs them on a caller's. */
    CloudflareStub stub() {
        return new CloudflareStub(wm);
    }
    private final CloudflareStub.Events events = new CloudflareStub.Events();
    private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
    /** What the store does with each request, in order; the last one repeats. */
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private HttpServer store;

    @TempDir
    Path dir;

    /** One answer of the object store. */
    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    private static byte[] dump() {
        StringBuilder sb = new StringBuilder("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(a);\n");
        for (int i = 0; sb.length() < 10_000; i++) {
            sb.append("INSERT INTO \"t\" VALUES(").append(i).append(");\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startStore() throws IOException {
        store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        store.createContext("/dump.sql", exchange -> {
            Answer answer;
            synchronized (answers) {
                requests.add(Map.of("range", String.valueOf(exchange.getRequestHeaders().getFirst("Range")),
                        "if-range", String.valueOf(exchange.getRequestHeaders().getFirst("If-Range")),
                        "accept-encoding", String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding"))));
                answer = answers.size() > 1 ? answers.remove(0) : answers.get(0);
            }
            try {
                answer.send(exchange);
            } finally {
                exchange.close();
            }
        });
        store.start();
        api.stubCalls(CloudflareStub.completeWith("t.sql",
                "http://127.0.0.1:" + store.getAddress().getPort() + "/dump.sql?" + SIGNATURE));
    }

    @AfterEach
    void stopStore() {
        store.stop(0);
    }

    /** All of the dump, cut short after {@code cut} bytes when {@code cut} is less than its length. */
    private static Answer whole(String etag, int cut) {
        return exchange -> {
            if (etag != null) {
                exchange.getResponseHeaders().add("ETag", etag);
            }
            exchange.sendResponseHeaders(200, DUMP.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP, 0, Math.min(cut, DUMP.length));
                body.flush();
                if (cut < DUMP.length) {
                    // Failing the handler makes the server drop the connection short of the Content-Length.
                    throw new IOException("cut short on purpose");
                }
            }
        };
    }

    /** The rest of the dump from {@code from}, as 206 with the given Content-Range. */
    private static Answer rest(int from, String contentRange) {
        return exchange -> {
            exchange.getResponseHeaders().add("ETag", ETAG);
            exchange.getResponseHeaders().add("Content-Range", contentRange);
            exchange.sendResponseHeaders(206, DUMP.length - from);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP, from, DUMP.length - from);
            }
        };
    }

    private static Answer status(int status) {
        return exchange -> {
            exchange.sendResponseHeaders(status, -1);
        };
    }

    private void export(ExportRequest.Builder request) {
        try (Exporter exporter = api.exporter(api.options().build())) {
            exporter.export(request.listener(events).build());
        }
    }

    private Path exportToFile() {
        Path out = dir.resolve("out.sql");
        export(ExportRequest.builder().destination(out));
        return out;
    }

    private static String contentRange(int from) {
        return "bytes " + from + "-" + (DUMP.length - 1) + "/" + DUMP.length;
    }

    @Test
    void aBrokenDownloadIsResumedWhereItStopped() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), rest(CUT, contentRange(CUT))));

        Path out = exportToFile();

        assertThat(Files.readAllBytes(out)).isEqualTo(DUMP);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).containsEntry("range", "null").containsEntry("if-range", "null");
        assertThat(requests.get(1)).containsEntry("range", "bytes=" + CUT + "-").containsEntry("if-range", ETAG);
        assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("download: ").endsWith("; resuming at byte " + CUT));
        List<ExportEvent.DownloadProgress> progress = events.of(ExportEvent.DownloadProgress.class);
        assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(DUMP.length);
        assertNoTempFiles();
    }

    @Test
    void aBreakInTheResumedPartIsResumedAgain() throws IOException {
        Answer brokenRest = exchange -> {
            exchange.getResponseHeaders().add("Content-Range", contentRange(CUT));
            exchange.sendResponseHeaders(206, DUMP.length - CUT);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP, CUT, 2000);
                body.flush();
                throw new IOException("cut short on purpose");
            }
        };
        answers.addAll(List.of(whole(ETAG, CUT), brokenRest, rest(CUT + 2000, contentRange(CUT + 2000))));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests.get(2)).containsEntry("range", "bytes=" + (CUT + 2000) + "-");
    }

    @Test
    void aStoreThatIgnoresTheRangeOrAChangedObjectStartsOver() throws IOException {
        // 200 to a ranged request: If-Range did not match, or ranges are not supported. All of it, from the start.
        answers.addAll(List.of(whole(ETAG, CUT), whole("\"changed-2\"", DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests.get(1)).containsEntry("range", "bytes=" + CUT + "-");
    }

    @Test
    void withoutAStrongEtagThereIsNoRangeRequest() throws IOException {
        answers.addAll(List.of(whole("W/\"weak\"", CUT), whole(null, CUT), whole(null, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(3).allSatisfy(r -> assertThat(r).containsEntry("range", "null"));
    }

    @Test
    void aRestAtTheWrongPlaceIsDroppedAndTheDownloadStartsOver() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), rest(CUT - 100, contentRange(CUT - 100)), whole(ETAG, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2)).as("from the start").containsEntry("range", "null");
        assertThat(events.of(ExportEvent.Retry.class).get(1).reason()).contains("resumed at another place");
    }

    @Test
    void anUnsatisfiableRangeStartsOver() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), status(416), whole(ETAG, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests.get(2)).containsEntry("range", "null");
    }

    @Test
    void aTransientErrorKeepsWhatWasDownloaded() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), status(503), rest(CUT, contentRange(CUT))));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests.get(2)).containsEntry("range", "bytes=" + CUT + "-");
    }

    @Test
    void aStreamDestinationIsResumedToo() {
        answers.addAll(List.of(whole(ETAG, CUT), rest(CUT, contentRange(CUT))));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        export(ExportRequest.builder().destination(sink));

        assertThat(sink.toByteArray()).isEqualTo(DUMP);
    }

    @Test
    void aStreamDestinationThatCannotBeResumedFailsWithoutRepeatingBytes() {
        answers.addAll(List.of(whole(ETAG, CUT), whole(ETAG, DUMP.length)));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(sink)))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("cannot be retried");
        assertThat(sink.toByteArray()).isEqualTo(Arrays.copyOf(DUMP, CUT));
    }

    @Test
    void aDownloadThatKeepsBreakingFailsAndLeavesNothing() throws IOException {
        answers.add(whole(ETAG, CUT));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(out)))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("nothing was written")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("SIGNED-SECRET"));
        assertThat(requests).as("the first try and download-retries (2) more").hasSize(3);
        assertThat(requests.subList(1, 3)).allSatisfy(r -> assertThat(r).containsEntry("range", "bytes=" + CUT + "-"));
        assertThat(events.all().toString()).doesNotContain("SIGNED-SECRET");
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aRestOfAnotherVersionIsDroppedAndTheDownloadStartsOver() throws IOException {
        // A cache on the way that ignored If-Range would answer 206 with another object's bytes.
        Answer otherVersion = exchange -> {
            exchange.getResponseHeaders().add("ETag", "\"another-version\"");
            exchange.getResponseHeaders().add("Content-Range", contentRange(CUT));
            exchange.sendResponseHeaders(206, DUMP.length - CUT);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[DUMP.length - CUT]);
            }
        };
        answers.addAll(List.of(whole(ETAG, CUT), otherVersion, whole(ETAG, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests.get(2)).containsEntry("range", "null");
        assertThat(events.of(ExportEvent.Retry.class).get(1).reason()).contains("another version");
    }

    /** A 206 with the right Content-Range whose body is {@code body}, sent chunked or with its own length. */
    private static Answer restWithBody(int from, byte[] body, boolean chunked) {
        return exchange -> {
            exchange.getResponseHeaders().add("ETag", ETAG);
            exchange.getResponseHeaders().add("Content-Range", contentRange(from));
            exchange.sendResponseHeaders(206, chunked ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    private static byte[] restOfDumpAnd(int from, String more) {
        byte[] extra = more.getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOfRange(DUMP, from, DUMP.length + extra.length);
        System.arraycopy(extra, 0, body, DUMP.length - from, extra.length);
        return body;
    }

    @Test
    void aChunkedRestIsCheckedAgainstItsContentRangeAndResumes() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), restWithBody(CUT, Arrays.copyOfRange(DUMP, CUT, DUMP.length), true)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aRestWhoseContentLengthDisagreesWithItsContentRangeStartsOver() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), restWithBody(CUT, restOfDumpAnd(CUT, "-- junk\n"), false),
                whole(ETAG, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2)).as("from the start").containsEntry("range", "null");
        assertThat(events.of(ExportEvent.Retry.class).get(1).reason()).isEqualTo("download: the server's resumed part is "
                + (DUMP.length - CUT + 8) + " bytes long (Content-Length) where its Content-Range says "
                + (DUMP.length - CUT));
        assertNoTempFiles();
    }

    @Test
    void anEmptyRestWhoseContentRangeSaysMoreStartsOverAndGetsTheWholeDump() throws IOException {
        // A store (or a cache on the way) that answers every range with an empty 206: resumed again, it would give
        // nothing each time until the retries ran out; started over, it sends the whole dump.
        Answer emptyRests = exchange -> {
            if (exchange.getRequestHeaders().containsKey("Range")) {
                exchange.getResponseHeaders().add("ETag", ETAG);
                exchange.getResponseHeaders().add("Content-Range", contentRange(CUT));
                // -1: no body, sent as Content-Length: 0.
                exchange.sendResponseHeaders(206, -1);
            } else {
                whole(ETAG, DUMP.length).send(exchange);
            }
        };
        answers.addAll(List.of(whole(ETAG, CUT), emptyRests));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2)).as("from the start").containsEntry("range", "null");
        assertThat(events.of(ExportEvent.Retry.class).get(1).reason()).isEqualTo("download: the server's resumed part is"
                + " 0 bytes long (Content-Length) where its Content-Range says " + (DUMP.length - CUT));
        assertNoTempFiles();
    }

    @Test
    void aDownloadThatBreaksBeforeItsFirstByteStartsOverWithoutSayingItResumes() throws IOException {
        // The head (with a strong ETag) came, no byte of the body: there is nothing to resume after.
        answers.addAll(List.of(whole(ETAG, 0), whole(ETAG, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).containsEntry("range", "null").containsEntry("if-range", "null");
        assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("download: ").doesNotContain("resuming"));
    }

    @Test
    void aChunkedRestLongerThanTheDumpStartsOverAndIsNeverResumed() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), restWithBody(CUT, restOfDumpAnd(CUT, "-- junk\n"), true),
                whole(ETAG, DUMP.length)));

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2)).as("from the start").containsEntry("range", "null");
        assertThat(events.of(ExportEvent.Retry.class).get(1).reason())
                .isEqualTo("download: the server sent more than the dump's " + DUMP.length + " bytes");
        assertNoTempFiles();
    }

    @Test
    void aStreamNeverGetsBytesPastTheDumpsEnd() {
        answers.addAll(List.of(whole(ETAG, CUT), restWithBody(CUT, restOfDumpAnd(CUT, "-- junk\n"), true)));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(sink)))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("more than the dump's")
                .hasMessageContaining("cannot be retried");
        byte[] got = sink.toByteArray();
        assertThat(got.length).isLessThanOrEqualTo(DUMP.length);
        assertThat(got).isEqualTo(Arrays.copyOf(DUMP, got.length));
    }

    @Test
    void everyRequestAsksForTheStoredBytesAndAnEncodedAnswerIsNeverWrittenNorRetried() throws IOException {
        answers.add(exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "identity, gzip");
            exchange.sendResponseHeaders(200, 4);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
            }
        });
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(out)))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessage("Download of the dump from http://127.0.0.1 was refused: the answer is encoded"
                        + " (Content-Encoding: identity, gzip), though only the dump as stored (identity) was asked"
                        + " for; nothing was written [HTTP 200]");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r).containsEntry("accept-encoding", "identity"));
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void anIdentityContentEncodingIsTheStoredBytes() throws IOException {
        answers.add(exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "Identity");
            exchange.sendResponseHeaders(200, DUMP.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP);
            }
        });

        assertThat(Files.readAllBytes(exportToFile())).isEqualTo(DUMP);
    }

    @Test
    void aResumedPartThatIsEncodedIsRefusedToo() throws IOException {
        answers.addAll(List.of(whole(ETAG, CUT), exchange -> {
            exchange.getResponseHeaders().add("ETag", ETAG);
            exchange.getResponseHeaders().add("Content-Range", contentRange(CUT));
            exchange.getResponseHeaders().add("Content-Encoding", "br");
            exchange.sendResponseHeaders(206, DUMP.length - CUT);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP, CUT, DUMP.length - CUT);
            }
        }));
        Path out = dir.resolve("out.sql");

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(out)))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("(Content-Encoding: br)");
        assertThat(requests).hasSize(2);
        assertThat(out).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void a206ToARequestWithoutRangeIsRefusedAndNothingIsWritten() throws IOException {
        answers.add(rest(0, contentRange(0)));
        Path out = dir.resolve("out.sql");

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(out)))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("HTTP 206");
        assertThat(out).doesNotExist();
        assertNoTempFiles();
    }

    @Test
    void aRefusalAfterAResumeSaysWhatTheStreamAlreadyGot() {
        answers.addAll(List.of(whole(ETAG, CUT), status(403)));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(sink)))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining(CUT + " bytes of it were written to the output stream")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("nothing was written"));
    }

    @Test
    void anOutputThatFailsIsADestinationErrorAndIsNotRetried() {
        answers.add(whole(ETAG, DUMP.length));
        OutputStream broken = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > CUT) {
                    throw new IOException("No space left on device");
                }
                written += len;
            }
        };

        assertThatThrownBy(() -> export(ExportRequest.builder().destination(broken)))
                .isInstanceOf(dev.d1export.spi.DestinationException.class)
                // As the sqlite provider says it: what was exported and the system's reason, no Java class name.
                .hasMessage("Cannot write the dump of " + CloudflareStub.ACCOUNT + "/" + CloudflareStub.DATABASE
                        + ": No space left on device");
        assertThat(requests).as("the network was fine: no second request").hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }
}
