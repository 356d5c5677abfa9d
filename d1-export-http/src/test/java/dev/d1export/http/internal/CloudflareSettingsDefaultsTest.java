package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults of the cloudflare options, as the README and {@code CloudflareOptions} document them: the settings an
 * export gets when only the URL and a token are given. A default no test pins could change without notice.
 */
class CloudflareSettingsDefaultsTest {

    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    private static final String DATABASE = "0f2e4c6a-1111-4222-8333-944455556666";

    @Test
    void aUrlAndATokenAloneGetTheDocumentedDefaults() {
        CloudflareSettings settings = CloudflareSettings.from(
                ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/" + DATABASE),
                Map.of("CLOUDFLARE_API_TOKEN", "token-value")::get, null);

        assertThat(settings.baseUrl()).isEqualTo("https://api.cloudflare.com/client/v4");
        assertThat(settings.accountId()).isEqualTo(ACCOUNT);
        assertThat(settings.database()).isEqualTo(DATABASE);
        assertThat(settings.minPollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxPollInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.pollGrowth()).isEqualTo(1.5);
        assertThat(settings.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxRetries()).isEqualTo(4);
        assertThat(settings.retryBaseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.retryMaxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.downloadRetries()).isEqualTo(3);
        assertThat(settings.downloadMinSpeed()).isEqualTo(1024);
        assertThat(settings.downloadMinSpeedTime()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theBaseUrlFallsBackToTheEnvironmentAndLosesItsTrailingSlashes() {
        CloudflareSettings settings = CloudflareSettings.from(
                ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/" + DATABASE),
                Map.of("CLOUDFLARE_API_TOKEN", "token-value",
                        "CLOUDFLARE_API_BASE_URL", " https://gateway.example.com/client/v4// ")::get, null);

        assertThat(settings.baseUrl()).isEqualTo("https://gateway.example.com/client/v4");
    }
}
