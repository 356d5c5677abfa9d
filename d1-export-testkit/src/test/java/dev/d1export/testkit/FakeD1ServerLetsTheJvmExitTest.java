package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that is never closed does not keep its JVM alive: a plain {@code main} that starts one, uses it and returns
 * without {@code close()} ends, as its listener threads are daemons. Run in a child JVM, since only a JVM's own exit
 * shows it; the JDK's HttpServer makes its dispatcher threads with the daemon status of the thread that starts it,
 * which here is a {@code main} thread that is not a daemon.
 */
class FakeD1ServerLetsTheJvmExitTest {

    @TempDir
    Path dir;

    @Test
    void aMainThatReturnsWithoutClosingItsServerEndsItsJvm() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path database = Golden.copy("lab.sqlite", dir);
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), "dev.d1export.testkitmain.FakeServerNeverClosedMain",
                database.toString(), dir.resolve("out.sql").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Generous: the child starts a JVM and exports on a machine that may be busy with other builds.
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            assertThat(exited).as("the child JVM exited by itself; its output:%n%s", read(log)).isTrue();
            assertThat(child.exitValue()).as("the child's exit status; its output:%n%s", read(log)).isZero();
            assertThat(read(log)).as("main ran to its end").contains("returning");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(dir.resolve("out.sql")).as("the export through the server").isNotEmptyFile();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("fake-d1-")))
                    .as("the server's folder, removed as the JVM exits").isEmpty();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
