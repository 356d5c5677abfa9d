package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a timeout is named in messages: as the option is written, in the largest whole unit. */
class DurationTextTest {

    @Test
    void aBudgetIsShownAsTheOptionIsWritten() {
        assertThat(ExportOption.durationText(Duration.ofNanos(500))).isEqualTo("0ms");
        assertThat(ExportOption.durationText(Duration.ofMillis(400))).isEqualTo("400ms");
        assertThat(ExportOption.durationText(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ExportOption.durationText(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ExportOption.durationText(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(ExportOption.durationText(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ExportOption.durationText(Duration.ofHours(2))).isEqualTo("2h");
    }
}
