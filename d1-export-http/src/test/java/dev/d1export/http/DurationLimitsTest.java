package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidOptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Duration options have an upper bound, checked in {@code create()}: before, a value such as {@code 3000000h} passed
 * and the export crashed with {@code ArithmeticException: long overflow} after the server had started it. Values at
 * the bounds export normally.
 */
class DurationLimitsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "min-poll-interval, 3000000h, 24h",
        "max-poll-interval, 3000000h, 24h",
        "max-poll-interval, 25h, 24h",
        "connect-timeout, 3000000h, 24h",
        "request-timeout, 86400.001s, 24h",
        "request-timeout, P2D, 24h",
        "retry-base-delay, 3000000h, 24h",
        "retry-max-delay, 86401s, 24h",
        "timeout, 31d, 30d",
        "timeout, 3000000h, 30d",
        "timeout, 9223372036854775808s, 30d",
        "max-poll-interval, PT9999999999999999999S, 24h"})
    void aTooLongDurationIsATypedErrorInCreateNamingOptionAndValue(String option, String value, String limit) {
        assertThatThrownBy(() -> api.exporter(api.options().option(option, value).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("Option '" + option + "' must be at most " + limit + ", got '" + value + "'");
        assertThat(api.exportCalls()).isEmpty();
    }

    /** Two durations that do not fit together are named in the grammar options are written in (90s), not as Duration prints them (PT1M30S). */
    @Test
    void durationsThatDoNotFitTogetherAreShownInTheOptionGrammar() {
        assertThatThrownBy(() -> api.exporter(api.options().option("min-poll-interval", "PT2S")
                .option("max-poll-interval", "100ms").build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'max-poll-interval' (100ms) is shorter than 'min-poll-interval' (2s)");
        assertThatThrownBy(() -> api.exporter(api.options().option("retry-base-delay", "1.5m")
                .option("retry-max-delay", "PT10S").build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'retry-max-delay' (10s) is shorter than 'retry-base-delay' (90s)");
        assertThat(api.exportCalls()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"timeout, 0", "min-poll-interval, 0ms", "request-timeout, PT0S", "retry-base-delay, ' 0s'"})
    void aZeroDurationIsRefusedNamingTheValueAsWritten(String option, String value) {
        assertThatThrownBy(() -> api.exporter(api.options().option(option, value).build()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option '" + option + "' must be positive, got '" + value.trim() + "'");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aHugeMaxPollIntervalNoLongerCrashesAnExportTheServerHasStarted() {
        api.stubCalls(CloudflareStub.active(), api.complete());
        api.stubDump();

        assertThatThrownBy(() -> {
            try (Exporter exporter = api.exporter(api.options().option("max-poll-interval", "3000000h").build())) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build());
            }
        }).isInstanceOf(InvalidOptionException.class).hasMessageContaining("max-poll-interval");
        assertThat(api.exportCalls()).as("refused before the export was started").isEmpty();
    }

    @Test
    void everyDurationAtItsBoundExports() throws Exception {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active(), api.complete());
        api.stubDump();
        try (Exporter exporter = api.exporter(api.options()
                .option("max-poll-interval", "24h")
                .option("poll-interval-growth", "10")
                .option("connect-timeout", "24h")
                .option("request-timeout", "PT24H")
                .option("retry-base-delay", "24h")
                .option("retry-max-delay", "24h")
                .option("timeout", "30d").build())) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build());
        }

        assertThat(Files.readString(dir.resolve("o.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(api.exportCalls()).hasSize(3);
    }

    @Test
    void aRequestTimeoutLongerThanAnyOptionAllowsIsSaturatedNotOverflowed() throws Exception {
        api.stubCalls(CloudflareStub.active(), api.complete());
        api.stubDump();
        try (Exporter exporter = api.exporter()) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .timeout(Duration.ofSeconds(Long.MAX_VALUE / 4)).build());
        }

        assertThat(Files.readString(dir.resolve("o.sql"))).isEqualTo(CloudflareStub.DUMP);
    }
}
