package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class path without the SQLite JDBC driver (a hand-made or shaded build) gets a configuration error naming the
 * library when the exporter is made, not a {@code NoClassDefFoundError} in the middle of the export. It runs in a
 * JVM of its own on a plain class path: in this one, on the module path, the driver's module is visible to every
 * class loader.
 */
class MissingDriverTest {

    @TempDir
    Path dir;

    private static String locationOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private String openWithout(Class<?> left) throws Exception {
        Path database = Golden.copy("lab.sqlite", dir);
        List<String> path = new ArrayList<>();
        for (Class<?> type : List.of(SqliteExportProvider.class, ExportProvider.class, MissingDriverMain.class,
                org.sqlite.SQLiteConfig.class)) {
            if (type != left) {
                path.add(locationOf(type));
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, path),
                MissingDriverMain.class.getName(), database.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void withoutTheDriverTheErrorNamesTheLibraryBeforeAnyExport() throws Exception {
        assertThat(openWithout(org.sqlite.SQLiteConfig.class)).isEqualTo("threw dev.d1export.spi."
                + "ExportConfigurationException: The sqlite provider cannot run, as a library it needs is missing or"
                + " does not match: java.lang.ClassNotFoundException: org.sqlite.SQLiteConfig; it needs the SQLite"
                + " JDBC driver (org.xerial:sqlite-jdbc) on the class path or module path, which the d1-export-sqlite artifact"
                + " brings as its dependency");
    }

    @Test
    void withTheDriverTheExporterOpens() throws Exception {
        // The same class path with nothing left out: what the case above lacks is all that fails it.
        assertThat(openWithout(Void.class)).isEqualTo("opened dev.d1export.sqlite.internal.SqliteExporter");
    }
}
