package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
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
        CloudflareStub api = stub();
        api.stubCalls(api.complete());
        api.stubDump();

        try (var exporter = api.exporter()) {
            exporter.export(dev.d1export.spi.ExportRequest.builder().destination(folder.resolve("out.sql")).build());
        }

        LoggedRequest download = api.downloads().get(0);
        assertThat(download.containsHeader("Accept-Encoding")).isFalse();
        assertThat(download.getHeader("User-Agent")).startsWith("d1-export/");
    }
}
