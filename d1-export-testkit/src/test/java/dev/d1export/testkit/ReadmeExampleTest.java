package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, as written there (with the lab database standing in for the user's). */
class ReadmeExampleTest {

    @RegisterExtension
    static final FakeD1Server d1 = FakeD1Server.builder()
            .apiToken("test-token")
            .database("app", labCopy())
            .build();

    @TempDir
    Path dir;

    /** The user's code under test. */
    record BackupJob(Exporter exporter) {
        void run(Path target) {
            exporter.export(ExportRequest.builder().destination(target).build());
        }
    }

    /** A copy of the lab database, removed when the JVM exits (the static extension is built before a @TempDir). */
    static Path labCopy() {
        try {
            Path folder = Files.createTempDirectory("readme-example");
            folder.toFile().deleteOnExit();
            Path file = Golden.copy("lab.sqlite", folder);
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void writesTheNightlyBackup() throws Exception {
        Map<String, String> options = d1.clientProperties("test-token");
        try (Exporter exporter = D1Export.open(d1.exportUrl("app"), options)) {
            new BackupJob(exporter).run(dir.resolve("app.sql"));
        }
        assertThat(Files.readString(dir.resolve("app.sql"))).startsWith("PRAGMA defer_foreign_keys=TRUE;");
        assertThat(d1.journal().of(Endpoint.EXPORT)).hasSize(3);
        assertThat(d1.journal().credentialLeaks()).isEmpty();
    }
}
