package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export that reaches --timeout is reported in the command's words: the providers advise a library user to "raise
 * the request's timeout", which for the command is --timeout, named once, by the hint (or "raise the 'timeout' option",
 * which the hint names as the URL's option when the URL set it). Real exports that time out:
 * the cloudflare provider against FakeD1Server (an export that never completes) and the sqlite provider on a file
 * another connection holds locked; and a test provider whose limit is an option --timeout does not replace.
 */
class TimeoutWordsTest {

    private static final String TOKEN = "cf-token-SECRET-0815";

    private static final String HINT = "hint: allow more time with --timeout (large databases take minutes)";

    /** Its exports stay active for as long as any test polls them. */
    @RegisterExtension
    static final FakeD1Server D1 = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(1_000_000).build();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void sampleDatabase() throws IOException {
        Path copy = Files.copy(Path.of(System.getProperty("d1export.examples"), "sample.sqlite"),
                shared.resolve("sample.sqlite"));
        D1.addDatabase("sample", copy);
        // One database per export that never ends: a second export of one whose export is active is refused as busy.
        for (String name : List.of("url-set", "both-set")) {
            D1.addDatabase(name, Files.copy(copy, shared.resolve(name + ".sqlite")));
        }
    }

    @Test
    void exitCode9NamesTheUrlsTimeoutOptionBesideTimeoutInHelpAndReadme() throws IOException {
        // Without --timeout the cloudflare URL's 'timeout' option is the limit (the hint names it): exit code 9's
        // words say so, in --help and in the README's table (the module README mirrors it, ModuleReadmeTest).
        CliResult help = InProcess.run("export", "--help");
        String readme = Files.readString(Path.of(System.getProperty("d1export.examples")).getParent()
                .resolve("README.md"));

        assertThat(help.exitCode()).as(help.toString()).isZero();
        // "  9     timeout: ..." and its wrapped lines, indented deeper, joined into one.
        List<String> lines = help.out().lines().dropWhile(line -> !line.startsWith("  9 ")).toList();
        assertThat(lines).as(help.out()).isNotEmpty();
        String nine = lines.get(0).strip() + lines.stream().skip(1).takeWhile(line -> line.startsWith("       "))
                .map(line -> " " + line.strip()).reduce("", String::concat);
        assertThat(nine).as(help.out()).contains("--timeout").contains("cloudflare URL's 'timeout' option");
        assertThat(readme.lines().filter(line -> line.startsWith("| 9 |"))).singleElement().asString()
                .contains("`--timeout`").contains("`cloudflare` URL's `timeout` option");
    }

    @Test
    void aCloudflareExportPastTheTimeoutSaysWhatTheServerDoesAndNamesTimeoutOnlyInTheHint() throws IOException {
        Map<String, String> client = D1.clientProperties(TOKEN);
        String url = D1.exportUrl("sample") + "?base-url=" + client.get("base-url") + "&min-poll-interval="
                + client.get("min-poll-interval") + "&max-poll-interval=" + client.get("max-poll-interval");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        CliResult result = InProcess.run("export", url, "--token-file", token.toString(), "--timeout", "3s", "--json",
                "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
        List<String> lines = ExitCodeTest.errorLines(result);
        assertThat(lines).as(result.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("d1-export: Export of ").contains(" did not finish within 3s (while ")
                .doesNotContain("raise").doesNotContain("request");
        // A second poll means the server had answered the first: the export ran there, so the library added its
        // aside, which is kept as a clause of its own where its advice was. (On a machine so loaded that the deadline
        // came before that answer, the library gives no aside, and there is none to check.)
        // (a sentence on the export's status may follow, as the deadline meets a poll or the wait for one)
        if (D1.journal().of(Endpoint.EXPORT).size() > 1) {
            assertThat(lines.get(0))
                    .contains("); a Cloudflare export that is no longer polled is cancelled by the server.");
        }
        assertThat(lines.get(1)).isEqualTo(HINT);
        Map<?, ?> error = (Map<?, ?>) JsonReader.object(result.out()).get("error");
        assertThat(error.get("family")).isEqualTo("timeout");
        assertThat(error.get("type")).isEqualTo("dev.d1export.spi.ExportTimeoutException");
        assertThat(error.get("message")).isEqualTo(lines.get(0).substring("d1-export: ".length()));
        assertThat(error.get("hint")).isEqualTo(HINT.substring("hint: ".length()));
        assertThat(out).hasContent("previous dump");
        assertThat(D1.journal().credentialLeaks()).isEmpty();
    }

    @Test
    void aCloudflareExportPastTheUrlsTimeoutOptionNamesThatOptionOnlyInTheHint() throws IOException {
        // No --timeout: the URL's 'timeout' option is the limit, and the hint names it, not --timeout; the provider's
        // advice to raise it is left out of the message, as its advice to raise the request's timeout is.
        Map<String, String> client = D1.clientProperties(TOKEN);
        String query = "?base-url=" + client.get("base-url") + "&min-poll-interval="
                + client.get("min-poll-interval") + "&max-poll-interval=" + client.get("max-poll-interval");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");
        String urlHint = "hint: allow more time with the URL's 'timeout' option, the limit that ran out (large"
                + " databases take minutes)";

        CliResult result = InProcess.run("export", D1.exportUrl("url-set") + query + "&timeout=3s", "--token-file",
                token.toString(), "--json", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
        List<String> lines = ExitCodeTest.errorLines(result);
        assertThat(lines).as(result.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("d1-export: Export of ").contains(" did not finish within 3s (while ")
                .doesNotContain("raise").doesNotContain("'timeout' option");
        if (D1.journal().of(Endpoint.EXPORT).size() > 1) {
            assertThat(lines.get(0))
                    .contains("); a Cloudflare export that is no longer polled is cancelled by the server.");
        }
        assertThat(lines.get(1)).isEqualTo(urlHint);
        Map<?, ?> error = (Map<?, ?>) JsonReader.object(result.out()).get("error");
        assertThat(error.get("type")).isEqualTo("dev.d1export.spi.ExportTimeoutException");
        assertThat(error.get("message")).isEqualTo(lines.get(0).substring("d1-export: ".length()));
        assertThat(error.get("hint")).isEqualTo(urlHint.substring("hint: ".length()));

        // With --timeout too, --timeout is the limit (it takes the option's place): the hint names it, not the URL's.
        CliResult both = InProcess.run("export", D1.exportUrl("both-set") + query + "&timeout=1h", "--token-file",
                token.toString(), "--timeout", "3s", "-o", out.toString());

        assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(ExitCodeTest.errorLines(both)).as(both.toString()).hasSize(2).last().isEqualTo(HINT);
        assertThat(ExitCodeTest.errorLines(both).get(0)).contains(" did not finish within 3s (while ")
                .doesNotContain("raise");
        assertThat(out).hasContent("previous dump");
        assertThat(D1.journal().credentialLeaks()).isEmpty();
    }

    @Test
    void aProvidersAdviceToRaiseAnotherOptionThanTimeoutStaysWhenTheUrlLeftItAtItsDefault() {
        // --timeout does not raise a provider's 'max-polls': the advice naming it is the only one that helps, so it is
        // kept, and no hint claims the URL set it. Set by the URL, it is the limit that ran out, named by the hint.
        ClassLoader polls = ExtraProviders.loaderWith(dir.resolve("cp"), PollLimitProvider.class.getName());

        CliResult result = InProcess.run(false, polls, "export", "d1:polls:app", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).first().isEqualTo("d1-export: Export of app"
                + " did not finish within 20 polls; raise the 'max-polls' option (the server was still working).");

        CliResult set = InProcess.run(false, polls, "export", "d1:polls:app?max-polls=20", "-o",
                dir.resolve("x.sql").toString());

        assertThat(set.exitCode()).as(set.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(ExitCodeTest.errorLines(set)).as(set.toString()).containsExactly("d1-export: Export of app did not"
                + " finish within 20 polls; the server was still working.", "hint: allow more time with the URL's"
                + " 'max-polls' option, the limit that ran out (large databases take minutes)");
    }

    @Test
    void aLockedSqliteDatabasePastTheTimeoutNamesTimeoutOnlyInTheHint() throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("app.sqlite"), "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
        Path out = dir.resolve("out.sql");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = writer.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");

            CliResult result = InProcess.run("export", "d1:sqlite:" + db, "--timeout", "300ms", "-o", out.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
            assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: Export of "
                    + db + " did not finish within 300ms: another connection holds the database locked", HINT);

            // -v keeps the provider's own words, in the cause of the stack trace.
            CliResult verbose = InProcess.run("export", "d1:sqlite:" + db, "--timeout", "300ms", "-v", "-o",
                    out.toString());
            assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(ExitCodes.TIMEOUT);
            assertThat(verbose.err()).contains("Caused by: dev.d1export.spi.ExportTimeoutException: Export of " + db
                    + " did not finish within 300ms: another connection holds the database locked; raise the request"
                    + " timeout");
        }
        assertThat(out).doesNotExist();
    }
}
