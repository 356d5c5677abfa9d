package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When starting its listeners fails with an {@link Error} (a JVM short of threads fails {@code Thread.start()} with an
 * {@link OutOfMemoryError}), the server releases the ports it had bound, both the started listener's and the one
 * that never started, so a start again on them (the extension's restart) or anything else can have them. Run in a
 * child JVM whose HTTP server provider, the JDK's own chosen through the JDK's system property, fails the second
 * listener's first {@code start()} before the JDK's server starts: the provider is chosen once per JVM, so this
 * JVM's, used by every other test, is left alone. It deletes the work folder it had made, too. (Where the JDK's own
 * {@code start()} fails after it counts itself started, its port cannot be freed through its API; that case is not
 * shown here.)
 */
class FakeD1ServerStartFailureTest {

    @TempDir
    Path dir;

    @Test
    void anErrorWhileTheListenersStartReleasesBothPorts() throws Exception {
        Path database = Golden.copy("lab.sqlite", dir);
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--add-exports", "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
                "-Dcom.sun.net.httpserver.HttpServerProvider=dev.d1export.testkitmain.StartFailingHttpServerProvider",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")), "-cp",
                System.getProperty("java.class.path"), "dev.d1export.testkitmain.FakeServerStartFailsMain",
                database.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Generous: the child starts a JVM on a machine that may be busy with other builds.
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended; its output:%n%s", read(log))
                    .isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        String output = read(log);
        assertThat(output).as(output)
                .contains("build failed: java.lang.OutOfMemoryError: unable to create native thread (injected")
                .containsPattern("ports: \\[\\d+, \\d+\\]");
        assertThat(output.lines().filter(line -> line.startsWith("released "))).as(output).hasSize(2);
        assertThat(output).as(output).doesNotContain("held ");
        // No server reached the caller to close: the work folder it made must be gone too.
        assertThat(output).as(output).contains("left: []");
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
