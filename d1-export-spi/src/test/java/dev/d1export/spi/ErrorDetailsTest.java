package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How details read on their own, in {@code toString}. */
class ErrorDetailsTest {

    @Test
    void aHintAloneReadsAsAHint() {
        assertThat(ErrorDetails.none().withHint("check the token")).hasToString("ErrorDetails{Hint: check the token}");
    }

    @Test
    void statusAndHintReadInOrder() {
        assertThat(ErrorDetails.ofStatus(404).withRayId("8a1b").withHint("check the name"))
                .hasToString("ErrorDetails{[HTTP 404, cf-ray 8a1b]. Hint: check the name}");
    }

    @Test
    void nothingReadsAsNothing() {
        assertThat(ErrorDetails.none()).hasToString("ErrorDetails{}");
    }
}
