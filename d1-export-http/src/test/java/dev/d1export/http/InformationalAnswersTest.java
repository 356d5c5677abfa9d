package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.http.internal.ScriptedServer;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.Exporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Informational answers (1xx) before the real one, as Cloudflare's edge may send {@code 103 Early Hints} and a server
 * {@code 102 Processing}: every call of an export (the first call, the polls, the database list, the table-name
 * check) and the download, through the provider's own transport and through a caller's client, skip them and read
 * the answer that follows. For the API calls that is java.net.http's doing (JDK-8292044, in Java 17 since 17.0.13):
 * on an older Java these tests fail, which is the point of running them on the JDK that CI has.
 */
class InformationalAnswersTest {

    private static final String LIST_PATH = "/client/v4/accounts/" + CloudflareStub.ACCOUNT + "/d1/database";
    private static final String QUERY_PATH = LIST_PATH + "/" + CloudflareStub.DATABASE + "/query";
    private static final String EARLY_HINTS =
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n";
    private static final String PROCESSING = "HTTP/1.1 102 Processing\r\n\r\n";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    /** Stubs an export that is active once, then complete with its dump to be fetched through the front. */
    private static void stubAnExportFetchedThrough(InterimAnswerFront front) {
        new CloudflareStub(wm).stubCalls(CloudflareStub.active("Generating dump"), CloudflareStub.completeWith(
                "dump.sql", front.baseUrl() + CloudflareStub.DUMP_PATH + "?X-Amz-Signature=sig-SECRET-abc",
                "Uploaded"));
        new CloudflareStub(wm).stubDump();
    }

    /** A server's answer that is informational answers only, one every {@code pauseMillis}, until the client leaves. */
    private static void hintForever(OutputStream out, long pauseMillis) throws IOException, InterruptedException {
        while (true) {
            out.write(ScriptedServer.ascii("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"));
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    /**
     * Exports a dump to be fetched from {@code store}, with a time limit long enough that the 9th hint (after some
     * 400 ms at the slower pace) comes well within it, and returns what the export threw.
     */
    private Throwable exportFrom(ScriptedServer store, CloudflareStub api, Path out, CloudflareStub.Events events) {
        api.stubCalls(CloudflareStub.completeWith("d.sql", store.url("/r2/d.sql?X-Amz-Signature=sig-SECRET-a")));
        try (Exporter exporter = api.exporter(api.options().option("request-timeout", "20s").build())) {
            return catchThrowable(() -> exporter.export(ExportRequest.builder().destination(out).listener(events)
                    .build()));
        }
    }

    private static ExportOptions.Builder throughTheFront(CloudflareStub api, InterimAnswerFront front) {
        return api.options().option("base-url", front.baseUrl() + "/client/v4");
    }

    /**
     * Exports the whole database to {@code out.sql} with every answer (the calls' and the download's) put behind
     * {@code interim}.
     *
     * @return how many answers the front put the informational answers before
     */
    private int exportThroughAFront(CloudflareStub api, String interim, CloudflareStub.Events events)
            throws IOException {
        try (InterimAnswerFront front = new InterimAnswerFront(wm.getPort(), interim)) {
            stubAnExportFetchedThrough(front);
            try (Exporter exporter = api.exporter(throughTheFront(api, front).build())) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
            }
            return front.fronted();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        EARLY_HINTS,
        PROCESSING,
        "HTTP/1.1 100 Continue\r\n\r\n" + PROCESSING + "HTTP/1.1 103 Early Hints\r\nLink: </a.js>\r\n\r\n"
    })
    void anExportWhoseEveryAnswerFollowsInformationalAnswersSucceedsWithoutARetry(String interim) throws Exception {
        CloudflareStub api = new CloudflareStub(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();

        int fronted = exportThroughAFront(api, interim, events);

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        // The first call, one poll, the download: each answered after the informational answers, read once.
        assertThat(fronted).isEqualTo(3);
        assertThat(api.exportCalls()).hasSize(2);
        assertThat(api.downloads()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {EARLY_HINTS, PROCESSING})
    void theDatabaseListAndTheTableNameCheckSkipInformationalAnswersToo(String interim) throws Exception {
        CloudflareStub api = new CloudflareStub(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope(
                "[{\"uuid\":\"" + CloudflareStub.DATABASE + "\",\"name\":\"prod-db\",\"version\":\"production\","
                        + "\"created_at\":\"2025-01-01T00:00:00Z\"}]"))));
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope(
                "[{\"results\":[{\"name\":\"users\",\"type\":\"table\"}],\"success\":true,"
                        + "\"meta\":{\"rows_read\":1}}]"))));
        try (InterimAnswerFront front = new InterimAnswerFront(wm.getPort(), interim)) {
            stubAnExportFetchedThrough(front);
            ExportOptions options = throughTheFront(api, front).target("//" + CloudflareStub.ACCOUNT + "/prod-db")
                    .build();

            try (Exporter exporter = api.exporter(options)) {
                exporter.export(ExportRequest.builder().tables("users", "usres").destination(dir.resolve("out.sql"))
                        .listener(events).build());
            }

            assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
            // The list, the table-name query, the first call, one poll, the download.
            assertThat(front.fronted()).isEqualTo(5);
            // The check read the schema that followed the informational answer: it knows 'users' and not 'usres'.
            assertThat(events.of(ExportEvent.Warning.class)).extracting(ExportEvent.Warning::message)
                    .containsExactly("No table or other object is named 'usres', so the dump has nothing for it");
            assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {EARLY_HINTS, PROCESSING})
    void aCallersClientSkipsInformationalAnswersOnTheCallsAndTheDownload(String interim) throws Exception {
        CloudflareStub api = CloudflareStub.withCallersClient(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();

        int fronted = exportThroughAFront(api, interim, events);

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(fronted).isEqualTo(3);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void eightInformationalAnswersBeforeAnApiAnswerAreSkippedButNineFailTheCallAtOnceWithoutARetry()
            throws Exception {
        // java.net.http reads at most 8 (jdk.httpclient.maxNonFinalResponses) and then fails the exchange with its
        // own ProtocolException; the same server sends as many again, so asking again only repeats that.
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope(
                "[{\"uuid\":\"" + CloudflareStub.DATABASE + "\",\"name\":\"prod-db\"}]"))));
        for (int hints : new int[] {8, 9}) {
            CloudflareStub api = new CloudflareStub(wm);
            CloudflareStub.Events events = new CloudflareStub.Events();
            Throwable failure;
            try (InterimAnswerFront front = new InterimAnswerFront(wm.getPort(), EARLY_HINTS.repeat(hints))) {
                stubAnExportFetchedThrough(front);
                ExportOptions options = throughTheFront(api, front).target("//" + CloudflareStub.ACCOUNT + "/prod-db")
                        .build();
                try (Exporter exporter = api.exporter(options)) {
                    failure = catchThrowable(() -> exporter.export(ExportRequest.builder()
                            .destination(dir.resolve("out.sql")).listener(events).build()));
                }
            }

            assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).as("%d hints", hints).hasSize(1);
            assertThat(events.of(ExportEvent.Retry.class)).as("%d hints", hints).isEmpty();
            if (hints == 8) {
                assertThat(failure).isNull();
                assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
            } else {
                assertThat(failure).isInstanceOf(ProtocolViolationException.class)
                        .hasMessageStartingWith("Cloudflare API answered listing the databases named 'prod-db' in"
                                + " account " + CloudflareStub.ACCOUNT + " with more informational (1xx) answers"
                                + " before its final one than java.net.http reads (Too many interim responses"
                                + " received: 9 > 8); asking again would get the same");
            }
            wm.resetRequests();
        }
    }

    @Test
    void aFirstCallAnsweredAfterNineInformationalAnswersSaysAnExportMayHaveStarted() throws Exception {
        CloudflareStub api = new CloudflareStub(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();

        // The server got the call (it answered), so an export may run there: the message says so, as for a 1xx
        // handed over as the final answer.
        assertThatThrownBy(() -> exportThroughAFront(api, EARLY_HINTS.repeat(9), events))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageStartingWith("Cloudflare API answered starting the export")
                .hasMessageContaining("than java.net.http reads (Too many interim responses received: 9 > 8); asking"
                        + " again would get the same (the call reached the server, so an export may have started"
                        + " there; Cloudflare cancels one that is no longer polled)");
        assertThat(api.exportCalls()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void aPollAnsweredWithEndlessInformationalAnswersIsNotRetriedAndKeepsTheExportsWords() throws Exception {
        CloudflareStub api = new CloudflareStub(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();
        String started = CloudflareStub.envelope("{\"type\":\"export\",\"status\":\"active\",\"success\":true,"
                + "\"at_bookmark\":" + CloudflareStub.json(CloudflareStub.BOOKMARK) + ",\"messages\":[]}");
        AtomicInteger calls = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(out -> {
            if (calls.incrementAndGet() == 1) {
                out.write(ScriptedServer.ascii("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + started.length() + "\r\nConnection: close\r\n\r\n" + started));
                return;
            }
            // Every poll: hints, and never the answer.
            hintForever(out, 20);
        })) {
            ExportOptions options = api.options().option("base-url", server.url("/client/v4")).build();

            Throwable failure;
            try (Exporter exporter = api.exporter(options)) {
                failure = catchThrowable(() -> exporter.export(ExportRequest.builder()
                        .destination(dir.resolve("out.sql")).listener(events).build()));
            }

            // The first call and one poll.
            assertThat(server.requests()).hasSize(2);
            assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
            assertThat(failure).isInstanceOf(ProtocolViolationException.class)
                    .hasMessageStartingWith("Cloudflare API answered polling the export of " + CloudflareStub.ACCOUNT
                            + "/" + CloudflareStub.DATABASE + " with more informational (1xx) answers before its"
                            + " final one than java.net.http reads");
        }
    }

    @Test
    void aStoreThatKeepsSendingEarlyHintsIsRefusedAtOnceNotAfterEachAttemptsTimeLimit() throws Exception {
        CloudflareStub api = new CloudflareStub(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();
        try (ScriptedServer store = new ScriptedServer(out -> hintForever(out, 50))) {
            Path out = Files.writeString(dir.resolve("out.sql"), "previous");

            assertThat(exportFrom(store, api, out, events)).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("was refused: the answer's head is malformed (the server sent more than"
                            + " 8 informational answers, the last HTTP 103, and no final one), and asking again"
                            + " would get the same; nothing was written")
                    .hasMessageNotContaining("sig-SECRET");

            // Asked again, such a store hints again: one request, no retry.
            assertThat(store.requests()).hasSize(1);
            assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
            assertThat(Files.readString(out)).isEqualTo("previous");
        }
    }

    @Test
    void aStoreThatKeepsSendingEarlyHintsToACallersClientIsRefusedAtOnceToo() throws Exception {
        // Through java.net.http the download ends on the JDK's own limit, not ours: the same store, the same refusal.
        CloudflareStub api = CloudflareStub.withCallersClient(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();
        try (ScriptedServer store = new ScriptedServer(out -> hintForever(out, 20))) {
            Path out = Files.writeString(dir.resolve("out.sql"), "previous");
            Throwable failure = exportFrom(store, api, out, events);

            assertThat(store.requests()).hasSize(1);
            assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
            assertThat(failure).isInstanceOf(DownloadFailedException.class)
                    .hasMessageContaining("was refused: the answer's head is malformed (the server sent more"
                            + " informational answers before its final one than java.net.http reads: Too many"
                            + " interim responses received: 9 > 8), and asking again would get the same; nothing"
                            + " was written")
                    .hasMessageNotContaining("sig-SECRET");
            assertThat(Files.readString(out)).isEqualTo("previous");
        }
    }
}
