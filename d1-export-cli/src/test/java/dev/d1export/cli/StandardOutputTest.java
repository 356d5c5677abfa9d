package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.CliEnvironment;
import dev.d1export.cli.internal.CommandLineRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
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

    /** A dump of about 20 MB, far more than a pipe holds. */
    private Path bigDump() throws IOException {
        Path big = dir.resolve("big.sql");
        try (Writer writer = Files.newBufferedWriter(big)) {
            writer.write("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(x);\n");
            for (int i = 0; i < 400_000; i++) {
                writer.write("INSERT INTO \"t\" (\"x\") VALUES('row " + i + " padding padding padding');\n");
            }
        }
        return big;
    }

    @Test
    void aTerminalIsNotADestinationForRawDatabaseText() {
        CliResult result = InProcess.run(true, getClass().getClassLoader(), "export", FIXTURE, "-o", "-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("standard output is a terminal").contains("-o - | gzip");
    }

    /** The note counts what standard output took, not the write that failed. */
    @Test
    void aStandardOutputThatFailsGetsTheExactCountAndAHintAboutItsReader() throws IOException {
        long limit = 300_000;
        long[] accepted = {0};
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (accepted[0] + len > limit) {
                    throw new IOException("No space left on device");
                }
                accepted[0] += len;
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(failing, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = CommandLineRunner.execute(new CliEnvironment(out, e, false, getClass().getClassLoader(), false),
                    "export", "d1:fixture:file:" + bigDump(), "-o", "-");
        }

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(ExitCodes.DESTINATION);
        assertThat(accepted[0]).isPositive();
        assertThat(stderr).contains("standard output cannot be written")
                .contains("hint: the reader of standard output ended early")
                .contains("note: standard output received " + accepted[0] + " bytes of the dump");
    }

    /**
     * {@code --json > file} on a full disk, or a closed stdout: the summary a script asked for is lost, so the run is
     * not reported with exit code 0; stderr says so and names the dump, which is complete and in place. A failure
     * keeps its own exit code, with a note that its object was not printed.
     */
    @Test
    void aJsonSummaryThatStandardOutputCannotTakeIsNoSilentSuccess() throws IOException {
        Path dump = dir.resolve("users.sql");
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream failureErr = new ByteArrayOutputStream();
        int code;
        int failureCode;
        try (PrintStream out = new PrintStream(full, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
             PrintStream fe = new PrintStream(failureErr, true, StandardCharsets.UTF_8)) {
            code = CommandLineRunner.execute(new CliEnvironment(out, e, false, getClass().getClassLoader(), false),
                    "export", FIXTURE, "--json", "-q", "-o", dump.toString());
            failureCode = CommandLineRunner.execute(new CliEnvironment(out, fe, false, getClass().getClassLoader(),
                    false), "export", "d1:sqlite:" + dir.resolve("missing.sqlite"), "--json", "-o",
                    dir.resolve("other.sql").toString());
        }

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(ExitCodes.DESTINATION);
        assertThat(stderr).startsWith("d1-export: standard output cannot be written")
                .contains("the --json summary was not printed; the dump itself is complete: " + dump.toAbsolutePath())
                .contains("\nhint: redirect standard output");
        assertThat(Files.readAllBytes(dump)).isEqualTo(ExportCommandTest.fixtureBytes());
        String failureStderr = failureErr.toString(StandardCharsets.UTF_8);
        assertThat(failureCode).as(failureStderr).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(failureStderr).contains("note: standard output cannot be written")
                .contains("the --json object of this failure was not printed");
    }

    /** A reader that stopped reading: the write blocks and cannot be interrupted, so the hook has the last word. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void sigtermWhileNobodyReadsEndsPromptlyWithAWord() throws Exception {
        Path database = SqliteDatabase.create(dir.resolve("big.sqlite"),
                "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
                        + " INSERT INTO t(x) SELECT 'row ' || i || ' padding padding padding' FROM n");
        Path err = dir.resolve("stderr.txt");
        // The sqlite provider writes from a thread of its own, which an interrupt does not reach in a blocked write.
        Process process = ChildJvm.mainOnTestClassPath().errorTo(err)
                .start("export", "d1:sqlite:" + database, "-o", "-", "--progress", "plain");
        try {
            ChildJvm.awaitFullStdoutPipe(process, err); // the export is stuck in a write
            long stopped = System.nanoTime();
            // kill, not Process.destroy(), which also closes this end of the pipe: the reader must stay, not reading.
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("ends").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).as("within the hook's wait")
                    .isLessThan(4000);
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(Files.readString(err)).contains("d1-export: interrupted while standard output was not being read;"
                + " it received ");
    }

    /** {@code d1-export ... -o - | head}: the reader goes away; a PrintStream would hide that and report success. */
    @Test
    void aReaderThatGoesAwayEndsTheExportWithTheDestinationExitCode() throws Exception {
        Path big = bigDump();
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
                .contains("hint: the reader of standard output ended early");
    }
}
