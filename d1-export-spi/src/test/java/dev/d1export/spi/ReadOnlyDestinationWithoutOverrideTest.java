package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only refusals of {@link StagedOutput} where the tests run as root: root may write every file, so
 * {@link ReadOnlyDestinationTest}'s refusals skip there. Here they run in a child JVM that is still root but, through
 * {@code setpriv}, without the two capabilities that let root ignore a file's mode (as the command's
 * {@code ReadOnlyOutputWithoutOverrideTest} does for {@code open}); the refusal at the commit, just before the move,
 * is reached only here.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "setpriv and capabilities are Linux's")
class ReadOnlyDestinationWithoutOverrideTest {

    private static final List<String> WITHOUT_OVERRIDE = List.of("setpriv",
            "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", "--");

    private static final byte[] PREVIOUS = "previous dump\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aRootProcessWithoutTheOverrideRefusesAReadOnlyFileAtOpenAndOneMadeReadOnlyBeforeTheMove() throws Exception {
        Path backup = Files.write(dir.resolve("backup.sql"), PREVIOUS);
        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("r--r--r--"));
        assumeTrue(Files.isWritable(backup), "this process may not write a read-only file, so"
                + " ReadOnlyDestinationTest's in-process cases show the refusals");
        assumeTrue(capabilitiesCanBeDropped(backup), "setpriv is missing or cannot drop CAP_DAC_OVERRIDE here");
        Path later = Files.write(dir.resolve("later.sql"), PREVIOUS);
        Path log = Files.createDirectory(dir.resolve("log")).resolve("child.log");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = Stream.concat(WITHOUT_OVERRIDE.stream(), Stream.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), ReadOnlyRefusalMain.class.getName(), backup.toString(),
                later.toString())).toList();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Generous: a hang guard, not a measurement.
        boolean exited = child.waitFor(2, TimeUnit.MINUTES);
        child.destroyForcibly().waitFor();
        String output = Files.readString(log);

        assertThat(exited).as("child still running; log:%n%s", output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output.lines()).containsExactly(
                "open: Cannot write " + backup + ": it is read-only (this user may not write it), and the dump would"
                        + " replace it. Hint: make it writable if the dump is to replace it (chmod u+w " + backup
                        + "), or write the dump under another name",
                "commit: Cannot write " + later + ": it became read-only while the dump was written (this user may"
                        + " not write it); it is left as it was. Hint: make it writable if the dump is to replace it"
                        + " (chmod u+w " + later + "), or write the dump under another name");
        for (Path file : List.of(backup, later)) {
            assertThat(Files.readAllBytes(file)).as("%s byte for byte", file).isEqualTo(PREVIOUS);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactlyInAnyOrder(backup, later, log.getParent());
        }
    }

    /** Whether {@code setpriv} runs here and, once it dropped the capabilities, a shell may not write the file. */
    private static boolean capabilitiesCanBeDropped(Path readOnly) throws InterruptedException {
        List<String> probe = Stream.concat(WITHOUT_OVERRIDE.stream(), Stream.of("sh", "-c",
                "if test -w \"$0\"; then exit 3; else exit 7; fi", readOnly.toString())).toList();
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            // 7 only from the shell, once setpriv ran it, finding the file not writable; setpriv's own failures
            // exit with 1 or 127.
            return process.exitValue() == 7;
        } catch (IOException e) {
            return false;
        }
    }
}
