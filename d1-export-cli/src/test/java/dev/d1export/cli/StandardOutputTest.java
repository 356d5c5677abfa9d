package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o -}: the dump on standard output, for a pipe; what happens when that goes wrong. */
class StandardOutputTest {

    private static final String FIXTURE = ExportCommandTest.FIXTURE;

    @TempDir
    Path dir;

    @Test
    void theDumpGoesToStandardOutputAndThePeopleLinesToStandardError() throws IOException {
        CliResult result = InProcess.run("export", FIXTURE, "-o", "-");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(ExportCommandTest.fixtureBytes());
        int size = ExportCommandTest.fixtureBytes().length;
        assertThat(result.err()).contains("finished: " + size + " bytes written to standard output\n")
                .contains(" to standard output\n").contains("size:     ").doesNotContain("file:     ");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no file named '-', no staged file").isEmpty();
        }
    }

    @Test
    void theSameBytesAsAFileFromTheSqliteProvider() throws IOException {
        String url = "d1:sqlite:" + Path.of(System.getProperty("d1export.examples"), "sample.sqlite");
        Path out = dir.resolve("sample.sql");
        assertThat(InProcess.run("export", url, "-q", "-o", out.toString()).exitCode()).isZero();

        CliResult result = InProcess.run("export", url, "-q", "-o", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(out));
        assertThat(result.err()).as("quiet").isEmpty();
    }

    @Test
    void jsonWouldShareStandardOutputSoTheCombinationIsAUsageError() {
        CliResult result = InProcess.run("export", FIXTURE, "-o", "-", "--json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(JsonReader.parse(result.out())).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("status", "error");
        assertThat(result.out()).doesNotContain("CREATE TABLE");
        assertThat(result.err()).contains("--json and -o - both write to standard output");
    }

    @Test
    void noSyncWithStandardOutputIsAUsageError() {
        CliResult result = InProcess.run("export", FIXTURE, "-o", "-", "--no-sync");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--no-sync applies to a file");
    }

    @Test
    void aFailureBeforeAnyByteSaysNothingAboutPartOfADump() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=not-found", "-o", "-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).doesNotContain("note:");
    }

    @Test
    void aFailureAfterPartOfTheDumpSaysHowMuchStandardOutputGot() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=download", "-o", "-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DOWNLOAD);
        int got = result.out().getBytes(StandardCharsets.UTF_8).length;
        assertThat(got).as("the fixture fails after its first buffer").isPositive()
                .isLessThanOrEqualTo(ExportCommandTest.fixtureBytes().length);
        assertThat(result.err()).contains("note: standard output received " + got + " bytes of the dump, which are"
                + " not a complete dump");
    }

    /** {@code d1-export ... -o - | head}: the reader goes away; a PrintStream would hide that and report success. */
    @Test
    void aReaderThatGoesAwayEndsTheExportWithTheDestinationExitCode() throws Exception {
        Path big = dir.resolve("big.sql");
        try (Writer writer = Files.newBufferedWriter(big)) {
            writer.write("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(x);\n");
            for (int i = 0; i < 400_000; i++) {
                writer.write("INSERT INTO \"t\" (\"x\") VALUES('row " + i + " padding padding padding');\n");
            }
        }
        Path err = dir.resolve("stderr.txt");
        Process process = ChildJvm.mainOnTestClassPath().errorTo(err)
                .start("export", "d1:fixture:file:" + big, "-o", "-", "--progress", "plain");
        try {
            InputStream out = process.getInputStream();
            assertThat(out.readNBytes(100)).hasSize(100);
            out.close(); // the reader ends, as head does

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ends promptly").isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(ExitCodes.DESTINATION);
        assertThat(Files.readString(err)).contains("standard output cannot be written")
                .contains("note: standard output received ");
    }
}
