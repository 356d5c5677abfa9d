package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real main in a child JVM: exit codes, streams that are not terminals, signals. */
class SubprocessTest {

    @TempDir
    Path dir;

    @Test
    void version() {
        CliResult result = ChildJvm.mainOnTestClassPath().run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("d1-export " + System.getProperty("d1export.version"));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void exportsWithPlainProgressWhenNotOnATerminal() throws IOException {
        Path out = dir.resolve("users.sql");

        CliResult result = ChildJvm.mainOnTestClassPath().run("export", FIXTURE + "?bookmark=b-7", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(ExportCommandTest.fixtureBytes());
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("started: exporting classpath:fixtures/users.sql with provider fixture")
                .contains("bookmark: b-7").doesNotContain("\r");
    }

    @Test
    void failureExitCodeWithOneLineAndAHint() throws IOException {
        Path out = Files.writeString(dir.resolve("users.sql"), "previous");

        CliResult result = ChildJvm.mainOnTestClassPath().run("export", FIXTURE + "?fail=busy", "-q", "-o",
                out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.BUSY);
        assertThat(result.err().lines()).hasSize(2);
        assertThat(out).hasContent("previous");
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliResult result = ChildJvm.mainOnTestClassPath().run("export", FIXTURE + "?fail=protocol", "-v", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(result.err()).contains("dev.d1export.spi.ProtocolViolationException").contains("\tat ");
    }

    @Test
    void usageErrorExitCode() {
        CliResult result = ChildJvm.mainOnTestClassPath().run("export", FIXTURE);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Missing required option: '--output=<file>'")
                .contains("hint: run 'd1-export export --help'");
    }

    @Test
    void jsonOnStdout() {
        CliResult result = ChildJvm.mainOnTestClassPath().run("export", FIXTURE, "--json", "-q", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(JsonReader.object(result.out())).containsEntry("status", "ok").containsEntry("provider", "fixture");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void tokenFromAFileIsNeverPrinted() throws IOException {
        String token = "tok-child-SECRET-91x";
        Path tokenFile = Files.writeString(dir.resolve("token"), token);

        CliResult result = ChildJvm.mainOnTestClassPath().run("export", FIXTURE + "?auth=required&fail=authentication",
                "--token-file", tokenFile.toString(), "--verbose", "--json", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(result.all()).contains("api-token=").doesNotContain(token);
    }

    @Test
    void sigtermInterruptsTheExportAndKeepsThePreviousFile() throws Exception {
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");
        Path errFile = dir.resolve("stderr.txt");
        Process process = ChildJvm.mainOnTestClassPath().errorTo(errFile)
                .start("export", FIXTURE + "?delay=60s", "-o", out.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(errFile) && Files.readString(errFile).startsWith("started: "))) {
                assertThat(System.nanoTime()).as("the export starts").isLessThan(deadline);
                assertThat(process.isAlive()).as("the export is running").isTrue();
                Thread.sleep(20);
            }
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops promptly").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String err = Files.readString(errFile);

        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(err).as("the shutdown hook interrupted the export, which reported it")
                .contains("d1-export: Fixture export was interrupted; nothing was written")
                .contains("hint: nothing was written");
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }
}
