package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a {@link Fault} accepts and how it reads in a failing test's message. */
class FaultTest {

    @Test
    void aStatusOutsideFourHundredToFiveNinetyNineIsRefusedNamingIt() {
        assertThatThrownBy(() -> Fault.status(399)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 399");
        assertThatThrownBy(() -> Fault.status(600, 7500, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 600");
        assertThatThrownBy(() -> Fault.htmlStatus(200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 200");
        assertThat(Fault.status(400).status()).isEqualTo(400);
        assertThat(Fault.htmlStatus(599).status()).isEqualTo(599);
    }

    @Test
    void aSlowBodyNeedsAtLeastOneBytePerSecond() {
        assertThat(Fault.slowBody(1).bytesPerSecond()).isEqualTo(1);
        assertThatThrownBy(() -> Fault.slowBody(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void itsStringShowsTheKindAndOnlyTheSettingsThatApply() {
        assertThat(Fault.dropConnection()).hasToString("Fault{DROP_CONNECTION}");
        assertThat(Fault.status(503).withDelay(Duration.ofSeconds(2)).withRetryAfter(Duration.ofSeconds(1)))
                .hasToString("Fault{STATUS_JSON, status=503, delay=PT2S, retryAfter=PT1S}");
        assertThat(Fault.slowBody(1024)).hasToString("Fault{SLOW_BODY, bytesPerSecond=1024}");
    }
}
