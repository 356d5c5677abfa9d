package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A server's wait as people read it: the units of the command's hints, rounded before the unit is chosen. */
class WaitTextTest {

    @ParameterizedTest(name = "{0} ms is {1}")
    @CsvSource({
        "-5, 0 ms",
        "0, 0 ms",
        "999, 999 ms",
        "1000, 1.0 s",
        "4250, 4.3 s",
        "59949, 59.9 s",
        "59950, 1 min 00 s",
        "600000, 10 min 00 s",
        "3599499, 59 min 59 s",
        "3599500, 1 h 00 min",
        "7199000, 2 h 00 min",
        "7229000, 2 h 00 min",
        "7230000, 2 h 01 min",
        "2299932083207, 638870 h 01 min",
    })
    void aWaitIsShownInTheUnitThatFitsIt(long millis, String text) {
        assertThat(WaitText.of(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
