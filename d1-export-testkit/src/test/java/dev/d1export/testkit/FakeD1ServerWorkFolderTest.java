package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The served dumps, as large as the databases, do not outlive a JVM that never closed its server. */
class FakeD1ServerWorkFolderTest {

    @TempDir
    Path dir;

    private List<Path> serverFolders(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("fake-d1-")).toList();
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not a signal that runs shutdown hooks")
    void aJvmStoppedWithoutClosingItsServerRemovesTheFolderOnTheWayOut() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path database = Golden.copy("lab.sqlite", dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), "dev.d1export.testkitmain.FakeServerUntilStoppedMain",
                database.toString(), dir.resolve("out.sql").toString()).redirectErrorStream(true).start();
        try {
            StringBuilder log = new StringBuilder();
            // Read on another thread, so that a child that never gets ready fails the test instead of hanging it.
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(
                    () -> {
                        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                                StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = out.readLine()) != null) {
                                if (line.equals("ready")) {
                                    return true;
                                }
                                synchronized (log) {
                                    log.append(line).append('\n');
                                }
                            }
                            return false;
                        } catch (IOException e) {
                            return false;
                        }
                    });
            boolean gotReady;
            try {
                gotReady = ready.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                gotReady = false;
            }
            synchronized (log) {
                assertThat(gotReady).as("the child exported; its output:%n%s", log).isTrue();
            }
            List<Path> folders = serverFolders(tmp);
            assertThat(folders).as("the server's folder").hasSize(1);
            try (Stream<Path> files = Files.walk(folders.get(0))) {
                assertThat(files.filter(Files::isRegularFile)).as("the served dump").isNotEmpty();
            }

            child.destroy(); // SIGTERM: the JVM shuts down and runs its hooks
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(serverFolders(tmp)).as("nothing left in the temporary folder").isEmpty();
    }
}
