package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An {@link InvalidExportUrlException} escapes control characters in the whole message, not only in the URL it shows:
 * the problem repeats parts of the URL (a parameter's name, the scheme), and a line break or terminal escape there
 * would forge a log line or rewrite the screen as well.
 */
class UrlProblemControlCharactersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "d1:sqlite:x?a\\nb=1        | query: 'a\\u000Ab' is not an option name",
        "d1:sqlite:x?a\\e[2Jb       | query: parameter 'a\\u001B[2Jb' has no value; write a\\u001B[2Jb=<value>",
        "d1:sqlite:x?\\e[2J=1       | query: '\\u001B[2J' is not an option name",
        "d1\\e[2J:sqlite:x          | scheme: scheme 'd1\\u001B[2J'; a d1-export URL starts with 'd1:'",
        "d1:sqlite:x?a=1&b\\u009Bc  | query: parameter 'b\\u009Bc' has no value"})
    void aControlCharacterThatTheProblemRepeatsIsEscapedThereToo(String template, String problem) {
        String url = template.replace("\\n", "\n").replace("\\e", "\u001B").replace("\\u009B", "\u009B");

        assertThatThrownBy(() -> ExportOptions.parse(url))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> {
                    assertThat(e.getMessage()).contains(problem)
                            .doesNotContain("\n", "\u001B", "\u009B");
                    assertThat(e.url()).as("the URL itself stays as given, masked only")
                            .isEqualTo(ExportOptions.redact(url));
                });
    }
}
