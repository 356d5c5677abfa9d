package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.d1export.spi.ExportProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
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

        Stopped stopped = startThenStop(out, Process::destroy);

        assertThat(stopped.exitCode()).isEqualTo(143);
        assertThat(stopped.err()).as("the shutdown hook interrupted the export, which reported it")
                .contains("d1-export: Fixture export was interrupted; nothing was written")
                .contains("hint: nothing was written");
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void theJsonOfAnExportEndedBySigtermGivesTheStatusTheProcessEndsWith() throws Exception {
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");

        Stopped stopped = startThenStop(out, Process::destroy, "--json");

        assertThat(stopped.exitCode()).isEqualTo(143);
        assertThat(JsonReader.object(stopped.out())).as(stopped.out()).containsEntry("status", "error")
                .containsEntry("exitCode", 143L);
        assertThat(out).hasContent("previous dump");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void ctrlCEndsWith130AndTheJsonSaysSo() throws Exception {
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");

        Stopped stopped = startThenStop(out, process -> signal(process, "INT", 2), "--json");

        assertThat(stopped.exitCode()).isEqualTo(130);
        assertThat(JsonReader.object(stopped.out())).as(stopped.out()).containsEntry("exitCode", 130L);
        assertThat(stopped.err()).contains("d1-export: Fixture export was interrupted; nothing was written");
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void aClosedTerminalEndsWith129AndTheJsonSaysSo() throws Exception {
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");

        Stopped stopped = startThenStop(out, process -> signal(process, "HUP", 1), "--json");

        assertThat(stopped.exitCode()).isEqualTo(129);
        assertThat(JsonReader.object(stopped.out())).as(stopped.out()).containsEntry("exitCode", 129L);
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void ctrlCStillCancelsAnExportWhoseCodeSwallowedTheFirstInterrupt() throws Exception {
        // A provider (or a library under it) that swallows an interrupt must not let the export run on after Ctrl-C:
        // the signal's hook interrupts the export again until it has ended.
        Path services = Files.createDirectories(dir.resolve("swallow/META-INF/services"));
        Files.writeString(services.resolve(ExportProvider.class.getName()),
                InterruptSwallowingProvider.class.getName() + "\n");
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");

        Stopped stopped = startThenStop(ChildJvm.mainOnTestClassPath(dir.resolve("swallow")),
                List.of("export", "d1:swallow:x", "-o", out.toString()), process -> signal(process, "INT", 2));

        assertThat(stopped.exitCode()).isEqualTo(130);
        assertThat(stopped.err()).contains("swallowed")
                .contains("d1-export: Swallowing export was interrupted twice; nothing was written");
        assertThat(out).hasContent("previous dump");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void aSignalBeforeTheExportBeginsStillGivesTheJsonOfACancelledExport() throws Exception {
        // A CI job cancelled within the first second of a run: the JVM is still starting (a slow start is made
        // certain here) when SIGTERM comes. The --json object must still come, as for a signal during the export.
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");
        Stopped stopped = startSlowlyThenStop(List.of("export", FIXTURE + "?delay=60s", "-o", out.toString(),
                "--json"));
        String stdout = stopped.out();
        String stderr = stopped.err();

        assertThat(stopped.exitCode()).as(stderr).isEqualTo(143);
        assertThat(stderr).doesNotContain("started: ");
        Map<String, Object> json = JsonReader.object(stdout);
        assertThat(json).as(stdout).containsEntry("status", "error").containsEntry("exitCode", 143L);
        assertThat(((Map<?, ?>) json.get("error")).get("family")).as(stdout).isEqualTo("cancelled");
        assertThat(stderr).contains("was cancelled before it started");
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void aSignalBeforeACommandLineThatDoesNotParseGivesTheSignalsStatusInItsJson() throws Exception {
        // The usage error's --json object must give the status the process ends with, as every other one does: a
        // signal during the start holds the process until the command has reported, then ends it with 143.
        Stopped stopped = startSlowlyThenStop(List.of("export", FIXTURE, "-o", dir.resolve("users.sql").toString(),
                "--json", "--frobnicate"));
        String stdout = stopped.out();
        String stderr = stopped.err();

        assertThat(stopped.exitCode()).as(stderr).isEqualTo(143);
        Map<String, Object> json = JsonReader.object(stdout);
        assertThat(json).as(stdout).containsEntry("status", "error").containsEntry("exitCode", 143L);
        assertThat(((Map<?, ?>) json.get("error")).get("family")).as(stdout).isEqualTo("usage");
        assertThat(stderr).contains("Unknown option: '--frobnicate'");
    }

    /**
     * {@code --token-file -} waiting for a token that has not come (a secret manager that hangs, a pipe never written):
     * a read of standard input cannot be interrupted, so without care the shutdown hook waits its 5 s for the main
     * thread and the JVM then ends without a word, {@code --json}'s object lost. The signal must end the wait as a
     * cancelled export, with its object.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void aSignalWhileTheTokenIsAwaitedOnStandardInputIsACancelledExportWithItsJson() throws Exception {
        Path out = Files.writeString(dir.resolve("users.sql"), "previous dump");
        Stopped stopped = startThenStop(ChildJvm.mainOnTestClassPath().inputPiped(), List.of("export",
                FIXTURE + "?auth=required", "--token-file", "-", "-o", out.toString(), "--json", "-v"),
                err -> err.contains("waiting for the API token on standard input"),
                process -> signal(process, "TERM", 15));
        String stdout = stopped.out();
        String stderr = stopped.err();

        assertThat(stopped.exitCode()).as(stderr).isEqualTo(143);
        Map<String, Object> json = JsonReader.object(stdout);
        assertThat(json).as(stdout).containsEntry("status", "error").containsEntry("exitCode", 143L);
        assertThat(((Map<?, ?>) json.get("error")).get("family")).as(stdout).isEqualTo("cancelled");
        assertThat(stderr).contains("was cancelled while it waited for the API token on standard input");
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }

    /**
     * A command that is not an export ({@code providers} here; {@code --help}, {@code --version} alike) has nothing to
     * clean up on a signal, so the start-up hook must not keep the process: blocked writing to a pipe nobody reads
     * (here a provider's description longer than the pipe's buffer), a SIGTERM ends it at once, not after the hook's
     * 5 s wait for a main thread that an interrupt cannot free.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX signals")
    void aSignalWhileANonExportCommandIsBlockedOnAnUnreadPipeEndsTheProcessAtOnce() throws Exception {
        ExtraProviders.loaderWith(dir, LongDescriptionProvider.class.getName());
        Path errFile = dir.resolve("stderr.txt");
        Process process = ChildJvm.mainOnTestClassPath(dir).errorTo(errFile).start("providers", "--json");
        try {
            ChildJvm.awaitFullStdoutPipe(process, errFile); // the child is blocked writing the rest
            long signalled = System.nanoTime();
            signal(process, "TERM", 15);
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops").isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

            assertThat(process.exitValue()).as(Files.readString(errFile)).isEqualTo(143);
            assertThat(millis).as("ends at once, not after the start-up hook's 5 s wait").isLessThan(2500);
        } finally {
            process.destroyForcibly();
        }
    }

    /** What a stopped export left: its status and its two streams. */
    private record Stopped(int exitCode, String out, String err) {
    }

    /** Starts an export that would take a minute, waits until it has started, then stops it with {@code stop}. */
    private Stopped startThenStop(Path out, ProcessStop stop, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("export", FIXTURE + "?delay=60s", "-o", out.toString()));
        args.addAll(List.of(extra));
        return startThenStop(ChildJvm.mainOnTestClassPath(), args, stop);
    }

    /** Runs {@code child} with {@code args}, waits until its export has started, then stops it with {@code stop}. */
    private Stopped startThenStop(ChildJvm child, List<String> args, ProcessStop stop) throws Exception {
        return startThenStop(child, args, err -> err.startsWith("started: "), stop);
    }

    /**
     * Runs the main with {@code args}, its start held by {@link SlowStartHandler} until the signal, and sends SIGTERM
     * while it is held, before the command has begun.
     */
    private Stopped startSlowlyThenStop(List<String> args) throws Exception {
        Path logging = Files.writeString(dir.resolve("logging.properties"),
                "handlers=" + SlowStartHandler.class.getName() + "\n");
        return startThenStop(ChildJvm.mainOnTestClassPath()
                .env("JAVA_TOOL_OPTIONS", "-Djava.util.logging.config.file=" + logging), args,
                err -> err.contains("starting slowly"), process -> signal(process, "TERM", 15));
    }

    /** Runs {@code child} with {@code args}, waits until its stderr is {@code ready}, then stops it with {@code stop}. */
    private Stopped startThenStop(ChildJvm child, List<String> args, Predicate<String> ready, ProcessStop stop)
            throws Exception {
        Path errFile = dir.resolve("stderr.txt");
        Path outFile = dir.resolve("stdout.txt");
        Process process = child.errorTo(errFile).outputTo(outFile).start(args.toArray(String[]::new));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(errFile) && ready.test(Files.readString(errFile)))) {
                assertThat(System.nanoTime()).as("the export starts").isLessThan(deadline);
                assertThat(process.isAlive()).as("the export is running").isTrue();
                Thread.sleep(20);
            }
            stop.stop(process);
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops promptly").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Stopped(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
    }

    /** How a test stops the child. */
    @FunctionalInterface
    private interface ProcessStop {
        void stop(Process process) throws Exception;
    }

    /** Sends a signal as a terminal or {@code kill} would: {@code kill -NAME pid}. */
    private static void signal(Process process, String name, int number) throws Exception {
        // A child started where the signal is ignored (SIGINT in a background job of a non-interactive shell, SIGHUP
        // under nohup) keeps ignoring it, as the JDK leaves an ignored signal alone: nothing to test there.
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        if (Files.isReadable(status)) {
            String ignored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                    .map(l -> l.substring("SigIgn:".length()).trim()).findFirst().orElse("0");
            assumeFalse((Long.parseUnsignedLong(ignored, 16) & (1L << (number - 1))) != 0,
                    "SIG" + name + " is ignored in this process tree");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + name).isZero();
    }
}
