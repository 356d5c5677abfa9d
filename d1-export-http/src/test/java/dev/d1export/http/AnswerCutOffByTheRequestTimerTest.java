package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.http.internal.RequestTimerRace;
import dev.d1export.http.internal.ScriptedServer;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API call whose own {@code request-timeout} runs out just as its answer's head comes: java.net.http's request
 * timer, already taken by the client's selector when the head's arrival cancels it, closes the connection under the
 * body, which fails with a plain {@code IOException} ("fixed content-length: 209, bytes received: 0", caused by
 * "connection closed locally"), not with an {@code HttpTimeoutException}. The call is retried, as before, and when
 * the retries run out it is said as the timeout it is.
 *
 * <p>The race is made certain with the JDK's own timer, through public API only ({@link RequestTimerRace}).
 */
class AnswerCutOffByTheRequestTimerTest {

    @TempDir
    Path dir;

    @Test
    void aCallCutOffByItsOwnRequestTimerSaysNoAnswerWithinTheRequestTimeoutWhenTheRetriesRunOut() throws Exception {
        try (RequestTimerRace race = new RequestTimerRace("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 209\r\n\r\n")) {
            ScriptedServer api = race.server();
            ExportOptions options = ExportOptions.parse("d1:cloudflare://" + CloudflareStub.ACCOUNT + "/prod-db")
                    .mutate().secret("api-token", CloudflareStub.TOKEN).option("base-url", api.url("/client/v4"))
                    .option("timeout", "10m").option("request-timeout", "300ms").option("max-retries", "1")
                    .option("retry-base-delay", "1ms").build();
            CloudflareStub.Events events = new CloudflareStub.Events();

            Throwable thrown;
            try (Exporter exporter = CloudflareExportProvider.create(options, race.client())) {
                thrown = catchThrowable(() -> exporter.export(ExportRequest.builder()
                        .destination(dir.resolve("out.sql")).listener(events).build()));
            }

            // Not "Cloudflare API failed listing ...: IOException: fixed content-length: 209, bytes received: 0".
            assertThat(thrown).isExactlyInstanceOf(D1ExportException.class).hasMessage("Cloudflare API failed"
                    + " listing the databases named 'prod-db' in account " + CloudflareStub.ACCOUNT
                    + ": no answer within 300ms").hasMessageNotContaining("content-length");
            // The JDK's timer closed the connection itself: the proof that the race, not our own wait for the body,
            // ended each attempt.
            assertThat(thrown).hasRootCauseMessage("connection closed locally");
            assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                    .satisfies(retry -> assertThat(retry.reason()).isEqualTo("no answer within 300ms"));
            assertThat(api.requests()).hasSize(2);
            assertThat(race.heldHeads()).isEqualTo(2);
        }
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aBodyTheServerCutsOffAfterAPromptHeadIsStillABrokenConnection() throws Exception {
        // The server closes the connection after the head: not the client's timer, so no timeout is claimed.
        try (ScriptedServer api = new ScriptedServer(out -> out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json\r\nContent-Length: 209\r\n\r\n")))) {
            ExportOptions options = ExportOptions.parse("d1:cloudflare://" + CloudflareStub.ACCOUNT + "/prod-db")
                    .mutate().secret("api-token", CloudflareStub.TOKEN).option("base-url", api.url("/client/v4"))
                    .option("timeout", "10m").option("request-timeout", "1m").option("max-retries", "1")
                    .option("retry-base-delay", "1ms").build();

            Throwable thrown;
            try (Exporter exporter = CloudflareExportProvider.create(options,
                    HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build())) {
                thrown = catchThrowable(() -> exporter.export(ExportRequest.builder()
                        .destination(dir.resolve("out.sql")).build()));
            }

            assertThat(thrown).isExactlyInstanceOf(D1ExportException.class).hasMessageStartingWith("Cloudflare API"
                    + " failed listing the databases named 'prod-db' in account " + CloudflareStub.ACCOUNT
                    + ": IOException: ").hasMessageNotContaining("no answer within");
            assertThat(api.requests()).hasSize(2);
        }
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }
}
