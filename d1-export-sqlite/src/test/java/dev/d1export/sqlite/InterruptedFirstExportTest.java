package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's first connection in a JVM loads its native library and, in doing so, clears the thread's interrupt
 * status: an export cancelled (Ctrl-C in the command) just before it must still end cancelled, not run to the end
 * and replace the previous dump. It runs in a JVM of its own, so that its connection is the first.
 */
class InterruptedFirstExportTest {

    @TempDir
    Path dir;

    @Test
    void anExportInterruptedBeforeTheJvmsFirstConnectionEndsCancelledAndKeepsThePreviousDump() throws Exception {
        Path database = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t VALUES (1, 'x')");
        }
        Path dump = Files.writeString(dir.resolve("shop.sql"), "the previous dump");

        List<String> path = new ArrayList<>();
        for (Class<?> type : List.of(SqliteExportProvider.class, ExportProvider.class,
                InterruptedFirstExportMain.class, org.sqlite.SQLiteConfig.class)) {
            path.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, path),
                InterruptedFirstExportMain.class.getName(), database.toString(), dump.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(output).startsWith("threw dev.d1export.spi.ExportCancelledException: ");
        assertThat(Files.readString(dump)).isEqualTo("the previous dump");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("shop.sqlite",
                    "shop.sql");
        }
    }
}
