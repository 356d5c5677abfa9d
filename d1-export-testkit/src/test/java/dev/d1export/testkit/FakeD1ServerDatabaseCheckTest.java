package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file that cannot be served is refused where it is added, naming the file: not at the first export, as an
 * HTTP 500 far from the mistake.
 */
class FakeD1ServerDatabaseCheckTest {

    @TempDir
    Path dir;

    private Path sqlite() throws IOException {
        return ContractDatabase.create(dir).file();
    }

    @Test
    void aMissingFileIsRefusedByTheBuilderAndByAddDatabase() {
        Path missing = dir.resolve("nope.sqlite");

        assertThatIllegalArgumentException().isThrownBy(() -> FakeD1Server.builder().database("app", missing))
                .withMessage("Database 'app': no such file: " + missing.toAbsolutePath());
        try (FakeD1Server server = FakeD1Server.builder().build()) {
            assertThatIllegalArgumentException().isThrownBy(() -> server.addDatabase("app", missing))
                    .withMessageContaining("no such file: " + missing.toAbsolutePath());
            assertThat(server.databases()).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotSqliteOrAFolderIsRefused() throws IOException {
        Path pom = Files.writeString(dir.resolve("pom.xml"), "<project/>");

        assertThatIllegalArgumentException().isThrownBy(() -> FakeD1Server.builder().database("app", pom))
                .withMessage("Database 'app': " + pom.toAbsolutePath() + " is not a SQLite database (it does not"
                        + " start with SQLite's header)");
        assertThatIllegalArgumentException().isThrownBy(() -> FakeD1Server.builder().database("app", dir))
                .withMessage("Database 'app': " + dir.toAbsolutePath() + " is not a file");
    }

    @Test
    void anEmptyFileIsSqlitesEmptyDatabaseAndIsServed() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.sqlite"));
        Path out = dir.resolve("empty.sql");

        try (FakeD1Server server = FakeD1Server.builder().apiToken("t").database("empty", empty).build();
             Exporter exporter = D1Export.open(server.exportUrl("empty"),
                     server.clientProperties("t"))) {
            exporter.export(ExportRequest.builder().destination(out).build());
        }

        assertThat(Files.readString(out)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;"); // D1's dump of no tables
    }

    @Test
    void aDatabaseThatFailsItsCheckInBuildLeavesNoListenerBehind() throws Exception {
        Path file = sqlite();
        FakeD1Server.Builder builder = FakeD1Server.builder().database("app", file);
        Files.delete(file); // gone between the builder's check and build()
        long before = listenerThreads();

        assertThatIllegalArgumentException().isThrownBy(builder::build);

        // No server reached the caller, so nothing could close its listeners: none may be running.
        assertThat(listenerThreads()).isLessThanOrEqualTo(before);
    }

    @Test
    void aDatabaseThatFailsItsCheckInBuildLeavesNoWorkFolderBehind() throws Exception {
        // In a child JVM with a temporary folder of its own: this JVM's is shared with every other test and build
        // that makes fake-d1-* folders, so only a private one tells the failed build's folder apart.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), "dev.d1export.testkitmain.FakeServerDatabaseGoneMain",
                sqlite().toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Generous: the child starts a JVM on a machine that may be busy with other builds.
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        // No server reached the caller, so nothing could close it and delete its folder: build() must have.
        assertThat(output).as(output).contains("build failed: Database 'lab': no such file: ")
                .contains("left: []");
    }

    /** The JDK HTTP server's dispatcher threads, one per listener. */
    private static long listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("HTTP-Dispatcher")).count();
    }

    @Test
    void aSecondDatabaseOfTheSameIdIsRefused() throws IOException {
        Path file = sqlite();
        String id = "0f2e4c6a-1111-4222-8333-944455556666";

        assertThatIllegalArgumentException().isThrownBy(() -> FakeD1Server.builder().database(id, "a", file)
                .database(id, "b", file)).withMessage("A database with id " + id + " is already added");
    }
}
