package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pacing and retry defaults, with no option but the token and the base URL, against a WireMock API on a fake
 * clock (its waits are recorded, not waited): the README's table, and the SDKs' backoff of
 * d1-export-protocol.md ({@code min(0.5 s * 2^n, 8 s)} less up to 25 % jitter). The other tests set short intervals.
 */
class ReferenceDefaultsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private ExportOptions defaults() {
        return ExportOptions.parse(api.url()).mutate().secret("api-token", CloudflareStub.TOKEN)
                .option("base-url", api.baseUrl()).build();
    }

    @Test
    void pollsArePacedFromHalfASecondGrowingByHalfToThreeSeconds() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active(), CloudflareStub.active(),
                CloudflareStub.active(), CloudflareStub.active(), CloudflareStub.active(), CloudflareStub.active(),
                api.complete());
        api.stubDump();
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(defaults())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("paced.sql")).build());
        }

        assertThat(api.exportCalls()).hasSize(8);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(750),
                Duration.ofMillis(1125), Duration.ofMillis(1687).plusNanos(500_000),
                Duration.ofMillis(2531).plusNanos(250_000), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void aFailingPollIsRetriedFourTimesWithTheSdksBackoffCappedAtTheMaximumPollGap() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.htmlError(503));
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(defaults())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("r.sql"))
                    .build())).isExactlyInstanceOf(D1ExportException.class)
                    .satisfies(e -> assertThat(((D1ExportException) e).details().httpStatus()).hasValue(503));
        }

        // The first call, one poll and its 4 retries.
        assertThat(api.exportCalls()).hasSize(6);
        List<Duration> sleeps = time.sleeps();
        assertThat(sleeps).hasSize(5);
        assertThat(sleeps.get(0)).as("the gap before the poll").isEqualTo(Duration.ofMillis(500));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
        assertThat(sleeps.get(3)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2000));
        // 4 s less at most 25 % is at least 3 s: always cut to max-poll-interval, so the export is not abandoned.
        assertThat(sleeps.get(4)).isEqualTo(Duration.ofSeconds(3));
    }
}
