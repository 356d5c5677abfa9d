package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API token comes from a file (or the environment), reaches the provider, and is never printed. */
class TokenSecrecyTest {

    private static final String TOKEN = "tok-Zq81-SECRET-do-not-print";

    @TempDir
    Path dir;

    private Path tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token.txt"), TOKEN + "\n");
    }

    @Test
    void tokenFileReachesTheProviderAsApiToken() throws IOException {
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?auth=required&journal=" + journal, "--token-file",
                tokenFile().toString(), "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(FixtureJournal.named(journal).requests().get(0).options().get("api-token")).contains(TOKEN);
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?fail=authentication", "?fail=protocol", "?fail=download"})
    void neverPrintedEvenWithVerboseAndJson(String query) throws IOException {
        CliResult result = InProcess.run("export", FIXTURE + (query.isEmpty() ? "?" : query + "&") + "auth=required",
                "--token-file", tokenFile().toString(), "--verbose", "--json", "--progress", "live", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.err()).as("verbose shows the options, redacted").contains("api-token=");
        assertThat(result.all()).doesNotContain(TOKEN).doesNotContain("SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--token TOKEN", "--api-token=TOKEN", "--token-value TOKEN", "TOKEN", "--token=TOKEN",
        "-k TOKEN", "--password TOKEN --json", "--json --secret=TOKEN", "TOKEN --json"})
    void thereIsNoOptionToPassATokenAsAnArgumentAndTheRefusalDoesNotEchoIt(String given) {
        List<String> args = new ArrayList<>(List.of("export", FIXTURE));
        for (String arg : given.split(" ")) {
            args.add(arg.replace("TOKEN", TOKEN));
        }
        args.addAll(List.of("-o", dir.resolve("out.sql").toString()));

        CliResult result = InProcess.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.all()).as(result.toString()).doesNotContain(TOKEN).doesNotContain("SECRET");
        assertThat(result.err()).as(result.toString()).startsWith("d1-export: ").contains("hint: ");
    }

    @Test
    void anUnknownOptionIsNamedButItsValueIsNot() {
        CliResult result = InProcess.run("export", FIXTURE, "--token", TOKEN, "--api-token=" + TOKEN, "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.err()).as(result.toString())
                .contains("'--token'").contains("'--api-token'")
                .contains("1 unexpected argument (not shown: it may be a secret)")
                .doesNotContain(TOKEN);
    }

    /**
     * A token given as the value of a secret-named option before the URL ({@code --token <value> <url>}): picocli
     * takes the value for the URL, and {@code --json}'s {@code url} must not name it, as the message does not, though
     * it is too short to be masked as a token-shaped URL; it names the URL given, or none.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--token", "--api-key", "--password", "--cf-secret"})
    void aValueOfASecretNamedOptionBeforeTheUrlIsNotJsonsUrl(String option) {
        String out = dir.resolve("out.sql").toString();
        CliResult beforeUrl = InProcess.run("export", option, TOKEN, FIXTURE, "--json", "-o", out);
        CliResult noUrl = InProcess.run("export", option, TOKEN, "--json", "-o", out);

        for (CliResult result : List.of(beforeUrl, noUrl)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.all()).as(result.toString()).doesNotContain(TOKEN).doesNotContain("SECRET");
        }
        assertThat(JsonReader.object(beforeUrl.out())).as(beforeUrl.toString()).containsEntry("url", FIXTURE);
        assertThat(JsonReader.object(noUrl.out())).as(noUrl.toString()).containsEntry("url", null);
        assertThat(Files.exists(dir.resolve("out.sql"))).isFalse();
    }

    @Test
    void aMisspeltCommandIsNamedAndTheOptionsAfterItAreNotBlamed() {
        CliResult result = InProcess.run("exprot", FIXTURE, "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).startsWith("d1-export: Unknown command: 'exprot'\n")
                .contains("Did you mean: d1-export export").doesNotContain("'-o'");
    }

    @Test
    void aRealCommandRepeatedIsNotCalledUnknown() {
        CliResult providers = InProcess.run("providers", "providers");
        CliResult export = InProcess.run("export", FIXTURE, "-o", dir.resolve("out.sql").toString(), "export");

        assertThat(providers.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(providers.err()).as(providers.toString()).doesNotContain("Unknown command")
                .contains("1 unexpected argument");
        assertThat(export.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(export.err()).as(export.toString()).doesNotContain("Unknown command")
                .contains("1 unexpected argument");
    }

    @Test
    void aTokenInTheCommandsPlaceIsStillCountedNotEchoed() {
        CliResult result = InProcess.run(TOKEN, "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.all()).as(result.toString()).doesNotContain(TOKEN).contains("(not shown");
    }

    @Test
    void aTokenFileThatIsAFolderOrFarTooLargeIsNamedAsSuchAndNeverReadWhole() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("tokens"));
        CliResult asFolder = InProcess.run("export", FIXTURE + "?auth=required", "--token-file", folder.toString(),
                "-o", dir.resolve("x.sql").toString());
        assertThat(asFolder.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(asFolder.err()).as(asFolder.toString()).contains("is a folder").doesNotContain("IOException");

        // Endless (as /dev/zero given by mistake): refused after 64 KiB rather than read until the heap is gone.
        Path large = Files.write(dir.resolve("large"), new byte[200_000]);
        CliResult tooLarge = InProcess.run("export", FIXTURE + "?auth=required", "--token-file", large.toString(),
                "-o", dir.resolve("x.sql").toString());
        assertThat(tooLarge.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooLarge.err()).as(tooLarge.toString()).contains("is too large to hold a token (over 64 KiB)");
        if (Files.exists(Path.of("/dev/zero"))) {
            CliResult zero = InProcess.run("export", FIXTURE + "?auth=required", "--token-file", "/dev/zero", "-o",
                    dir.resolve("x.sql").toString());
            assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Test
    void aTokenFileForAProviderThatTakesNoTokenIsSaidOfTheOptionTheUserTyped() throws IOException {
        CliResult result = InProcess.run("export", "d1:sqlite:" + Path.of("..", "examples", "sample.sqlite")
                .toAbsolutePath().normalize(), "--token-file", tokenFile().toString(), "--json", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .contains("--token-file: provider 'sqlite' takes no API token").doesNotContain("api-token");
        assertThat(result.all()).doesNotContain(TOKEN);

        // Said first, whatever the file holds: it is not read for a provider that takes no token.
        Path twoLines = Files.writeString(dir.resolve("two.txt"), TOKEN + "\nsecond line\n");
        CliResult unread = InProcess.run("export", "d1:sqlite:" + Path.of("..", "examples", "sample.sqlite")
                .toAbsolutePath().normalize(), "--token-file", twoLines.toString(), "-o", dir.resolve("x.sql").toString());

        assertThat(unread.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unread.err()).as(unread.toString()).contains("--token-file: provider 'sqlite' takes no API token");
    }

    @Test
    void aTokenFileThatFailsStillReportsTheUrlInJson() throws IOException {
        CliResult result = InProcess.run("export", FIXTURE, "--token-file", dir.resolve("missing").toString(),
                "--json", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(JsonReader.object(result.out()).get("url")).as(result.toString()).isEqualTo(FIXTURE);
    }

    /** Shaped as Cloudflare's API tokens are: 40 letters, digits, '-' and '_'. */
    private static final String REAL_LOOKING_TOKEN = "Zq81aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TOKEN", "d1:TOKEN", "d1:cloudflare:TOKEN",
        "d1:cloudflare://0123456789abcdef0123456789abcdef/db?TOKEN",
        "d1:cloudflare://0123456789abcdef0123456789abcdef/db?=TOKEN"})
    void aTokenPassedInTheUrlsPlaceIsNotEchoedOnStderrNorInJson(String url) {
        CliResult result = InProcess.run("export", url.replace("TOKEN", REAL_LOOKING_TOKEN), "--json", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.all()).as(result.toString()).doesNotContain(REAL_LOOKING_TOKEN).contains("****");
    }

    @Test
    void strayPositionalArgumentsAreCountedNotEchoed() {
        CliResult result = InProcess.run("export", FIXTURE, "first-" + TOKEN, "second-" + TOKEN, "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains("2 unexpected arguments (not shown")
                .doesNotContain(TOKEN);
    }

    @Test
    void aValueInTheSlotOfAKnownOptionIsStillNamed() {
        CliResult result = InProcess.run("export", FIXTURE, "--timeout", "soon", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains("'soon'");
    }

    @Test
    void aTokenInTheUrlIsRefusedWithoutEchoingIt() {
        CliResult result = InProcess.run("export", FIXTURE + "?api-token=" + TOKEN, "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @Test
    void theTokenFileIsNeverReplacedByTheDump() throws IOException {
        // A slip (-o given the token file, by its name or another spelling) would replace the only copy of the token
        // with the dump, as the sqlite provider refuses to replace the database it reads.
        Path token = tokenFile();
        Files.createDirectory(dir.resolve("sub"));
        String journal = UUID.randomUUID().toString();

        for (Path output : List.of(token, dir.resolve("sub/../token.txt"))) {
            CliResult result = InProcess.run("export", FIXTURE + "?auth=required&journal=" + journal, "--token-file",
                    token.toString(), "-o", output.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
            assertThat(result.err()).as(result.toString()).isEqualTo("d1-export: Refusing to write the dump to "
                    + output + ": it is the token file (--token-file " + token + "); choose another destination\n"
                    + "hint: write the dump to another file: this one holds the API token\n");
        }
        assertThat(Files.readString(token)).isEqualTo(TOKEN + "\n");
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
    }

    @Test
    void missingTokenFile() {
        CliResult result = InProcess.run("export", FIXTURE, "--token-file", dir.resolve("nope.txt").toString(), "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Token file " + dir.resolve("nope.txt") + " does not exist")
                .contains("hint: no file has that name: check the path (a relative one starts at the working"
                        + " folder)")
                .doesNotContain("must hold just the API token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9", "0123456789abcdef0123456789abcdef01234",
        "ZqaBcDeFgHiJkLmNoPqRsTuVwXyZ_-AbCdEfGhIj", "zA9az0Zz9Aa0zZ9aA0zZ"})
    void aTokenGivenInPlaceOfTheTokenFileIsNotEchoed(String token) {
        CliResult result = InProcess.run("export", FIXTURE, "--token-file", token, "--json", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("looks like a token itself").contains("roll it");
        assertThat(result.all()).doesNotContain(token).doesNotContain(token.substring(0, 12));
    }

    @Test
    void aShortOrPathLikeMissingNameIsStillNamed() {
        CliResult result = InProcess.run("export", FIXTURE, "--token-file", "token-file-name.txt", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Token file token-file-name.txt does not exist");
        // 20 or more letters and dashes, but neither a digit nor both cases: an ordinary name, not a token.
        CliResult longName = InProcess.run("export", FIXTURE, "--token-file", "cloudflare-api-token-file", "-o",
                dir.resolve("out.sql").toString());
        assertThat(longName.err()).as(longName.toString())
                .contains("Token file cloudflare-api-token-file does not exist");
    }

    @Test
    void emptyTokenFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n");

        CliResult result = InProcess.run("export", FIXTURE, "--token-file", empty.toString(), "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("is empty");
    }

    @Test
    void multiLineTokenFileIsRefusedWithoutShowingItsContent() throws IOException {
        Path two = Files.writeString(dir.resolve("two.txt"), TOKEN + "\nsecond-SECRET-line\n");

        CliResult result = InProcess.run("export", FIXTURE, "--token-file", two.toString(), "--verbose", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("holds more than one line");
        assertThat(result.all()).doesNotContain("SECRET");
    }

    /**
     * A token file named in the working folder by a name shaped like a token: every refusal of its content keeps the
     * name out, as the folder, too-large, unreadable and bad-character refusals always did (the empty, two-line and
     * not-UTF-8 ones showed it). A real process, so the file can be named relative to its working folder.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "two lines", "not UTF-8"})
    void aTokenShapedFileNameIsNotShownWhateverIsWrongWithTheFile(String problem) throws IOException {
        String name = "Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9";
        byte[] content = problem.equals("empty") ? new byte[0]
                : problem.equals("two lines") ? (TOKEN + "\nsecond\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : new byte[] {'a', (byte) 0xFF, 'b'};
        Files.write(dir.resolve(name), content);

        CliResult result = ChildJvm.mainOnTestClassPath().in(dir).run("export", FIXTURE + "?auth=required",
                "--token-file", name, "--json", "-v", "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        String reason = problem.equals("empty") ? "is empty"
                : problem.equals("two lines") ? "holds more than one line" : "is not UTF-8 text";
        assertThat(result.err()).as(result.toString())
                .contains("Token file (a name that looks like a token, not shown) " + reason);
        assertThat(result.all()).doesNotContain(name.substring(0, 12));
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    /**
     * A token pasted as the token file's name with a stray blank or slash around it is still not shown: the shape
     * check looked at the value whole, so {@code "<token> "} and {@code "<token>/ "} were printed in full.
     */
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9 ", " Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9",
            "Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9/ ", "Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9/"})
    void aTokenGivenAsTheFileNameWithAStrayBlankOrSlashIsNotShown(String value) {
        CliResult result = InProcess.run("export", FIXTURE + "?auth=required", "--token-file", value, "--json", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.all()).as(result.toString()).doesNotContain("Zq81aB7cD9eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9")
                .contains("token");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    /**
     * An ordinary name that happens to be 20 or more letters and dashes ({@code cloudflare-api-token}) is shown: only
     * letters and digits mixed, as in tokens and keys, make a name look like one. It was hidden as a token.
     */
    @Test
    void anOrdinaryLongFileNameIsStillNamed() throws IOException {
        Files.writeString(dir.resolve("cloudflare-api-token"), "");

        CliResult result = ChildJvm.mainOnTestClassPath().in(dir).run("export", FIXTURE + "?auth=required",
                "--token-file", "cloudflare-api-token", "-o", dir.resolve("out.sql").toString());
        CliResult missing = ChildJvm.mainOnTestClassPath().in(dir).run("export", FIXTURE + "?auth=required",
                "--token-file", "cloudflare-api-token-file", "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains("Token file cloudflare-api-token is empty");
        assertThat(missing.err()).as(missing.toString())
                .contains("Token file cloudflare-api-token-file does not exist");
    }

    private static final String PASTED = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab";

    /**
     * A token pasted as the account id in the URL itself: no output shows it, --json and -v included, whichever
     * check refuses the URL first (the account's form, an unknown option, a refused base URL, a contradicting
     * account-id option, a misspelt provider).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"d1:cloudflare://%s/my-db", "d1:cloudflare://%s/my-db?nope=1",
        "d1:cloudflare://%s/my-db?base-url=http://example.com/v4",
        "d1:cloudflare://%s/my-db?account-id=023e105f4ecef8ad9ca31a8372d0c353", "d1:cloudfare://%s/my-db"})
    void aTokenPastedAsTheAccountIdInTheUrlIsNeverPrinted(String form) {
        String url = String.format(form, PASTED);
        for (List<String> extra : List.of(List.<String>of(), List.of("--json", "-v"))) {
            List<String> args = new ArrayList<>(List.of("export", url, "-o", dir.resolve("out.sql").toString()));
            args.addAll(extra);

            CliResult result = InProcess.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.out() + result.err()).as(result.toString())
                    .doesNotContain(PASTED).doesNotContain(PASTED.substring(0, 16));
            if (!extra.isEmpty()) {
                assertThat(result.out()).as("--json shows the URL, masked").contains("d1:clou");
                assertThat(result.out() + result.err()).as(result.toString()).contains("://****/my-db");
            }
        }
    }
}
