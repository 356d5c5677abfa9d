package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link DownloadTest} with an exporter given the caller's {@code HttpClient}: the download then goes
 * through that client (so its proxy and TLS settings apply), not over the exporter's own connection.
 */
class DownloadThroughCallersClientTest extends DownloadTest {

    @TempDir
    Path folder;

    @Override
    CloudflareStub stub() {
        return CloudflareStub.withCallersClient(wm);
    }

    @Override
    @Test
    void theExportersOwnConnectionCarriesTheDownload() {
        // A cookie handler only the caller's client consults: the exporter's own connection never sends cookies.
        CloudflareStub api = CloudflareStub.withCallersClient(wm, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieHandler() {
                    @Override
                    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                        return Map.of("Cookie", List.of("via=callers-client"));
                    }

                    @Override
                    public void put(URI uri, Map<String, List<String>> headers) {
                    }
                }).build());
        api.stubCalls(api.complete());
        api.stubDump();

        try (var exporter = api.exporter()) {
            exporter.export(dev.d1export.spi.ExportRequest.builder().destination(folder.resolve("out.sql")).build());
        }

        LoggedRequest download = api.downloads().get(0);
        assertThat(download.getHeader("Cookie")).isEqualTo("via=callers-client");
        assertThat(download.getHeader("Accept-Encoding")).isEqualTo("identity");
        assertThat(download.getHeader("User-Agent")).startsWith("d1-export/");
    }
}
