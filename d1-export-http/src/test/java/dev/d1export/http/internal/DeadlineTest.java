package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a timeout is named in messages: as the option is written, in the largest whole unit. */
class DeadlineTest {

    @Test
    void aBudgetIsShownAsTheOptionIsWritten() {
        assertThat(Deadline.shown(Duration.ofNanos(500))).isEqualTo("0ms");
        assertThat(Deadline.shown(Duration.ofMillis(400))).isEqualTo("400ms");
        assertThat(Deadline.shown(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Deadline.shown(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Deadline.shown(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Deadline.shown(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Deadline.shown(Duration.ofHours(2))).isEqualTo("2h");
    }
}
