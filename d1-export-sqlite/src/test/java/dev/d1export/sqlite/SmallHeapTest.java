package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value larger than the Java heap can hold (a local file beyond D1's 2,000,000-byte limit, exported with
 * {@code -Xmx64m}) is reported as such, with what to do, and not as a file SQLite could not read; the previous dump
 * stays as it was. It runs in a JVM of its own with a small heap.
 */
class SmallHeapTest {

    @TempDir
    Path dir;

    @Test
    void aValueLargerThanTheHeapIsNamedAsSuchNotAsADamagedFile() throws Exception {
        Path database = dir.resolve("big.sqlite");
        // An index with an application's collation, which the dump never uses: the failure is not blamed on it.
        ApplicationCollation.run(database,
                "CREATE TABLE a(id INTEGER PRIMARY KEY, k TEXT)",
                "CREATE INDEX a_k ON a(k COLLATE uint)",
                "INSERT INTO a VALUES (1, 'x')",
                "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)",
                "INSERT INTO t VALUES (1, zeroblob(48 * 1024 * 1024))");
        Path dump = Files.writeString(dir.resolve("big.sql"), "the previous dump");

        List<String> path = new ArrayList<>();
        for (Class<?> type : List.of(SqliteExportProvider.class, ExportProvider.class, SmallHeapMain.class,
                org.sqlite.SQLiteConfig.class)) {
            path.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx16m", "-cp", String.join(File.pathSeparator, path),
                SmallHeapMain.class.getName(), database.toString(), dump.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(output).startsWith("threw dev.d1export.spi.ExportFailedException: Cannot read SQLite database ")
                .contains("a value is larger than the Java heap can hold (maximum heap ")
                .contains("give the JVM more heap").doesNotContain("integrity_check").doesNotContain("uint");
        assertThat(Files.readString(dump)).isEqualTo("the previous dump");
    }
}
