package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code min-poll-interval} is the shortest gap between the starts of two calls to the export endpoint, a retry of
 * the first call or of a poll included: a 5xx, a broken connection or a 429 with {@code Retry-After: 0} does not
 * bring the next call closer. The server records when each call arrives, on the export's fake clock (which stands
 * still during a call, so the arrival is the moment the call was sent); the tests assert on those gaps, never on
 * wall-clock time.
 */
class PollGapTest {

    /** Where {@link FakeTime} starts. */
    private static final long START = new FakeTime().nanoTime();

    /** The clock of the export under test, which the server reads as each call arrives. */
    private final FakeTime time = new FakeTime();
    private final List<Duration> exportCallStarts = Collections.synchronizedList(new ArrayList<>());

    @RegisterExtension
    final WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .extensions(new ServeEventListener() {
                @Override
                public void beforeMatch(ServeEvent event, Parameters parameters) {
                    if (event.getRequest().getUrl().equals(CloudflareStub.EXPORT_PATH)) {
                        exportCallStarts.add(Duration.ofNanos(time.nanoTime() - START));
                    }
                }

                @Override
                public String getName() {
                    return "export-call-clock";
                }
            })).build();

    private final CloudflareStub api = new CloudflareStub(wm);
    private final CloudflareStub.Events events = new CloudflareStub.Events();

    @TempDir
    Path dir;

    /** The stub's options with a 1 s minimum gap that does not grow, up to {@code max}. */
    private ExportOptions.Builder oneSecondGap(String max) {
        return api.options().option("min-poll-interval", "1s").option("max-poll-interval", max)
                .option("poll-interval-growth", "1");
    }

    private void export(ExportOptions options, Duration timeout) {
        try (Exporter exporter = time.exporter(options)) {
            ExportRequest.Builder request = ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .listener(events);
            exporter.export((timeout == null ? request : request.timeout(timeout)).build());
        }
    }

    private static List<Duration> seconds(long... values) {
        List<Duration> list = new ArrayList<>();
        for (long value : values) {
            list.add(Duration.ofSeconds(value));
        }
        return list;
    }

    @Test
    void aPollRetriedAfterRetryAfterZeroStartsNoSoonerThanTheMinimumGap() throws Exception {
        api.stubCalls(CloudflareStub.active(),
                CloudflareStub.apiError(503, 7500, "busy edge").withHeader("Retry-After", "0"), api.complete());
        api.stubDump();

        export(oneSecondGap("3s").build(), null);

        // The first call, the poll answered 503 a gap later, and its retry a whole gap after that poll, not at once.
        assertThat(exportCallStarts).containsExactlyElementsOf(seconds(0, 1, 2));
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1));
            assertThat(r.reason()).startsWith("HTTP 503").endsWith("; the server asked to wait 0 ms, lengthened to"
                    + " keep min-poll-interval (1s) between calls");
        });
        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
    }

    @Test
    void aPollRetriedAfterABrokenConnectionWaitsTheMinimumGapNotTheShorterBackoff() {
        // The backoff would be 7.5 to 10 ms (the stub's 10 ms retry-base-delay less jitter).
        api.stubCalls(CloudflareStub.active(), WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                api.complete());
        api.stubDump();

        export(oneSecondGap("3s").build(), null);

        assertThat(exportCallStarts).containsExactlyElementsOf(seconds(0, 1, 2));
        // The server named no wait, so there is nothing to say about one.
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> {
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1));
            assertThat(r.reason()).doesNotContain("lengthened");
        });
    }

    @Test
    void aRetryAfterLongerThanTheMinimumGapIsStillHonoured() {
        api.stubCalls(CloudflareStub.active(),
                CloudflareStub.apiError(429, 971, "rate limited").withHeader("Retry-After", "2"), api.complete());
        api.stubDump();

        export(oneSecondGap("3s").build(), null);

        assertThat(exportCallStarts).containsExactlyElementsOf(seconds(0, 1, 3));
        assertThat(events.of(ExportEvent.Retry.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).doesNotContain("lengthened"));
    }

    @Test
    void aFirstCallRefusedWith429AndRetryAfterZeroIsSentAgainNoSoonerThanTheMinimumGap() {
        api.stubCalls(CloudflareStub.apiError(429, 971, "rate limited").withHeader("Retry-After", "0"),
                api.complete());
        api.stubDump();

        export(oneSecondGap("3s").build(), null);

        assertThat(exportCallStarts).containsExactlyElementsOf(seconds(0, 1));
        assertThat(api.exportCalls().get(1).getBodyAsString()).doesNotContain("current_bookmark");
    }

    @Test
    void aRetryWhoseMinimumGapWouldOutlastTheDeadlineFailsAtOnceWithTheServersError() {
        // The poll is answered 503 at 1 s of a 1.5 s export: the retry could not come a gap later in time, so the
        // export ends with the server's error, as when the server's own wait would outlast the deadline.
        api.stubCalls(CloudflareStub.active(),
                CloudflareStub.apiError(503, 7500, "busy edge").withHeader("Retry-After", "0"), api.complete());
        api.stubDump();

        assertThatThrownBy(() -> export(oneSecondGap("1s").build(), Duration.ofMillis(1500)))
                .isExactlyInstanceOf(D1ExportException.class).hasMessageContaining("busy edge")
                .satisfies(e -> assertThat(((D1ExportException) e).details().httpStatus()).hasValue(503));
        assertThat(exportCallStarts).containsExactlyElementsOf(seconds(0, 1));
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }
}
