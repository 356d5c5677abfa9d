package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the command shows of the options, in the {@code --json} "url" field, the {@code --verbose} options line and
 * error lines: a URL-valued option (the cloudflare provider's {@code base-url}) without user info, query and
 * fragment, as the provider's own messages show it, and secrets given in the URL not at all.
 */
class ShownOptionsTest {

    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://user:SEKRIT4@x.com", "https://x.com/client/v4?token=SEKRIT4",
        "https%3A%2F%2Fx.com%2Fv4%3Fapi_token%3DSEKRIT4", "https://x.com/v4%23SEKRIT4"})
    void aBaseUrlsCredentialsAreNotShownWithJsonOrVerbose(String baseUrl) {
        String url = "d1:cloudflare://" + ACCOUNT + "/db?base-url=" + baseUrl;

        CliResult result = InProcess.run("export", url, "-o", dir.resolve("o.sql").toString(), "--json", "--verbose");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json.get("url")).as(result.toString()).asString().startsWith("d1:cloudflare://" + ACCOUNT
                + "/db?base-url=https://").contains("x.com");
        assertThat(result.err()).as("the verbose options line").contains("base-url=https://").contains("x.com");
        assertThat(result.all()).as(result.toString()).doesNotContain("SEKRIT4");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"api-token", "api-key"})
    void aSecretOptionInTheUrlIsRefusedAndNotShown(String option) {
        String url = "d1:cloudflare://" + ACCOUNT + "/db?" + option + "=SEKRIT4&base-url=https://x.com/v4";

        CliResult result = InProcess.run("export", url, "-o", dir.resolve("o.sql").toString(), "--json", "--verbose");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains(option);
        assertThat(result.all()).as(result.toString()).doesNotContain("SEKRIT4");
    }
}
