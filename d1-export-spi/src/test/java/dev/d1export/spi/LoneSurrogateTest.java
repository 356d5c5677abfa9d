package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Half of a UTF-16 surrogate pair is not text: UTF-8 cannot carry it, so {@code toUrl()} wrote it as {@code %3F}
 * ({@code ?}) and the options did not parse back to what was built, and a URL value beside a percent escape was read
 * with a {@code ?} nobody wrote. Such a value or target is refused where it is given, naming the option (never the
 * value, which may be a secret); whole pairs (emoji) round-trip.
 */
class LoneSurrogateTest {

    private static final String HIGH = "\uD83D";
    private static final String LOW = "\uDE00";

    @Test
    void anOptionValueWithALoneSurrogateIsRefusedByTheBuilderNamingTheOption() {
        for (String value : new String[] {"a" + HIGH + "b", "a" + LOW, HIGH, LOW + HIGH}) {
            assertThatThrownBy(() -> ExportOptions.builder().provider("x").target("t").option("note", value))
                    .isInstanceOf(InvalidOptionException.class).hasMessageContaining("Option 'note'")
                    .hasMessageContaining("lone UTF-16 surrogate");
        }
        assertThatThrownBy(() -> ExportOptions.builder().provider("x").target("t")
                .option(ExportOption.string("note"), "x" + HIGH)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("Option 'note'");
    }

    @Test
    void aSecretWithALoneSurrogateIsRefusedWithoutShowingIt() {
        String secret = "s3cr3t-value" + HIGH;
        assertThatThrownBy(() -> ExportOptions.builder().provider("x").target("t").secret("api-token", secret))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'api-token'")
                .hasMessageNotContaining("s3cr3t").hasMessageNotContaining(HIGH);
        assertThatThrownBy(() -> ExportOptions.parse("d1:x:t", Map.of("api-token", secret)))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'api-token'")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aTargetWithALoneSurrogateIsRefusedByTheBuilderAndTheParser() {
        assertThatThrownBy(() -> ExportOptions.builder().provider("x").target("dir/" + LOW + "x"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("provider part")
                .hasMessageContaining("lone UTF-16 surrogate at character 5");
        assertThatThrownBy(() -> ExportOptions.parse("d1:x:dir/" + HIGH + "x"))
                .isInstanceOfSatisfying(InvalidExportUrlException.class,
                        e -> assertThat(e.part()).isEqualTo("provider part"))
                .hasMessageContaining("lone UTF-16 surrogate");
    }

    @Test
    void aQueryValueWithALoneSurrogateIsRefusedNotReadAsAQuestionMark() {
        // With a percent escape beside it, the value used to be read as "A?"; without one, kept as it was.
        for (String value : new String[] {"%41" + HIGH, HIGH, "a" + LOW + "b"}) {
            assertThatThrownBy(() -> ExportOptions.parse("d1:x:t?note=" + value))
                    .isInstanceOfSatisfying(InvalidExportUrlException.class,
                            e -> assertThat(e.part()).isEqualTo("query"))
                    .hasMessageContaining("parameter 'note'").hasMessageContaining("lone UTF-16 surrogate");
        }
    }

    @Test
    void wholeSurrogatePairsRoundTripThroughToUrl() {
        ExportOptions o = ExportOptions.builder().provider("x").target("caf\u00e9/" + HIGH + LOW + ".sqlite")
                .option("note", "smile " + HIGH + LOW).build();
        assertThat(ExportOptions.parse(o.toUrl())).isEqualTo(o);
        assertThat(ExportOptions.parse(o.toUrl()).get("note")).contains("smile " + HIGH + LOW);
    }
}
