package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.d1export.spi.ExportProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's first connection in a JVM loads its native library and, in doing so, may clear the thread's
 * interrupt status (on Linux it runs {@code uname -o} and swallows the {@code InterruptedException} of its
 * {@code waitFor}): an export cancelled (Ctrl-C in the command, or one interrupt from a library user) just before
 * or while it loads must still end cancelled, not run to the end and replace the previous dump. Each case runs in a
 * JVM of its own, so that its connection is the first.
 */
class InterruptedFirstExportTest {

    @TempDir
    Path dir;

    @TempDir
    Path tools;

    private Path database;
    private Path dump;

    private void databaseAndPreviousDump() throws Exception {
        database = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t VALUES (1, 'x')");
        }
        dump = Files.writeString(dir.resolve("shop.sql"), "the previous dump");
    }

    private static String run(Class<?> main, Map<String, String> environment, String... args) throws Exception {
        List<String> path = new ArrayList<>();
        for (Class<?> type : List.of(SqliteExportProvider.class, ExportProvider.class, main,
                org.sqlite.SQLiteConfig.class)) {
            path.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", String.join(File.pathSeparator, path), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 120 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private void assertPreviousDumpKeptAndNothingLeft() throws Exception {
        assertThat(Files.readString(dump)).isEqualTo("the previous dump");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("shop.sqlite",
                    "shop.sql");
        }
    }

    @Test
    void anExportInterruptedBeforeTheJvmsFirstConnectionEndsCancelledAndKeepsThePreviousDump() throws Exception {
        databaseAndPreviousDump();

        String output = run(InterruptedFirstExportMain.class, Map.of(), database.toString(), dump.toString());

        assertThat(output).startsWith("threw dev.d1export.spi.ExportCancelledException: ");
        assertPreviousDumpKeptAndNothingLeft();
    }

    @Test
    void anExportInterruptedOnceWhileTheNativeLibraryLoadsEndsCancelledAndKeepsTheFlag() throws Exception {
        Optional<Path> uname = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty()).map(folder -> Path.of(folder, "uname"))
                .filter(Files::isExecutable).findFirst();
        assumeTrue(uname.isPresent() && File.separatorChar == '/', "needs a Unix uname to stand in for");
        databaseAndPreviousDump();
        // The driver runs `uname -o` while it loads (sqlite-jdbc 3.51, Linux): this one says it has started, then
        // takes a second, so the interrupt, sent as soon as it has started, arrives in the middle of the load.
        Path signal = tools.resolve("uname-started");
        Path bin = Files.createDirectory(tools.resolve("bin"));
        Path standIn = Files.writeString(bin.resolve("uname"), "#!/bin/sh\n: > '" + signal + "'\nsleep 1\nexec '"
                + uname.orElseThrow() + "' \"$@\"\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwx------"));

        String output = run(InterruptedNativeLoadMain.class,
                Map.of("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "")),
                database.toString(), dump.toString(), signal.toString());

        // Skipped only when the child ran to its end without the stand-in being called; a child that broke fails.
        assumeTrue(!(output.matches("(?s)(exported|threw .*)\\ninterrupted=(true|false)\\nsignalled=false")),
                () -> "the driver did not run uname while it loaded its native library (another platform or driver"
                        + " version), so the interrupt was not sent: " + output);
        assertThat(output).endsWith("signalled=true");
        assertThat(output).startsWith("threw dev.d1export.spi.ExportCancelledException: ")
                .contains("\ninterrupted=true\n");
        assertPreviousDumpKeptAndNothingLeft();
    }
}
