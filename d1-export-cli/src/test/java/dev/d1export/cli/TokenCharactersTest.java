package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token with a character an HTTP header cannot carry, through the real command and the real cloudflare provider
 * against FakeD1Server: a token file saved with a byte order mark works; a zero-width space in the environment's token
 * is a configuration error (exit 2) naming the character, and the token is never printed, with or without
 * {@code --json} and {@code --verbose}.
 */
class TokenCharactersTest {

    private static final String TOKEN = "cf-token-SECRET-0815";
    /** The token with a zero-width space after its fourth character, as a paste from a web page may hold it. */
    private static final String PASTED = TOKEN.substring(0, 4) + "\u200B" + TOKEN.substring(4);

    @RegisterExtension
    static final FakeD1Server D1 = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(1).build();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void sampleDatabase() throws IOException {
        Path copy = Files.copy(Path.of(System.getProperty("d1export.examples"), "sample.sqlite"),
                shared.resolve("sample.sqlite"));
        D1.addDatabase("sample", copy);
    }

    @AfterEach
    void noCredentialLeaks() {
        assertThat(D1.journal().credentialLeaks()).isEmpty();
    }

    /** The sample's URL with the fake server's address and quick polling (no secret in it). */
    private static String url() {
        StringBuilder sb = new StringBuilder(D1.exportUrl("sample"));
        char sep = '?';
        for (Map.Entry<String, String> e : D1.clientProperties(TOKEN).entrySet()) {
            if (!e.getKey().equals("api-token")) {
                sb.append(sep).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return sb.toString();
    }

    @Test
    void aTokenFileSavedWithAByteOrderMarkWorks() throws IOException {
        Path tokenFile = dir.resolve("token.txt");
        Files.write(tokenFile, ("\uFEFF" + TOKEN + "\r\n").getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("sample.sql");

        CliResult result = InProcess.run("export", url(), "--token-file", tokenFile.toString(), "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("PRAGMA defer_foreign_keys=TRUE;");
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @Test
    void aTokenFileWithAZeroWidthSpaceIsAUsageErrorThatDoesNotShowTheToken() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token.txt"), PASTED + "\n");
        int before = D1.journal().size();

        CliResult result = InProcess.run("export", url(), "--token-file", tokenFile.toString(), "--verbose", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .contains("d1-export: Token file " + tokenFile + " holds a character an API token cannot have"
                        + " (U+200B at position 5); its content is not shown");
        assertNotShown(result);
        assertThat(D1.journal().size()).as("no request reached the server").isEqualTo(before);
    }

    @ParameterizedTest(name = "flags [{0}]")
    @ValueSource(strings = {"", "--json", "--verbose", "--json --verbose"})
    void aZeroWidthSpaceInTheEnvironmentsTokenIsAClearConfigurationError(String flags) {
        int before = D1.journal().size();
        List<String> args = new ArrayList<>(List.of("export", url(), "-o", dir.resolve("x.sql").toString()));
        if (!flags.isEmpty()) {
            args.addAll(List.of(flags.split(" ")));
        }

        CliResult result = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", PASTED)
                .run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .contains("d1-export: The API token from environment variable CLOUDFLARE_API_TOKEN has a character"
                        + " an HTTP header cannot carry (U+200B at position 5); its value is not shown")
                .contains("hint: ");
        if (flags.contains("--json")) {
            Map<String, Object> json = JsonReader.object(result.out());
            assertThat(json).containsEntry("status", "error").containsEntry("exitCode", (long) ExitCodes.USAGE);
            assertThat(json.get("error").toString()).contains("U+200B at position 5");
        }
        assertNotShown(result);
        assertThat(D1.journal().size()).as("no request reached the server").isEqualTo(before);
    }

    @Test
    void aControlCharacterInTheEnvironmentsTokenIsRefusedToo() {
        String token = TOKEN.substring(0, 4) + "\u0001" + TOKEN.substring(4);

        CliResult result = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", token)
                .run("export", url(), "--json", "--verbose", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("(U+0001 at position 5)");
        assertNotShown(result);
    }

    /** Neither the token nor either half of it around the bad character is printed anywhere. */
    private static void assertNotShown(CliResult result) {
        assertThat(result.all()).as(result.toString()).doesNotContain(TOKEN.substring(0, 4) + "\u200B")
                .doesNotContain(TOKEN.substring(4)).doesNotContain("SECRET");
    }
}
