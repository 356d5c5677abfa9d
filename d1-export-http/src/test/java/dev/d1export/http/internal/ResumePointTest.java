package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When a download can be resumed, and which 206 answers continue it. */
class ResumePointTest {

    private static HttpHeaders etag(String value) {
        return HttpHeaders.of(Map.of("ETag", List.of(value)), (a, b) -> true);
    }

    @Test
    void aStrongEtagAndALengthMakeAResumePoint() {
        assertThat(ResumePoint.of(etag("\"abc-1\""), 1000)).isEqualTo(new ResumePoint("\"abc-1\"", 1000));
    }

    @ParameterizedTest
    // A tab may be in a header value but not in an entity-tag (RFC 9110, 8.8.3), and the download's own request
    // refuses to send one (SocketDumpTransport.request): it must never become an If-Range.
    @ValueSource(strings = {"W/\"weak\"", "unquoted", "\"", "\"with space\"", "\"ctl\u0001\"", "\"tab\tinside\""})
    void noResumeWithoutAStrongWellFormedEtag(String value) {
        assertThat(ResumePoint.of(etag(value), 1000)).isNull();
    }

    @Test
    void anEtagFromTheEmptyOneToTwoHundredVisibleCharactersMakesAResumePoint() {
        String longest = "\"" + "!~".repeat(99) + "\"";
        assertThat(longest).hasSize(200);

        assertThat(ResumePoint.of(etag("\"\""), 1000)).isEqualTo(new ResumePoint("\"\"", 1000));
        assertThat(ResumePoint.of(etag(longest), 1000)).isEqualTo(new ResumePoint(longest, 1000));
        assertThat(ResumePoint.of(etag("\"!" + longest.substring(1)), 1000)).as("201 characters").isNull();
        assertThat(ResumePoint.of(etag("\"del\u007f\""), 1000)).isNull();
    }

    @Test
    void noResumeWithoutAnEtagOrALength() {
        assertThat(ResumePoint.of(HttpHeaders.of(Map.of(), (a, b) -> true), 1000)).isNull();
        assertThat(ResumePoint.of(etag("\"abc\""), -1)).isNull();
        assertThat(ResumePoint.of(etag("\"abc\""), 0)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes 300-999/1000 | true",
        " bytes 300-999/1000  | true",
        "bytes 299-999/1000 | false",
        "bytes 300-998/1000 | false",
        "bytes 300-999/1001 | false",
        "bytes 300-999/* | false",
        "bytes */1000 | false",
        "items 300-999/1000 | false",
        "'' | false",
        "bytes 300-999/99999999999999999999 | false",
        "bytes 300-999/9999999999999999999 | false",
    })
    void onlyARangeFromWhereTheOutputStandsToTheEndContinuesIt(String contentRange, boolean continues) {
        assertThat(ResumePoint.continues(contentRange, 300, 1000)).isEqualTo(continues);
    }
}
