package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How details read on their own, in {@code toString}, and what they hold. */
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

    @Test
    void severalCodesReadAsCodesInTheServersOrder() {
        ErrorDetails details = ErrorDetails.ofStatus(403).withError(10000, "Authentication error")
                .withError(7403, "not entitled");

        assertThat(details).hasToString("ErrorDetails{[HTTP 403, codes 10000 7403]}");
        assertThat(details.errorCodes()).containsExactly(10000, 7403);
        assertThat(details.errorMessages()).containsExactly("Authentication error", "not entitled");
    }

    @Test
    void aCodeWithoutAMessageIsKeptButAddsNoMessage() {
        ErrorDetails details = ErrorDetails.none().withError(7500, null).withError(7501, " ");

        assertThat(details.errorCodes()).containsExactly(7500, 7501);
        assertThat(details.errorMessages()).isEmpty();
        assertThat(details).hasToString("ErrorDetails{[codes 7500 7501]}");
    }

    @Test
    void anyOneFieldMakesDetailsNonEmpty() {
        assertThat(List.of(ErrorDetails.ofStatus(500), ErrorDetails.none().withError(7500, null),
                ErrorDetails.none().withRayId("8a1b"), ErrorDetails.none().withHint("retry later")))
                .noneMatch(ErrorDetails::isEmpty);
        assertThat(ErrorDetails.none().isEmpty()).isTrue();
    }

    @Test
    void detailsAreEqualWhenEveryFieldIs() {
        ErrorDetails details = ErrorDetails.ofStatus(404).withError(7404, "not found").withRayId("8a1b")
                .withHint("check the name");

        assertThat(ErrorDetails.ofStatus(404).withError(7404, "not found").withRayId("8a1b").withHint("check the name"))
                .isEqualTo(details).hasSameHashCodeAs(details);
        assertThat(List.of(details.withHttpStatus(403), details.withError(7500, null),
                ErrorDetails.ofStatus(404).withError(7404, "gone").withRayId("8a1b").withHint("check the name"),
                details.withRayId("9c2d"), details.withHint("retry"), details.withRayId(null), details.withHint(null)))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(details));
        assertThat(details).isNotEqualTo("ErrorDetails{[HTTP 404, code 7404, cf-ray 8a1b]. Hint: check the name}");
    }
}
