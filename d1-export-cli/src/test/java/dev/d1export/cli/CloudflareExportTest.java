package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.FakeD1Server;
import dev.d1export.testkit.Fault;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command with the real cloudflare provider against FakeD1Server (the D1 export API over real HTTP on
 * loopback, serving the sample database): polls, server messages, the download bar, credentials, failures.
 */
class CloudflareExportTest {

    private static final String TOKEN = "cf-token-SECRET-4711";

    @RegisterExtension
    static final FakeD1Server D1 = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(2).build();

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

    /** The sample's URL with the fake server's address and quick polling in the query (none of them secret). */
    private static String url(String database) {
        Map<String, String> properties = D1.clientProperties(TOKEN);
        StringBuilder sb = new StringBuilder(D1.exportUrl(database));
        char sep = '?';
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!e.getKey().equals("api-token")) {
                sb.append(sep).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return sb.toString();
    }

    private Path tokenFile(String token) throws IOException {
        return Files.writeString(dir.resolve("token"), token + "\n");
    }

    @Test
    void exportsToStandardOutputWithTheSameBytesAsToAFile() throws IOException {
        Path out = dir.resolve("sample.sql");
        String token = tokenFile(TOKEN).toString();
        CliResult toFile = InProcess.run("export", url("sample"), "--token-file", token, "-q", "-o", out.toString());
        assertThat(toFile.exitCode()).as(toFile.toString()).isZero();

        CliResult toStdout = InProcess.run("export", url("sample"), "--token-file", token, "-o", "-");

        assertThat(toStdout.exitCode()).as(toStdout.toString()).isZero();
        assertThat(toStdout.out()).isEqualTo(Files.readString(out)).contains("CREATE VIEW order_totals AS");
        assertThat(toStdout.err()).contains("Exported ").contains(" to standard output").doesNotContain(TOKEN);
    }

    @Test
    void anAccountIdThatIsWrongIsAPermissionErrorThatPointsAtTheId() throws IOException {
        String wrong = url("sample").replace(D1.accountId(), "ffffffffffffffffffffffffffffffff");

        CliResult result = InProcess.run("export", wrong, "--token-file", tokenFile(TOKEN).toString(), "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PERMISSION);
        assertThat(ExitCodeTest.errorLines(result)).anySatisfy(line -> assertThat(line)
                .startsWith("hint: check the account id: it may be wrong"));
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void exportsWithLiveProgressAndSummary() throws IOException {
        Path out = dir.resolve("sample.sql");

        CliResult result = InProcess.run("export", url("sample"), "--token-file", tokenFile(TOKEN).toString(),
                "--progress", "live", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE users (")
                .contains("'李小龍 🐉'").contains("CREATE VIEW order_totals AS");
        assertThat(result.err())
                .contains("Waiting for the server: active (poll 1")
                .contains("\rserver: Generating ")
                .containsPattern("\rDownloading \\[#+-*\\] [^\\n\\r]+ / [^\\n\\r]+ +\\d+%  [^\\n\\r]+/s")
                .contains("file:     " + out.toAbsolutePath())
                .containsPattern("bookmark: [0-9a-f-]{8,}")
                .containsPattern("duration: .*polls\\)");
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @Test
    void plainProgressHasOneLinePerPollAndMessage() throws IOException {
        CliResult result = InProcess.run("export", url("sample"), "--token-file", tokenFile(TOKEN).toString(), "-o",
                dir.resolve("sample.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("\npoll 1: active after ").contains("\nserver: ")
                .containsPattern("\ndownload: \\d+ bytes of \\d+ \\(100%\\)\n").doesNotContain("\r");
    }

    @Test
    void jsonHasBookmarkPollsAndMessages() throws IOException {
        CliResult result = InProcess.run("export", url("sample"), "--token-file", tokenFile(TOKEN).toString(),
                "--json", "-q", "-t", "users", "-o", dir.resolve("users.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).containsEntry("provider", "cloudflare").containsEntry("status", "ok");
        assertThat((String) json.get("bookmark")).isNotBlank();
        assertThat((Long) json.get("polls")).isGreaterThanOrEqualTo(2L);
        assertThat(json.get("messages").toString()).isNotEqualTo("[]");
        assertThat(json.get("url").toString()).doesNotContain(TOKEN);
        assertThat(Files.readString(dir.resolve("users.sql"))).contains("CREATE TABLE users").doesNotContain("orders");
    }

    @Test
    void aTableNameThatMatchesNothingIsAWarningAndAJsonMessage() throws IOException {
        Path out = dir.resolve("t.sql");

        CliResult plain = InProcess.run("export", url("sample"), "--token-file", tokenFile(TOKEN).toString(),
                "-t", "users", "-t", "Orders", "-o", out.toString());
        CliResult json = InProcess.run("export", url("sample"), "--token-file", tokenFile(TOKEN).toString(),
                "--json", "-q", "-t", "nosuch", "-o", dir.resolve("n.sql").toString());

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).contains("warning: No table or other object is named 'Orders', so the dump has"
                + " nothing for it (names are case-sensitive: did you mean 'orders'?)")
                .doesNotContain("named 'users'");
        assertThat(Files.readString(out)).contains("CREATE TABLE users").doesNotContain("CREATE TABLE orders");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"messages\":[\"No table or other object is named 'nosuch'");
    }

    @Test
    void aTableNameCheckTheServerCannotAnswerIsShownOnlyWithVerbose() {
        D1.inject(Endpoint.QUERY, 2, Fault.status(500));
        CliResult plain;
        CliResult verbose;
        try {
            plain = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                    .run("export", url("sample"), "-t", "nosuch", "-o", dir.resolve("p.sql").toString());
            verbose = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                    .run("export", url("sample"), "-t", "nosuch", "--verbose", "-o", dir.resolve("v.sql").toString());
        } finally {
            D1.reset();
        }

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).doesNotContain("nosuch'").doesNotContain("Cannot check");
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(verbose.err()).containsPattern("(?m)^warning dev\\.d1export\\.http: Cannot check the table names,"
                + " so a name that matches nothing is not reported: .*HTTP 500").doesNotContain(TOKEN);
    }

    @Test
    void tokenFromTheEnvironmentInAChildJvm() {
        Path out = dir.resolve("sample.sql");

        CliResult result = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                .run("export", url("sample"), "--verbose", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(out).exists();
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @Test
    void providerLogLinesStayOffStderrUnlessVerbose() {
        CliResult quiet = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                .run("export", url("sample"), "--quiet", "-o", dir.resolve("q.sql").toString());
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as("--quiet prints nothing but errors").isEmpty();

        CliResult plain = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                .run("export", url("sample"), "-o", dir.resolve("p.sql").toString());
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).as("the progress view, not the provider's INFO log").doesNotContain("INFO");

        CliResult verbose = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                .run("export", url("sample"), "--verbose", "-o", dir.resolve("v.sql").toString());
        assertThat(verbose.err()).as("d1-export's debug lines").contains("Exporting ").contains("Downloaded ")
                .contains("cf-ray").doesNotContain(TOKEN);
        assertThat(plain.err()).as("debug lines only with --verbose").doesNotContain("Downloaded ");
    }

    @Test
    void aRetryIsShownOnceInTheCommandsOwnWordsNotAlsoAsAJulRecord() {
        D1.inject(Endpoint.EXPORT, 1, Fault.status(429));
        CliResult plain;
        try {
            plain = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                    .run("export", url("sample"), "--progress", "plain", "-o", dir.resolve("p.sql").toString());
        } finally {
            D1.reset();
        }
        D1.inject(Endpoint.EXPORT, 1, Fault.status(429));
        CliResult verbose;
        try {
            verbose = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                    .run("export", url("sample"), "--progress", "plain", "--verbose", "-o",
                            dir.resolve("v.sql").toString());
        } finally {
            D1.reset();
        }

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err().lines().filter(l -> l.startsWith("retry 1 in "))).as(plain.err()).hasSize(1);
        assertThat(plain.err()).as("no second copy from the provider's log, no JUL date line")
                .doesNotContain("Retrying").doesNotContain("WARNING").doesNotContain(" AM ").doesNotContain(" PM ");
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(verbose.err()).as("--verbose shows the provider's own line too, in the command's style")
                .containsPattern("(?m)^warning dev\\.d1export\\.http: Retrying ")
                .doesNotContain("WARNING:");
    }

    @Test
    void aLoggingSetupOfTheUsersOwnKeepsItsHandlersAndLevels() throws IOException {
        Path log = dir.resolve("d1.log");
        Path config = Files.writeString(dir.resolve("logging.properties"), String.join("\n",
                "handlers=java.util.logging.FileHandler",
                "java.util.logging.FileHandler.pattern=" + log.toString().replace("\\", "/"),
                "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter",
                "java.util.logging.FileHandler.level=ALL",
                "dev.d1export.http.level=FINE", ""));
        D1.inject(Endpoint.EXPORT, 1, Fault.status(429));
        CliResult result;
        try {
            result = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_TOKEN", TOKEN)
                    .env("JAVA_TOOL_OPTIONS", "-Djava.util.logging.config.file=" + config)
                    .run("export", url("sample"), "--progress", "plain", "-o", dir.resolve("f.sql").toString());
        } finally {
            D1.reset();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(log)).as("the user's file handler gets the provider's records at its level")
                .contains("Retrying starting the export").contains("cf-ray").doesNotContain(TOKEN);
        assertThat(result.err()).as("and nothing is added on stderr but the command's own lines")
                .contains("retry 1 in ").doesNotContain("Retrying").doesNotContain("debug ");
    }

    @Test
    void wrongTokenIsAuthenticationWithServerDetails() throws IOException {
        CliResult result = InProcess.run("export", url("sample"), "--token-file", tokenFile("wrong-SECRET").toString(),
                "--verbose", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(result.err()).containsPattern("d1-export: .*\\[HTTP 401, code 10000");
        assertThat(result.all()).doesNotContain("wrong-SECRET");
    }

    @Test
    void unknownDatabaseIsNotFound() throws IOException {
        CliResult result = InProcess.run("export", url("no-such-db"), "--token-file", tokenFile(TOKEN).toString(),
                "-q", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aDatabaseNameTheAccountDoesNotHoldIsNotFoundWithoutAnHttpStatusSinceNoAnswerFailed() throws IOException {
        CliResult result = InProcess.run("export", url("no-such-db"), "--token-file", tokenFile(TOKEN).toString(),
                "--json", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) JsonReader.object(result.out()).get("error");
        assertThat(error).as(result.toString()).containsEntry("family", "not-found")
                .containsEntry("httpStatus", null).containsEntry("rayId", null);
        assertThat((String) error.get("message")).startsWith("No D1 database is named 'no-such-db'")
                .doesNotContain("HTTP 200");
    }

    @Test
    void failedDownloadKeepsThePreviousFile() throws IOException {
        Path out = Files.writeString(dir.resolve("sample.sql"), "previous dump");
        D1.inject(Endpoint.DOWNLOAD, 20, Fault.truncatedBody());
        try {
            CliResult result = InProcess.run("export", url("sample") + "&download-retries=1", "--token-file",
                    tokenFile(TOKEN).toString(), "-q", "-o", out.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DOWNLOAD);
            assertThat(out).hasContent("previous dump");
            assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
        } finally {
            D1.reset();
        }
    }

    @Test
    void malformedAnswerIsAProtocolError() throws IOException {
        D1.inject(Endpoint.EXPORT, 20, Fault.invalidJson());
        try {
            CliResult result = InProcess.run("export", url("sample") + "&max-retries=0", "--token-file",
                    tokenFile(TOKEN).toString(), "-q", "-o", dir.resolve("x.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PROTOCOL);
        } finally {
            D1.reset();
        }
    }
}
