package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.http.CloudflareExportProvider;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body of an API answer is read within the deadline as a whole. A server that sends its answer a byte every
 * 150 ms stays within any per-chunk wait (request-timeout 1 s) and took 13.6 s against a 2 s deadline when the wait
 * applied per chunk.
 */
class AnswerBodyDeadlineTest {

    @TempDir
    Path dir;

    private static final String BODY = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"status\":"
            + "\"active\",\"at_bookmark\":\"b\"}}";

    /** An API that sends its answer's headers at once, then the body a byte every 150 ms (13.6 s in all). */
    private static ScriptedServer tricklingApi() throws Exception {
        return new ScriptedServer(out -> {
            out.write(ScriptedServer.ascii("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY.length() + "\r\n\r\n"));
            out.flush();
            for (char c : BODY.toCharArray()) {
                out.write(c);
                out.flush();
                Thread.sleep(150);
            }
        });
    }

    private Throwable export(ScriptedServer api, String timeout, String requestTimeout) {
        ExportOptions options = ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                + "0f2e4c6a-1111-4222-8333-944455556666").mutate().secret("api-token", "tok-abcdef")
                .option("base-url", api.url("/client/v4")).option("timeout", timeout)
                .option("request-timeout", requestTimeout).option("max-retries", "0").build();
        long started = System.nanoTime();
        Throwable thrown;
        try (Exporter exporter = CloudflareExportProvider.builder().environment(name -> null).build()
                .create(options)) {
            thrown = org.assertj.core.api.Assertions.catchThrowable(() -> exporter.export(ExportRequest.builder()
                    .destination(dir.resolve("x.sql")).build()));
        }
        // Far below the 13.6 s the trickle lasts; the margin is for a slow machine, not a measurement.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(dir.resolve("x.sql")).doesNotExist();
        return thrown;
    }

    @Test
    void aTricklingAnswerIsCutAtTheDeadline() throws Exception {
        try (ScriptedServer api = tricklingApi()) {
            // The answer's head had come, so the first call had reached the server: an export may have started.
            assertThat(export(api, "2s", "10s")).isInstanceOf(ExportTimeoutException.class)
                    .hasMessageContaining("within 2s").hasMessageEndingWith(" (the call reached the server, so an"
                            + " export may have started there; Cloudflare cancels one that is no longer polled).");
        }
    }

    @Test
    void aTricklingAnswerIsCutAtTheRequestTimeoutWhenThatIsShorter() throws Exception {
        try (ScriptedServer api = tricklingApi()) {
            assertThat(export(api, "1m", "1s")).isInstanceOf(D1ExportException.class)
                    .isNotInstanceOf(ExportTimeoutException.class)
                    .hasMessageEndingWith("starting the export of 0123456789abcdef0123456789abcdef/"
                            + "0f2e4c6a-1111-4222-8333-944455556666: no answer within 1s (the call reached the server,"
                            + " so an export may have started there; Cloudflare cancels one that is no longer polled)");
        }
    }
}
