package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short secret joined to its secret-named parameter by something other than {@code =} ({@code password:hunter2},
 * or {@code api-key%3D...} from a URL encoder run over the whole pair) is one parameter without {@code =}: its whole
 * text was the "name" that the message and the redacted URL showed, secret included, when it was 32 characters or
 * fewer. Such a parameter is refused as the secret it is, showing its name only.
 */
class SecretInMisjoinedQueryParameterTest {

    private static final String SECRET = "hunter22";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "d1:sqlite:app.sqlite?password:SECRET",
        "d1:sqlite:app.sqlite?column-list=false&api-key:SECRET",
        "d1:sqlite:app.sqlite?api-token SECRET",
        "d1:sqlite:app.sqlite?password:SECRET=1"})
    void aSecretJoinedToItsNameWithoutAnEqualsSignIsNeitherInTheMessageNorInTheRedactedUrl(String template) {
        String url = template.replace("SECRET", SECRET);

        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> {
                    assertThat(e.part()).isEqualTo("query");
                    assertThat(e.getMessage()).doesNotContain(SECRET).contains("must not appear in a URL");
                });
        assertThat(ExportOptions.redact(url)).doesNotContain(SECRET);
    }

    @Test
    void aWholePairRunThroughAUrlEncoderIsRefusedAsASecretWithoutShowingIt() {
        String url = "d1:sqlite:app.sqlite?" + URLEncoder.encode("api-key=" + SECRET, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> assertThat(e.getMessage())
                        .doesNotContain(SECRET)
                        .contains("option 'api-key****' holds a secret and must not appear in a URL"));
        assertThat(ExportOptions.redact(url)).isEqualTo("d1:sqlite:app.sqlite?api-key****");
    }

    @Test
    void aSecretNamedParameterWithoutAValueIsNotToldToTakeOneInTheUrl() {
        // "write api-token=<value>" would only lead to the next refusal.
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:app.sqlite?api-token"))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> assertThat(e.getMessage())
                        .contains("option 'api-token' holds a secret and must not appear in a URL")
                        .doesNotContain("api-token=<value>"));
    }

    @Test
    void aParameterWithoutAValueOrAMalformedNameThatIsNoSecretIsStillShownWhole() {
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:app.sqlite?column-list:false"))
                .hasMessageContaining("parameter 'column-list:false' has no value; write column-list:false=<value>");
        assertThatThrownBy(() -> ExportOptions.parse("d1:sqlite:app.sqlite?Column_List=false"))
                .hasMessageContaining("'Column_List' is not an option name");
        assertThat(ExportOptions.redact("d1:sqlite:app.sqlite?api%2Dtoken=x&column-list:false"))
                .isEqualTo("d1:sqlite:app.sqlite?api%2Dtoken=****&column-list:false");
    }
}
