package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code d1-export} launcher script beside the executable jar, after {@code package}: it runs the command with its
 * exit code and output untouched; the first export writes the class-data archive under a temporary name, the next run
 * checks it with a JVM and moves it into place, later runs map it; an archive that cannot be written or does not pass
 * never gets in the way of the command; and it stays out of folders that are not safely its own.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "a POSIX sh script")
class LauncherScriptIT {

    private static final Path SCRIPT = Path.of(System.getProperty("d1export.launcher"));
    private static final Path JAR = SCRIPT.resolveSibling("d1-export.jar");
    private static final Path SAMPLE = Path.of(System.getProperty("d1export.examples"), "sample.sqlite");

    @TempDir
    Path dir;

    private Path cache() {
        return dir.resolve("cache");
    }

    private ChildJvm launcher() {
        return ChildJvm.launcher(SCRIPT).env("D1_EXPORT_CACHE", cache().toString()).env("JAVA_OPTS", "-Xmx64m")
                .in(dir);
    }

    private CliResult export(ChildJvm launcher, String name) {
        return launcher.run("export", "d1:sqlite:" + SAMPLE, "--json", "-o", dir.resolve(name).toString());
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The command's JSON on stdout and nothing else: no JVM message about the archive slipped in. */
    private static void assertCleanSuccess(CliResult result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JsonReader.object(result.out())).containsEntry("status", "ok");
        assertThat(result.all()).doesNotContainIgnoringCase("shared archive").doesNotContainIgnoringCase("cds");
    }

    @Test
    void isBuiltExecutableBesideTheJar() throws IOException {
        assertThat(JAR).isRegularFile();
        assertThat(Files.getPosixFilePermissions(SCRIPT)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    void theFirstExportWritesTheArchiveTheNextRunChecksItAndLaterRunsMapIt() throws Exception {
        CliResult version = launcher().run("--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("d1-export " + System.getProperty("d1export.version") + "\n");
        assertThat(cacheFiles()).as("only an export writes an archive").isEmpty();

        assertCleanSuccess(export(launcher(), "1.sql"));
        assertThat(cacheFiles()).as("written under a temporary name, marked as a completed export's").satisfiesExactly(
                name -> assertThat(name).matches("d1-export-.*\\.jsa\\.\\d+\\.ok"),
                name -> assertThat(name).matches("d1-export-.*\\.jsa\\.\\d+\\.tmp"));

        assertCleanSuccess(export(launcher(), "2.sql"));
        List<String> archive = cacheFiles();
        assertThat(archive).as("checked and moved into place").singleElement()
                .satisfies(name -> assertThat(name).matches("d1-export-.*\\.jsa"));
        assertThat(cache().toFile().canWrite()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache()))).isEqualTo("rwx------");

        // The archive is one a JVM maps (-Xshare:on fails rather than run without it).
        List<String> check = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Xshare:on",
                "-XX:SharedArchiveFile=" + cache().resolve(archive.get(0)), "-cp", JAR.toString(), "-version"));
        Process mapped = new ProcessBuilder(check).redirectErrorStream(true).start();
        String output = new String(mapped.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(mapped.waitFor()).as(output).isZero();

        assertCleanSuccess(export(launcher(), "3.sql"));
        assertThat(cacheFiles()).isEqualTo(archive);
        assertThat(Files.readString(dir.resolve("3.sql"))).isEqualTo(SampleDatabaseTest.expectedDump())
                .isEqualTo(Files.readString(dir.resolve("1.sql")));
    }

    @Test
    void onlyAnExportThatCompletesLeavesAnArchiveToInstall() throws IOException {
        CliResult help = launcher().run("export", "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(cacheFiles()).as("help runs no export: nothing archived").isEmpty();

        CliResult failed = launcher().run("export", "d1:sqlite:" + dir.resolve("missing.sqlite"), "-o",
                dir.resolve("x.sql").toString());
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cacheFiles()).as("the failed run's archive, without the mark").singleElement()
                .satisfies(name -> assertThat(name).matches("d1-export-.*\\.jsa\\.\\d+\\.tmp"));
        String failedArchive = cacheFiles().get(0);

        assertCleanSuccess(export(launcher(), "1.sql"));
        assertThat(cacheFiles()).as("the failed run's archive dropped, not installed; this run's written and marked")
                .doesNotContain(failedArchive).hasSize(2)
                .allSatisfy(name -> assertThat(name).matches("d1-export-.*\\.jsa\\.\\d+\\.(tmp|ok)"));

        assertCleanSuccess(export(launcher(), "2.sql"));
        assertThat(cacheFiles()).as("the completed export's archive installed").singleElement()
                .satisfies(name -> assertThat(name).matches("d1-export-.*\\.jsa"));
    }

    @Test
    void aMarkWhoseArchiveWasNeverWrittenIsRemoved() throws IOException {
        assertCleanSuccess(export(launcher(), "1.sql"));
        Path written = cache().resolve(cacheFiles().get(1));
        Files.delete(written);

        assertCleanSuccess(export(launcher(), "2.sql"));
        assertThat(cacheFiles()).as("the lone mark gone; the second run's archive and mark").hasSize(2)
                .noneMatch(name -> name.startsWith(written.getFileName().toString().replace(".tmp", "")));
    }

    /** An executable script in a folder of the test's own, e.g. a stand-in for {@code df} or {@code java}. */
    private Path script(String folder, String name, String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(folder));
        Path file = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void withLittleRoomInTheCacheNoArchiveIsWritten() throws IOException {
        // A JVM that cannot write its archive at exit ends with status 1 (and a line on stdout) after a good export.
        Path bin = script("bin", "df", "printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\n"
                + "fake 100000 99000 1000 99%% /\\n'");

        CliResult result = export(launcher().env("PATH", bin + ":" + System.getenv("PATH")), "1.sql");

        assertCleanSuccess(result);
        assertThat(cacheFiles()).as("nothing archived with 1000 KB free").noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void aSignalThatStopsTheProbeEndsTheRunWithoutMarkingArchivesUnsupported() throws IOException {
        // The probe JVM handles Ctrl-C and exits 130; bash as /bin/sh then went on, took that for a Java that
        // cannot archive, marked it so for good, and ran the export the user had stopped.
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path home = dir.resolve("jdk");
        script("jdk/bin", "java", "for a in \"$@\"; do case \"$a\" in *probe.*) exit 130 ;; esac; done\nexec '"
                + realJava + "' \"$@\"");

        CliResult result = export(launcher().env("JAVA_HOME", home.toString()), "1.sql");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
        assertThat(dir.resolve("1.sql")).doesNotExist();
        assertThat(cacheFiles()).noneMatch(name -> name.endsWith(".unsupported"));
    }

    @Test
    void theJvmOptionVariablesAreInTheArchivesKey() throws IOException {
        CliResult off = export(launcher().env("JDK_JAVA_OPTIONS", "-Xshare:off"), "1.sql");
        assertThat(off.exitCode()).as(off.toString()).isZero();
        assertThat(cacheFiles()).singleElement().satisfies(name -> assertThat(name).endsWith(".jsa.unsupported"));

        assertCleanSuccess(export(launcher(), "2.sql"));

        assertThat(cacheFiles()).as("a run without -Xshare:off archives as before").hasSize(3)
                .anyMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void aProbeLeftByAStoppedRunIsRemoved() throws IOException {
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwx------"));
        Path probe = Files.write(cache().resolve("probe.2147483646.jsa"), new byte[] {1});

        CliResult version = launcher().run("--version");

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(probe).doesNotExist();
    }

    @Test
    void anArchiveOlderThanTheJarIsReplaced() throws Exception {
        assertCleanSuccess(export(launcher(), "1.sql"));
        assertCleanSuccess(export(launcher(), "2.sql"));
        Path archive = cache().resolve(cacheFiles().get(0));
        assertThat(archive.getFileName().toString()).endsWith(".jsa");
        // A jar rebuilt within the minute the archive's name shows, at the same size: the JVM would refuse it.
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(JAR).toMillis() - 3_600_000));

        assertCleanSuccess(export(launcher(), "3.sql"));

        assertThat(cacheFiles()).as("dropped; this run wrote a new one").noneMatch(name -> name.endsWith(".jsa"))
                .anyMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void installingANewArchiveRemovesArchivesAMonthOldAndOrphanedOnes() throws IOException {
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwx------"));
        Path old = Files.write(cache().resolve("d1-export-1-1.jsa"), new byte[] {1});
        Path oldMarker = Files.write(cache().resolve("d1-export-2-2.jsa.unsupported"), new byte[0]);
        Path recent = Files.write(cache().resolve("d1-export-3-3.jsa"), new byte[] {1});
        // Written by an export of an earlier jar whose process has ended (no such process id): never installed.
        Path orphan = Files.write(cache().resolve("d1-export-4-4.jsa.2147483646.tmp"), new byte[] {1});
        Path orphanMark = Files.write(cache().resolve("d1-export-4-4.jsa.2147483646.ok"), new byte[0]);
        // Being written right now by a live process (this JVM stands in for it).
        Path live = Files.write(cache().resolve("d1-export-5-5.jsa." + ProcessHandle.current().pid() + ".tmp"),
                new byte[] {1});
        java.nio.file.attribute.FileTime monthsAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(40)));
        Files.setLastModifiedTime(old, monthsAgo);
        Files.setLastModifiedTime(oldMarker, monthsAgo);

        assertCleanSuccess(export(launcher(), "1.sql"));
        assertThat(old).as("nothing removed before an archive is installed").exists();
        assertCleanSuccess(export(launcher(), "2.sql"));

        assertThat(old).doesNotExist();
        assertThat(oldMarker).doesNotExist();
        assertThat(orphan).as("an ended writer's archive for another jar").doesNotExist();
        assertThat(orphanMark).as("and its mark").doesNotExist();
        assertThat(live).as("an archive still being written").exists();
        assertThat(recent).exists();
        assertThat(cacheFiles()).hasSize(3);
    }

    private Path written() throws IOException {
        return cache().resolve(cacheFiles().stream().filter(name -> name.endsWith(".tmp")).findFirst().orElseThrow());
    }

    private void damage(Path archive) throws IOException {
        Files.write(archive, java.util.Arrays.copyOf(Files.readAllBytes(archive), 100_000));
    }

    @Test
    void aDamagedArchiveIsDroppedAndASecondInARowStopsTheTrying() throws IOException {
        assertCleanSuccess(export(launcher(), "1.sql"));
        damage(written());

        assertCleanSuccess(export(launcher(), "2.sql"));
        assertThat(cacheFiles()).as("dropped, noted once; this run wrote a new one")
                .anyMatch(name -> name.endsWith(".jsa.failed")).anyMatch(name -> name.endsWith(".tmp"))
                .noneMatch(name -> name.endsWith(".unsupported"));

        damage(written());
        assertCleanSuccess(export(launcher(), "3.sql"));

        assertThat(cacheFiles()).as("a second in a row: no more tries").singleElement()
                .satisfies(name -> assertThat(name).endsWith(".jsa.unsupported"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no crash report in the working folder")
                    .noneMatch(name -> name.startsWith("hs_err"));
        }
        assertCleanSuccess(export(launcher(), "4.sql"));
    }

    @Test
    void aRunKilledWhileItsJvmWroteTheArchiveDoesNotStopTheArchive() throws IOException {
        assertCleanSuccess(export(launcher(), "1.sql"));
        Files.write(written(), new byte[0]); // marked as a completed export's, but killed before the JVM wrote it

        assertCleanSuccess(export(launcher(), "2.sql"));
        assertCleanSuccess(export(launcher(), "3.sql"));

        assertThat(cacheFiles()).as("the next export's archive installed").singleElement()
                .satisfies(name -> assertThat(name).matches("d1-export-.*\\.jsa"));
    }

    @Test
    void runsAtTheSameTimeInstallTheArchiveOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            Files.createDirectories(cache());
            try (Stream<Path> files = Files.list(cache())) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            assertCleanSuccess(export(launcher(), "1.sql"));
            // Each looks at the finished archive at once; before, one could remove it under another's check, which
            // then took the archive for one this Java cannot use and stopped archiving for good.
            List<java.util.concurrent.CompletableFuture<CliResult>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> launcher().run("--version")));
            }
            for (java.util.concurrent.CompletableFuture<CliResult> run : runs) {
                CliResult result = run.join();
                assertThat(result.exitCode()).as(result.toString()).isZero();
            }

            assertThat(cacheFiles()).as("round %d", round).singleElement()
                    .satisfies(name -> assertThat(name).matches("d1-export-.*\\.jsa"));
        }
    }

    @Test
    void aJavaThatCannotWriteAnArchiveStillExports() throws IOException {
        CliResult result = export(launcher().env("JAVA_OPTS", "-Xmx64m -Xshare:off"), "x.sql");

        assertCleanSuccess(result);
        assertThat(cacheFiles()).singleElement().satisfies(name -> assertThat(name).endsWith(".jsa.unsupported"));
    }

    @Test
    void aFailedExportKeepsItsExitCode() {
        CliResult result = launcher().run("export", "d1:cloudflare://0123456789abcdef0123456789abcdef/db",
                "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
    }

    @Test
    void aFolderOthersCanWriteToIsNotUsed() throws IOException {
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxrwxrwx"));

        assertCleanSuccess(export(launcher(), "x.sql"));

        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void withTheArchiveOffNothingIsCached() throws IOException {
        assertCleanSuccess(export(launcher().env("D1_EXPORT_CDS", "off"), "x.sql"));

        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void aCollectorChosenInAnyJvmOptionsVariableReplacesTheLaunchersOwn() {
        assertCleanSuccess(export(launcher().env("JAVA_OPTS", "-XX:+UseG1GC -Xmx64m"), "a.sql"));
        CliResult viaToolOptions = export(launcher().env("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC"), "b.sql");
        assertThat(viaToolOptions.exitCode()).as("two collectors would stop the JVM: %s", viaToolOptions).isZero();
    }

    @Test
    void worksThroughASymbolicLinkAndWithCdpathSet() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("d1-export"), SCRIPT.toAbsolutePath());

        CliResult result = ChildJvm.command("sh", link.toString(), "--version").env("CDPATH", dir.toString())
                .env("D1_EXPORT_CDS", "off").in(dir).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("d1-export ");
    }

    @Test
    void aMissingJavaIsReportedWithExitCode2() {
        CliResult result = ChildJvm.launcher(SCRIPT).env("JAVA_HOME", dir.resolve("no-java").toString())
                .env("D1_EXPORT_CDS", "off").run("--version");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("d1-export:").contains("no-java");
    }

    @Test
    void nonAsciiNamesArriveWholeInTheCLocaleOfAMinimalContainer() throws Exception {
        // The launcher switches the C locale to UTF-8 where the system has one; where it has none, nothing to test.
        org.junit.jupiter.api.Assumptions.assumeTrue(new String(new ProcessBuilder("locale", "-a").start()
                .getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.equals("C.UTF-8") || l.equals("C.utf8")), "no C.UTF-8 locale here");
        Path folder = Files.createDirectories(dir.resolve("données"));
        Path db = SqliteDatabase.create(folder.resolve("bästa.sqlite"), "CREATE TABLE \"Ünï\"(x)",
                "INSERT INTO \"Ünï\" VALUES('été')");
        Path out = folder.resolve("sortie-é.sql");

        CliResult result = ChildJvm.launcher(SCRIPT).env("D1_EXPORT_CDS", "off").env("LC_ALL", "C").env("LANG", "C")
                .in(dir).run("export", "d1:sqlite:" + db, "-t", "Ünï", "-o", out.toString(), "-q");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).contains("CREATE TABLE IF NOT EXISTS \"Ünï\"(x);").contains("VALUES('été');");
    }
}
