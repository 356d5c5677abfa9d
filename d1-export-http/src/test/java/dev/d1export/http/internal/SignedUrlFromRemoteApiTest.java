package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ProtocolViolationException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain http is allowed on loopback so that a local test server can serve the API and its dump. A remote API (here
 * Cloudflare's own address, over https) that answers with a plain-http signed URL on loopback would send the client to
 * a service on this machine: no store of Cloudflare's is there, so that URL is refused before any request. The
 * downloader runs for real against a loopback server that counts the requests it gets; the API's address only decides
 * the rule, and is never called.
 */
class SignedUrlFromRemoteApiTest {

    private static final String URL = "d1:cloudflare://0123456789abcdef0123456789abcdef/"
            + "0f2e4c6a-1111-4222-8333-944455556666";

    @TempDir
    Path dir;

    private static Throwable download(String baseUrl, String signedUrl, Path to) {
        ExportOptions options = ExportOptions.parse(URL).mutate().secret("api-token", "tok-abcdef")
                .option("base-url", baseUrl).option("max-retries", "0").build();
        CloudflareSettings settings = CloudflareSettings.from(options, name -> null, null);
        DumpDownloader downloader = new DumpDownloader(settings, new JdkDumpTransport(HttpClient.newHttpClient()),
                new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)), event -> { },
                new Deadline(Duration.ofSeconds(30), "the 'timeout' option", settings.source(), TimeSource.SYSTEM),
                System.getLogger(SignedUrlFromRemoteApiTest.class.getName()));
        return catchThrowable(() -> downloader.download(signedUrl, "x.sql", ExportDestination.file(to)));
    }

    @Test
    void aPlainHttpLoopbackSignedUrlFromARemoteApiIsRefusedBeforeAnyRequest() throws Exception {
        try (ScriptedServer store = new ScriptedServer(out -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1)))) {
            Path to = dir.resolve("x.sql");

            Throwable thrown = download("https://api.cloudflare.com/client/v4", store.url("/dump.sql?sig=secret"), to);

            assertThat(thrown).isInstanceOf(ProtocolViolationException.class)
                    .hasMessage("Cloudflare API gave a signed URL (http://127.0.0.1) that is refused: plain http is"
                            + " refused for a signed URL from an API that is not on loopback itself; use https");
            assertThat(store.requests()).as("no request reached the local service").isEmpty();
            assertThat(to).doesNotExist();
            assertThat(dir).isEmptyDirectory();
        }
    }

    @Test
    void aPlainHttpLoopbackSignedUrlFromALoopbackApiIsFetched() throws Exception {
        try (ScriptedServer store = new ScriptedServer(out -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1)))) {
            // The same URL from an API on loopback (a test server's): fetched (the body is no dump, which is beside
            // the point here: the request was made).
            download(store.url("/client/v4"), store.url("/dump.sql?sig=secret"), dir.resolve("x.sql"));

            assertThat(store.requests()).isNotEmpty();
            assertThat(store.requests().get(0)).startsWith("GET /dump.sql?sig=secret HTTP/1.1");
        }
    }
}
