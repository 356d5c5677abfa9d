package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad option value is shown in the {@link InvalidOptionException} message with each control character escaped, as
 * {@link InvalidExportUrlException} shows a URL: a value decoded from a URL's {@code %0A} or {@code %1B}, or given as
 * a property, would otherwise forge a log line or send a terminal its escape sequence when the message is logged.
 */
class InvalidValueControlCharactersTest {

    private static final ExportOption<Duration> TIMEOUT = ExportOption.duration("timeout");

    @Test
    void aLineBreakOrEscapeDecodedFromTheUrlIsEscapedInTheMessage() {
        ExportOptions options = ExportOptions.parse("d1:sqlite:app.sqlite?timeout=5s%0AINFO%20forged%1B%5B2J");

        assertThatThrownBy(() -> options.get(TIMEOUT))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'timeout' has an invalid value '5s\\u000AINFO forged\\u001B[2J': expected a duration"
                        + " such as 500ms, 30s, 5m, 2h or PT30S");
    }

    @Test
    void aControlCharacterInAPropertysValueIsEscapedToo() {
        ExportOptions options = ExportOptions.parse("d1:sqlite:app.sqlite", Map.of("column-list", "yes\r\nno\u009B"));

        assertThatThrownBy(() -> options.get(ExportOption.bool("column-list")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Option 'column-list' has an invalid value 'yes\\u000D\\u000Ano\\u009B': expected true or"
                        + " false (also yes/no, on/off, 1/0)");
    }

    @Test
    void aValueWithoutControlCharactersIsShownAsItIs() {
        assertThatThrownBy(() -> TIMEOUT.convert("5 parsecs é"))
                .hasMessage("Option 'timeout' has an invalid value '5 parsecs é': expected a duration such as 500ms, 30s,"
                        + " 5m, 2h or PT30S");
    }

    @Test
    void theOptionsShowControlCharactersEscapedToo() {
        ExportOptions options = ExportOptions.parse("d1:sqlite:app.sqlite?timeout=5s%0AINFO%20forged%1B%5B2J",
                Map.of("column-list", "yes\r\nno\u009B"));

        assertThat(options.toString()).doesNotContain("\n", "\r", "\u001B", "\u009B")
                .contains("timeout=5s\\u000AINFO forged\\u001B[2J", "column-list=yes\\u000D\\u000Ano\\u009B");
        assertThat(ExportOptions.builder().provider("sqlite").option("a\nb", "1").toString())
                .isEqualTo("ExportOptions.Builder{provider=sqlite, keys=[a\\u000Ab]}");
    }
}
