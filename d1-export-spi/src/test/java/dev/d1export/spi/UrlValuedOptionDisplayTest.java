package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An option whose value is a URL (a base URL) is shown by {@link ExportOptions#toUrl()}, {@link ExportOptions#toString()}
 * and {@link ExportOptions#redact(String)} without its user info, query and fragment, where a credential may sit; the
 * value itself reaches the provider unchanged.
 */
class UrlValuedOptionDisplayTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://user:SEKRIT4@x.com | https://****@x.com",
        "https://x.com/v4?token=SEKRIT4 | https://x.com/v4",
        "https://x.com/v4#SEKRIT4 | https://x.com/v4",
        "https://u:p@ss-SEKRIT4@x.com:8443/client/v4?a=b#c | https://****@x.com:8443/client/v4",
        "//user:SEKRIT4@x.com/v4?token=SEKRIT4 | //****@x.com/v4",
        "http://127.0.0.1:8080/client/v4 | http://127.0.0.1:8080/client/v4"})
    void aUrlValuedPropertyIsShownRedacted(String value, String shown) {
        ExportOptions options = ExportOptions.parse("d1:cloudflare://acc/db", Map.of("base-url", value));

        assertThat(options.get("base-url")).as("the provider still gets the value").contains(value);
        assertThat(options.toUrl()).doesNotContain("SEKRIT4").isEqualTo("d1:cloudflare://acc/db?base-url=" + shown);
        assertThat(options.toString()).doesNotContain("SEKRIT4")
                .isEqualTo("ExportOptions{d1:cloudflare://acc/db, base-url=" + shown + "}");
    }

    @Test
    void aUrlValuedQueryParameterIsShownRedactedEverywhere() {
        String url = "d1:cloudflare://acc/db?base-url=https://user:SEKRIT4@x.com/v4&max-retries=2";
        ExportOptions options = ExportOptions.parse(url);

        assertThat(options.get("base-url")).contains("https://user:SEKRIT4@x.com/v4");
        assertThat(options.toUrl()).isEqualTo("d1:cloudflare://acc/db?base-url=https://****@x.com/v4"
                + "&max-retries=2");
        assertThat(options.toString()).doesNotContain("SEKRIT4");
        assertThat(ExportOptions.redact(url)).doesNotContain("SEKRIT4")
                .isEqualTo("d1:cloudflare://acc/db?base-url=https://****@x.com/v4&max-retries=2");
        assertThat(ExportOptions.redact("d1:cloudflare://acc/db?base-url=https%3A%2F%2Fx.com%2F%3Ftoken%3DSEKRIT4"))
                .isEqualTo("d1:cloudflare://acc/db?base-url=https://x.com/");
    }

    @Test
    void otherValuesAreShownAsTheyAreAndStillParseBack() {
        ExportOptions options = ExportOptions.parse("d1:x:t?path=a/b?c&note=user@example.com&mode=x://y");

        assertThat(options.toString()).contains("path=a/b?c").contains("note=user@example.com")
                .contains("mode=x://y");
        ExportOptions plain = ExportOptions.parse("d1:x:t?base-url=https://api.example.com/client/v4&n=1");
        assertThat(ExportOptions.parse(plain.toUrl())).isEqualTo(plain);
    }
}
