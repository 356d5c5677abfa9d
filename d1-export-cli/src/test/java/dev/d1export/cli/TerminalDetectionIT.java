package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whether standard output and standard error are terminals is decided for each on its own, in a real pseudo-terminal
 * ({@code script}): the {@code -o -} refusal follows standard output, the live view standard error, whatever standard
 * input is. Java 17's {@code System.console()} answers for standard input and output together, which let a dump
 * onto the terminal when standard input was redirected and drew the live view into a log file. Both through the
 * launcher (which tells the JVM) and with plain {@code java -jar} (which asks {@code /proc}).
 */
class TerminalDetectionIT {

    private static final Path SCRIPT = Path.of(System.getProperty("d1export.launcher"));
    private static final Path JAR = SCRIPT.resolveSibling("d1-export.jar");
    private static final Path SAMPLE = Path.of(System.getProperty("d1export.examples"), "sample.sqlite");

    @TempDir
    Path dir;

    @BeforeEach
    void needsScript() {
        Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux script makes the terminal");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux");
    }

    private String command(String how) {
        return how.equals("launcher") ? SCRIPT.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + JAR;
    }

    /** Runs a shell line in a pseudo-terminal; gives the exit code and what the terminal showed. */
    private CliResult inTerminal(String line) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", line, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("D1_EXPORT_CACHE", dir.resolve("cache").toString());
        builder.environment().remove("COLUMNS");
        Process process = builder.start();
        String shown = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliResult(process.exitValue(), shown, "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"launcher", "java -jar"})
    void aDumpIsNeverWrittenOntoTheTerminalEvenWithStandardInputRedirected(String how) throws Exception {
        CliResult result = inTerminal(command(how) + " export d1:sqlite:" + SAMPLE + " -o - </dev/null");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).contains("standard output is a terminal").doesNotContain("CREATE TABLE");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"launcher", "java -jar"})
    void standardErrorInAFileGetsPlainLinesAndOnATerminalTheLiveView(String how) throws Exception {
        CliResult logged = inTerminal(command(how) + " export d1:sqlite:" + SAMPLE + " -o a.sql 2>err.log");
        assertThat(logged.exitCode()).as(logged.toString()).isZero();
        String log = Files.readString(dir.resolve("err.log"));
        assertThat(log).as(log).doesNotContain("\r").contains("finished: ");

        CliResult live = inTerminal(command(how) + " export d1:sqlite:" + SAMPLE + " -o b.sql </dev/null");
        assertThat(live.exitCode()).as(live.toString()).isZero();
        // (A terminal shows every line break as CR LF, so a CR alone tells nothing here; the plain lines do.)
        assertThat(live.out()).as(live.toString()).contains("Exported ").doesNotContain("finished: ");
    }
}
