package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export command run in this JVM against the fixture provider: files, summaries, requests, JSON. */
class ExportCommandTest {

    static final String FIXTURE = "d1:fixture:classpath:fixtures/users.sql";

    @TempDir
    Path dir;

    static byte[] fixtureBytes() {
        try (InputStream in = ExportCommandTest.class.getClassLoader().getResourceAsStream("fixtures/users.sql")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void writesTheDumpAndPrintsTheSummaryOnStderr() throws IOException {
        Path out = dir.resolve("users.sql");

        CliResult result = InProcess.run("export", FIXTURE + "?bookmark=bm-42", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(out)).isEqualTo(fixtureBytes());
        assertThat(result.out()).as("stdout is kept for --json").isEmpty();
        long size = fixtureBytes().length;
        assertThat(result.err())
                .contains("file:     " + out.toAbsolutePath())
                .contains("size:     " + size + " bytes\n")
                .contains("tables:   all (schema and data)")
                .contains("bookmark: bm-42")
                .containsPattern("duration: \\d+ ms");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void passesTablesAndContentChoiceToTheProvider() {
        String journal = UUID.randomUUID().toString();
        Path out = dir.resolve("users.sql");

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "--table", "users", "-t",
                "posts", "--no-data", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        List<RecordedRequest> requests = FixtureJournal.named(journal).requests();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).tables()).containsExactly("users", "posts");
        assertThat(requests.get(0).noData()).isTrue();
        assertThat(requests.get(0).noSchema()).isFalse();
        assertThat(result.err()).contains("tables:   users, posts (schema only)");
    }

    @Test
    void anArgumentThatStartsWithAnAtSignIsTakenAsWrittenNotAsAFileOfArguments() throws IOException {
        String journal = UUID.randomUUID().toString();
        Path arguments = Files.writeString(dir.resolve("args"), "orders\n--no-data\n");
        Path out = dir.resolve("at.sql");

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-t", "@" + arguments, "-o",
                out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        RecordedRequest request = FixtureJournal.named(journal).requests().get(0);
        assertThat(request.tables()).containsExactly("@" + arguments);
        assertThat(request.noData()).isFalse();
    }

    @Test
    void aTableNamedLikeAnOptionIsTakenWhenWrittenAttachedAndAForgottenValueIsStillAnError() {
        String journal = UUID.randomUUID().toString();
        Path out = dir.resolve("dash.sql");

        // Attached first: picocli, filling the option itself later, would have replaced the list it was in.
        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "--table=-o", "-t", "orders",
                "-t=-t", "--table", "users", "--table=--no-data", "-tx", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        RecordedRequest request = FixtureJournal.named(journal).requests().get(0);
        assertThat(request.tables()).containsExactly("-o", "orders", "-t", "users", "--no-data", "x");
        assertThat(request.noData()).isFalse();

        CliResult forgotten = InProcess.run("export", FIXTURE + "?journal=" + journal, "-t", "-o",
                dir.resolve("forgotten.sql").toString());
        assertThat(forgotten.exitCode()).as(forgotten.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(forgotten.err()).contains("Expected parameter for option '--table' but found '-o'");
        CliResult forgottenAttached = InProcess.run("export", FIXTURE + "?journal=" + journal, "-t",
                "--output=" + dir.resolve("forgotten.sql"));
        assertThat(forgottenAttached.exitCode()).as(forgottenAttached.toString()).isEqualTo(ExitCodes.USAGE);
        CliResult last = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o",
                dir.resolve("forgotten.sql").toString(), "--table=a", "-t");
        assertThat(last.exitCode()).as(last.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).contains("Missing required parameter for option '--table'");
        assertThat(FixtureJournal.named(journal).requests()).hasSize(1);
    }

    @Test
    void quietAndVerboseTogetherAreAUsageErrorAndNothingIsExported() {
        String journal = "quiet-verbose";
        FixtureJournal.named(journal).clear();
        Path out = dir.resolve("qv.sql");

        for (List<String> flags : List.of(List.of("-q", "-v"), List.of("-qv"), List.of("--verbose", "--quiet"))) {
            List<String> args = new java.util.ArrayList<>(List.of("export", FIXTURE + "?journal=" + journal, "-o",
                    out.toString()));
            args.addAll(flags);
            CliResult result = InProcess.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("-q (--quiet) and -v (--verbose) ask for opposite output: use one of"
                    + " them");
        }
        assertThat(FixtureJournal.named(journal).requests()).isEmpty();
        assertThat(out).doesNotExist();
    }

    /**
     * -q with a --progress typed on the command line asks for no output and for progress output at once: refused as
     * -q with -v is, naming both options and the mode, before anything is exported. -q alone (the default --progress
     * auto) and --progress alone still run.
     */
    @Test
    void quietWithAnExplicitProgressIsAUsageErrorAndNothingIsExported() {
        String journal = "quiet-progress";
        FixtureJournal.named(journal).clear();
        Path out = dir.resolve("qp.sql");

        Map<String, List<String>> cases = Map.of("plain", List.of("-q", "--progress", "plain"),
                "live", List.of("--progress=LIVE", "--quiet"), "auto", List.of("--progress", "auto", "-q"));
        for (Map.Entry<String, List<String>> flags : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("export", FIXTURE + "?journal=" + journal, "-o",
                    out.toString()));
            args.addAll(flags.getValue());
            CliResult result = InProcess.run(args.toArray(String[]::new));

            String mode = flags.getKey();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines().toList()).as(result.toString()).containsExactly(
                    "d1-export: -q (--quiet) and --progress " + mode + " ask for opposite output: use one of them",
                    "hint: -q prints nothing but errors, no progress; --progress sets how progress shows without -q");
        }
        assertThat(FixtureJournal.named(journal).requests()).isEmpty();
        assertThat(out).doesNotExist();

        CliResult json = InProcess.run("export", FIXTURE, "-o", out.toString(), "-q", "--progress", "plain", "--json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.USAGE);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) JsonReader.object(json.out()).get("error");
        assertThat(error).containsEntry("family", "usage");
        assertThat((String) error.get("message")).startsWith("-q (--quiet) and --progress plain ask for opposite");

        CliResult quiet = InProcess.run("export", FIXTURE, "-o", out.toString(), "-q");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as("-q alone: nothing but errors").isEmpty();
        CliResult plain = InProcess.run("export", FIXTURE, "-o", dir.resolve("plain.sql").toString(), "--progress",
                "plain");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).as(plain.toString()).isNotEmpty();
    }

    @Test
    void aUsageErrorWithVerboseIsTheMessageAndTheHintWithoutAStackTrace() {
        // -v asks for stack traces of failures; a command line the command refuses has nothing in its trace to help.
        for (List<String> flags : List.of(List.of("-q", "-v"), List.of("-v", "--json", "-o", "-"))) {
            List<String> args = new java.util.ArrayList<>(List.of("export", FIXTURE, "-o",
                    dir.resolve("qv.sql").toString()));
            args.addAll(flags);
            CliResult result = InProcess.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines().toList()).as(result.toString()).hasSize(2)
                    .allSatisfy(line -> assertThat(line).doesNotContain("Exception").doesNotStartWith("\tat "));
            assertThat(result.err().lines().toList().get(1)).startsWith("hint: ");
        }
    }

    @Test
    void quietAndVerboseTogetherAreRefusedBeforeTheTokenFileIsReadAndWithJsonGiveTheUsageObject() {
        Path out = dir.resolve("qv.sql");

        CliResult result = InProcess.run("export", FIXTURE, "-o", out.toString(), "--json", "-vq", "--token-file",
                dir.resolve("no-such-token-file").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as("refused before the token file is read").doesNotContain("no-such-token-file");
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).containsEntry("status", "error").containsEntry("exitCode", 2L);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) json.get("error");
        assertThat(error).containsEntry("family", "usage");
        assertThat((String) error.get("message")).startsWith("-q (--quiet) and -v (--verbose) ask for opposite");
        assertThat(out).doesNotExist();
    }

    @Test
    void aNegativeTimeoutIsSaidToHaveToBePositiveNotToBeNoDuration() {
        for (String timeout : List.of("--timeout=-5s", "--timeout=-PT5S", "--timeout=PT-5S")) {
            CliResult result = InProcess.run("export", FIXTURE, timeout, "-o", dir.resolve("t.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            String value = timeout.substring("--timeout=".length());
            assertThat(result.err()).as(result.toString()).contains("'" + value + "' is negative: --timeout must be"
                    + " positive").doesNotContain("is not a duration");
        }
        CliResult separate = InProcess.run("export", FIXTURE, "--timeout", "-5s", "-o",
                dir.resolve("t.sql").toString());
        assertThat(separate.err()).as(separate.toString()).contains("'-5s' is negative: --timeout must be positive");
    }

    @Test
    void aTimeoutUnderOneMillisecondIsAUsageErrorAsZeroIs() {
        CliResult result = InProcess.run("export", FIXTURE, "--timeout", "0.0001s", "-o", dir.resolve("t.sql")
                .toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'0.0001s' is less than 1ms");
        assertThat(InProcess.run("export", FIXTURE, "--timeout", "1ms", "-o", dir.resolve("t.sql").toString())
                .exitCode()).isIn(ExitCodes.OK, ExitCodes.TIMEOUT);
    }

    @Test
    void noSyncAsksForAFileThatIsNotSyncedAndStillWritesItWhole() throws IOException {
        String journal = UUID.randomUUID().toString();
        Path out = dir.resolve("nosync.sql");
        Path other = dir.resolve("synced.sql");

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "--no-sync", "-o", out.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(out)).isEqualTo(fixtureBytes());
        CliResult synced = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", other.toString());
        assertThat(synced.exitCode()).as(synced.toString()).isEqualTo(ExitCodes.OK);

        List<RecordedRequest> requests = FixtureJournal.named(journal).requests();
        assertThat(requests.get(0).file()).isEqualTo(out);
        assertThat(requests.get(0).synced()).isFalse();
        assertThat(requests.get(1).synced()).isTrue();
    }

    @Test
    void noSchemaIsPassedOn() {
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "--no-schema", "-o",
                dir.resolve("d.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(FixtureJournal.named(journal).requests().get(0).noSchema()).isTrue();
        assertThat(result.err()).contains("tables:   all (data only)");
    }

    @Test
    void unmatchedTablesModeIsPassedOnAndWarnIsTheDefault() {
        String journal = UUID.randomUUID().toString();

        CliResult plain = InProcess.run("export", FIXTURE + "?journal=" + journal, "-t", "users", "-o",
                dir.resolve("a.sql").toString());
        CliResult strict = InProcess.run("export", FIXTURE + "?journal=" + journal, "-t", "users",
                "--unmatched-tables=fail", "-o", dir.resolve("b.sql").toString());

        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCodes.OK);
        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(ExitCodes.OK);
        List<RecordedRequest> requests = FixtureJournal.named(journal).requests();
        assertThat(requests).extracting(RecordedRequest::failOnUnmatchedTables).containsExactly(false, true);
    }

    @Test
    void replacesAnExistingFileOnSuccess() throws IOException {
        Path out = dir.resolve("users.sql");
        Files.writeString(out, "old dump");

        CliResult result = InProcess.run("export", FIXTURE, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(fixtureBytes());
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void keepsThePreviousFileWhenTheDownloadFailsMidway() throws IOException {
        Path out = dir.resolve("users.sql");
        Files.writeString(out, "previous dump");

        CliResult result = InProcess.run("export", FIXTURE + "?fail=download", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DOWNLOAD);
        assertThat(out).hasContent("previous dump");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void keepsThePreviousFileWhenTheServerFails() throws IOException {
        Path out = dir.resolve("users.sql");
        Files.writeString(out, "previous dump");

        CliResult result = InProcess.run("export", FIXTURE + "?fail=export-failed", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.EXPORT_FAILED);
        assertThat(out).hasContent("previous dump");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void writesIntoAnExistingFolderUnderTheProvidersFileName() throws IOException {
        CliResult result = InProcess.run("export", FIXTURE, "-o", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("users.sql"))).isEqualTo(fixtureBytes());
    }

    /**
     * {@code -o .} (or {@code -o backups/./}): the file the summary and {@code --json} name is the dump's path, not
     * {@code <folder>/./users.sql}, which a script comparing paths would not recognise.
     */
    @Test
    void aFolderGivenWithADotNamesTheDumpWithoutTheDot() {
        CliResult result = InProcess.run("export", FIXTURE, "--json", "-o", dir + "/.");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JsonReader.object(result.out())).containsEntry("file",
                dir.toAbsolutePath().resolve("users.sql").toString());
        assertThat(Files.exists(dir.resolve("users.sql"))).isTrue();
    }

    @Test
    void aFileGivenWithDotNamesIsReportedByItsPathWithoutThem() throws IOException {
        // -o ./backup.sql is common; "file" is documented as the dump's absolute path, which a script compares.
        Files.createDirectory(dir.resolve("sub"));

        CliResult dot = InProcess.run("export", FIXTURE, "--json", "-o", dir + "/./x.sql");
        CliResult dotDot = InProcess.run("export", FIXTURE, "--json", "-o", dir + "/sub/../y.sql");
        CliResult dotDotFolder = InProcess.run("export", FIXTURE, "--json", "-o", dir + "/sub/../");

        assertThat(dot.exitCode()).as(dot.toString()).isZero();
        assertThat(JsonReader.object(dot.out())).containsEntry("file", dir.toAbsolutePath().resolve("x.sql").toString());
        assertThat(dotDot.exitCode()).as(dotDot.toString()).isZero();
        assertThat(JsonReader.object(dotDot.out())).containsEntry("file", dir.toRealPath().resolve("y.sql").toString());
        assertThat(dotDotFolder.exitCode()).as(dotDotFolder.toString()).isZero();
        assertThat(JsonReader.object(dotDotFolder.out())).containsEntry("file",
                dir.toRealPath().resolve("users.sql").toString());
        assertThat(Files.readString(dir.resolve("x.sql"))).isEqualTo(Files.readString(dir.resolve("y.sql")));
    }

    @Test
    void jsonSummaryOnStdout() {
        Path out = dir.resolve("users.sql");

        CliResult result = InProcess.run("export", FIXTURE + "?bookmark=bm-1", "-t", "users", "--json", "-o",
                out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).containsEntry("status", "ok")
                .containsEntry("exitCode", 0L)
                .containsEntry("url", FIXTURE + "?bookmark=bm-1")
                .containsEntry("provider", "fixture")
                .containsEntry("file", out.toAbsolutePath().toString())
                .containsEntry("filename", "users.sql")
                .containsEntry("bytes", (long) fixtureBytes().length)
                .containsEntry("tables", List.of("users"))
                .containsEntry("noData", false)
                .containsEntry("noSchema", false)
                .containsEntry("bookmark", "bm-1")
                .containsEntry("polls", 0L)
                .containsKeys("durationMillis", "serverMillis", "downloadMillis", "messages", "skippedTables",
                        "unmatchedTables");
        assertThat(result.err()).as("no human summary with --json").doesNotContain("bookmark:");
    }

    @Test
    void jsonErrorOnStdoutWithFamilyAndServerDetails() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=authentication", "--json", "-q", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).containsEntry("status", "error").containsEntry("exitCode", 3L);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) json.get("error");
        assertThat(error).containsEntry("family", "authentication")
                .containsEntry("type", "dev.d1export.spi.AuthenticationException")
                .containsEntry("httpStatus", 401L)
                .containsEntry("codes", List.of(10000L))
                .containsEntry("serverMessages", List.of("Authentication error"));
        assertThat((String) error.get("hint")).contains("CLOUDFLARE_API_TOKEN");
    }

    @Test
    void quietPrintsNothingOnSuccess() throws IOException {
        Path out = dir.resolve("users.sql");

        CliResult result = InProcess.run("export", FIXTURE, "--quiet", "-o", out.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(fixtureBytes());
    }

    @Test
    void quietStillPrintsErrors() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=busy", "-q", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BUSY);
        assertThat(result.err().lines().toList()).hasSize(2);
        assertThat(result.err()).startsWith("d1-export: Simulated failure").contains("\nhint: ");
    }

    /** Past the longest duration Java holds is still a very long timeout (none), not "not a duration". */
    @Test
    void aTimeoutPastTheLongestDurationMeansNoDeadline() {
        Path out = dir.resolve("t.sql");
        CliResult result = InProcess.run("export", FIXTURE, "--timeout", "9223372036854775808s", "-o", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(out).isNotEmptyFile();
    }

    @Test
    void timeoutIsPassedToTheProvider() {
        CliResult result = InProcess.run("export", FIXTURE + "?delay=5s", "--timeout", "200ms", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(result.err()).contains("did not finish within 200ms").contains("hint: allow more time with --timeout");
        assertThat(Files.exists(dir.resolve("x.sql"))).isFalse();
    }
}
