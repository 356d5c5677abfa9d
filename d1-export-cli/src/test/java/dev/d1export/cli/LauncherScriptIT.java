package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code d1-export} launcher script beside the executable jar, after {@code package}: it runs the command with its
 * exit code and output, writes its class-data archive on the first export (whole, under its final name, and only
 * when the run succeeds) and maps it afterwards, and stays out of the way when told to.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "a POSIX sh script")
class LauncherScriptIT {

    private static final Path SCRIPT = Path.of(System.getProperty("d1export.launcher"));
    private static final Path SAMPLE = Path.of(System.getProperty("d1export.examples"), "sample.sqlite");

    @TempDir
    Path dir;

    private ChildJvm launcher(Path cache) {
        return ChildJvm.launcher(SCRIPT).env("D1_EXPORT_CACHE", cache.toString()).env("JAVA_OPTS", "-Xmx64m");
    }

    private static List<String> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void isBuiltExecutableBesideTheJar() throws IOException {
        assertThat(SCRIPT.resolveSibling("d1-export.jar")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(SCRIPT)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    void theFirstExportWritesTheArchiveAndLaterRunsGiveTheSameDump() throws IOException {
        Path cache = dir.resolve("cache");

        CliResult version = launcher(cache).run("--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("d1-export " + System.getProperty("d1export.version") + "\n");
        assertThat(filesIn(cache)).as("only an export run writes the archive").isEmpty();

        CliResult first = launcher(cache).run("export", "d1:sqlite:" + SAMPLE, "-o", dir.resolve("1.sql").toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).as("no JVM chatter about the archive").doesNotContain("cds").doesNotContain("CDS");
        List<String> archives = filesIn(cache);
        assertThat(archives).as("one whole archive, no temporary file").singleElement()
                .satisfies(name -> assertThat(name).startsWith("d1-export-").endsWith(".jsa"));

        CliResult second = launcher(cache).run("export", "d1:sqlite:" + SAMPLE, "-o", dir.resolve("2.sql").toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain("cds").doesNotContain("CDS");
        assertThat(filesIn(cache)).isEqualTo(archives);
        assertThat(Files.readString(dir.resolve("2.sql"))).isEqualTo(SampleDatabaseTest.expectedDump())
                .isEqualTo(Files.readString(dir.resolve("1.sql")));
    }

    @Test
    void aFailedExportKeepsItsExitCodeAndWritesNoArchive() throws IOException {
        Path cache = dir.resolve("cache");

        CliResult result = launcher(cache).run("export", "d1:cloudflare://0123456789abcdef0123456789abcdef/db",
                "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void withTheArchiveOffNothingIsCached() throws IOException {
        Path cache = dir.resolve("cache");

        CliResult result = launcher(cache).env("D1_EXPORT_CDS", "off")
                .run("export", "d1:sqlite:" + SAMPLE, "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void aCollectorChosenInJavaOptsReplacesTheLaunchersOwn() {
        CliResult result = ChildJvm.launcher(SCRIPT).env("D1_EXPORT_CDS", "off")
                .env("JAVA_OPTS", "-XX:+UseG1GC -Xmx64m").run("export", "d1:sqlite:" + SAMPLE,
                        "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as("two collectors would stop the JVM: %s", result).isZero();
    }

    @Test
    void aMissingJavaIsReportedWithExitCode2() {
        CliResult result = ChildJvm.launcher(SCRIPT).env("JAVA_HOME", dir.resolve("no-java").toString())
                .env("D1_EXPORT_CDS", "off").run("--version");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("d1-export:").contains("no-java");
    }
}
