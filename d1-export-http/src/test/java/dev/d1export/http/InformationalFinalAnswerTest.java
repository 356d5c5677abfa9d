package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ProtocolViolationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP client that hands over an informational (1xx) answer as the final one, as java.net.http did before Java
 * 17.0.13 (JDK-8292044) when a server sent {@code 103 Early Hints} or {@code 102 Processing} first: the call fails at
 * once with a {@link ProtocolViolationException} that names the status and the likely cause, not with a 4xx-style
 * "no error message" failure, and its body (which would be the real answer, or nothing until the connection closes)
 * is not read.
 */
class InformationalFinalAnswerTest {

    private static final String EARLY_HINTS = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
    private static final String LIST_PATH = "/client/v4/accounts/" + CloudflareStub.ACCOUNT + "/d1/database";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = CloudflareStub.withCallersClient(wm, new FirstAnswerHttpClient());
    private final CloudflareStub.Events events = new CloudflareStub.Events();

    @TempDir
    Path dir;

    private void export(ExportOptions options) {
        try (Exporter exporter = api.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(events).build());
        }
    }

    @Test
    void aFirstCallAnsweredWithEarlyHintsAsTheFinalAnswerIsAProtocolViolationNamingTheStatus() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        try (InterimAnswerFront front = new InterimAnswerFront(wm.getPort(), EARLY_HINTS)) {
            ExportOptions options = api.options().option("base-url", front.baseUrl() + "/client/v4").build();

            assertThatThrownBy(() -> export(options)).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
                assertThat(e.getMessage()).contains("an informational answer (HTTP 103)")
                        .contains("JDK-8292044")
                        // The server got the call: an export may have started.
                        .contains("Cloudflare cancels one that is no longer polled");
                assertThat(e.details().httpStatus()).hasValue(103);
                assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("17.0.13"));
            });
        }
        // Not sent again: the same client would take the same kind of answer for the final one.
        assertThat(api.exportCalls()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(api.downloads()).isEmpty();
        assertThat(dir.resolve("out.sql")).doesNotExist();
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void aDatabaseListAnsweredWithProcessingAsTheFinalAnswerIsAProtocolViolationAndNotRetried() throws Exception {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope(
                "[{\"uuid\":\"" + CloudflareStub.DATABASE + "\",\"name\":\"prod-db\"}]"))));
        try (InterimAnswerFront front = new InterimAnswerFront(wm.getPort(), "HTTP/1.1 102 Processing\r\n\r\n")) {
            ExportOptions options = api.options().option("base-url", front.baseUrl() + "/client/v4")
                    .target("//" + CloudflareStub.ACCOUNT + "/prod-db").build();

            assertThatThrownBy(() -> export(options)).isInstanceOfSatisfying(ProtocolViolationException.class,
                    e -> assertThat(e.getMessage()).contains("an informational answer (HTTP 102)")
                            .doesNotContain("an export may have started"));
        }
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).hasSize(1);
        assertThat(api.exportCalls()).isEmpty();
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void aDownloadAnsweredWithEarlyHintsAsTheFinalAnswerFailsNamingTheStatusWithoutARetry() throws Exception {
        try (InterimAnswerFront front = new InterimAnswerFront(wm.getPort(), EARLY_HINTS)) {
            // The calls go to the API as they are; only the signed URL's answers come after Early Hints.
            api.stubCalls(CloudflareStub.completeWith("dump.sql", front.baseUrl() + CloudflareStub.DUMP_PATH
                    + "?X-Amz-Signature=sig-SECRET-abc"));
            api.stubDump();

            assertThatThrownBy(() -> export(api.options().build()))
                    .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
                        assertThat(e.getMessage()).contains("an informational answer (HTTP 103)")
                                .contains("JDK-8292044").doesNotContain("refused").doesNotContain("sig-SECRET");
                        assertThat(e.details().httpStatus()).hasValue(103);
                        assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h).contains("17.0.13"));
                    });
        }
        assertThat(api.downloads()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(Files.list(dir)).isEmpty();
    }
}
