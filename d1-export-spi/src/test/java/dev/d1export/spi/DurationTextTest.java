package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a timeout is named in messages: as the option is written, in the largest whole unit, and exactly. */
class DurationTextTest {

    @Test
    void aBudgetIsShownAsTheOptionIsWritten() {
        assertThat(ExportOption.durationText(Duration.ZERO)).isEqualTo("0ms");
        assertThat(ExportOption.durationText(Duration.ofMillis(400))).isEqualTo("400ms");
        assertThat(ExportOption.durationText(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ExportOption.durationText(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ExportOption.durationText(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(ExportOption.durationText(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ExportOption.durationText(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(ExportOption.durationText(Duration.ofSeconds(3, 250_000_000))).isEqualTo("3250ms");
    }

    /**
     * A budget that is not a whole number of milliseconds was cut to them: 500 ns showed as "0ms" (a timeout of
     * nothing) and 1.5 ms as "1ms", which read back as another value. Now it is shown exactly.
     */
    @ParameterizedTest
    @CsvSource({"PT0.0000005S,0.0005ms", "PT0.000000001S,0.000001ms", "PT0.0015S,1.5ms", "PT1.000000001S,1000.000001ms",
        "PT0.999999999S,999.999999ms"})
    void aBudgetThatIsNotWholeMillisecondsIsShownExactly(String iso, String shown) {
        Duration budget = Duration.parse(iso);
        assertThat(ExportOption.durationText(budget)).isEqualTo(shown);
        ExportOptions read = ExportOptions.builder().provider("x").target("t").option("timeout", shown).build();
        assertThat(read.get(ExportOption.duration("timeout"))).as("reads back").contains(budget);
    }

    @Test
    void aNegativeDurationIsRefusedNotWrittenAsATextNoOptionReadsBack() {
        assertThatThrownBy(() -> ExportOption.durationText(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    }

    @Test
    void everyShownBudgetReadsBackAsTheSameDuration() {
        Duration[] budgets = {Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofSeconds(1),
            Duration.ofSeconds(61), Duration.ofMinutes(61), Duration.ofHours(25), Duration.ofDays(400),
            Duration.ofSeconds(Long.MAX_VALUE / 1000, 1)};
        for (Duration budget : budgets) {
            ExportOptions read = ExportOptions.builder().provider("x").target("t")
                    .option("timeout", ExportOption.durationText(budget)).build();
            assertThat(read.get(ExportOption.duration("timeout"))).as(budget.toString()).contains(budget);
        }
    }
}
