package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read-only refusal, where the tests run as root: root may write every file, so the in-process case in
 * {@link ExitCodeTest} skips there. Here the command runs in a child JVM that is still root but, through
 * {@code setpriv}, without the two capabilities that let root ignore a file's mode; the refusal then runs for real.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "setpriv and capabilities are Linux's")
class ReadOnlyOutputWithoutOverrideTest {

    private static final List<String> WITHOUT_OVERRIDE = List.of("setpriv",
            "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", "--");

    @TempDir
    Path dir;

    @Test
    void aRootProcessWithoutTheOverrideCapabilitiesRefusesAReadOnlyOutputFileAndKeepsIt() throws Exception {
        Path backup = Files.writeString(dir.resolve("backup.sql"), "previous dump\n");
        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("r--r--r--"));
        assumeTrue(Files.isWritable(backup), "this process may not write a read-only file, so ExitCodeTest's"
                + " in-process case shows the refusal");
        assumeTrue(capabilitiesCanBeDropped(backup), "setpriv is missing or cannot drop CAP_DAC_OVERRIDE here");
        byte[] before = Files.readAllBytes(backup);

        CliResult result = exportOverWithoutOverride(backup);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(result.err()).as(result.toString()).contains(readOnlyRefusal(backup))
                .contains("hint: make it writable if the dump is to replace it");
        assertThat(Files.readAllBytes(backup)).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("r--r--r--");
        assertAloneInItsFolder(backup);
    }

    /**
     * A file this user may not write because it is another user's ({@code rw-r--r--}, owned by nobody): its owner
     * may write it, so the refusal stands, but {@code chmod u+w}, the hint for a file of one's own, would fail for
     * this user (only the owner may change the mode) and would not let it write the file anyway; the hint names the
     * owner instead.
     */
    @Test
    void anotherUsersFileIsRefusedWithAHintThatNamesItsOwnerNotAChmodThisUserCannotRun() throws Exception {
        Path backup = Files.writeString(dir.resolve("backup.sql"), "previous dump\n");
        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-r--r--"));
        assumeTrue(Files.isWritable(backup), "this process may not write a read-only file, so the in-process cases"
                + " show the refusals");
        Files.setAttribute(backup, "unix:uid", 65534);
        String owner = Files.getOwner(backup).getName();
        assumeTrue(!owner.equals(System.getProperty("user.name")), "the test runs as uid 65534 itself");
        assumeTrue(capabilitiesCanBeDropped(backup), "setpriv is missing or cannot drop CAP_DAC_OVERRIDE here");
        byte[] before = Files.readAllBytes(backup);

        CliResult result = exportOverWithoutOverride(backup);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(result.err()).as(result.toString()).contains(readOnlyRefusal(backup))
                .contains("hint: it belongs to " + owner + ", not to this user (" + System.getProperty("user.name")
                        + "): have " + owner + " let this user write it if the dump is to replace it, or write the"
                        + " dump under another name")
                .doesNotContain("chmod");
        assertThat(Files.readAllBytes(backup)).isEqualTo(before);
        assertThat(Files.getOwner(backup).getName()).isEqualTo(owner);
        assertAloneInItsFolder(backup);
    }

    /** Exports the fixture over {@code backup} in a child JVM without the override capabilities. */
    private static CliResult exportOverWithoutOverride(Path backup) {
        return ChildJvm.mainOnTestClassPathUnder(WITHOUT_OVERRIDE).run("export", FIXTURE, "-o", backup.toString());
    }

    /** The error line of a refused read-only output. */
    private static String readOnlyRefusal(Path backup) {
        return "d1-export: Cannot write " + backup + ": it is read-only (this user may not write it), and the dump"
                + " would replace it";
    }

    /** Nothing beside the kept file: no temporary file was left. */
    private void assertAloneInItsFolder(Path backup) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(backup);
        }
    }

    /**
     * {@code d1-export export d1:sqlite:app.sqlite -o app.sqlite} on a read-only database (or {@code -o} its read-only
     * {@code -wal} file, or on a database this user may not even read): what is wrong is that the output is the
     * database being exported, which a {@code chmod} would not cure; the read-only refusal with its {@code chmod}
     * hint (or the unreadable database's) would only lead to that refusal on the next run.
     */
    @ParameterizedTest(name = "-o {0} at mode {1}")
    @CsvSource({"app.sqlite,r--r--r--", "app.sqlite-wal,r--r--r--", "app.sqlite,---------"})
    void anOutputThatIsTheDatabaseBeingExportedIsRefusedAsThatDatabaseFirst(String output, String mode)
            throws Exception {
        refusedAsTheDatabaseBeingExported("app.sqlite", output, mode);
    }

    /**
     * The same through a link: the URL names {@code app.sqlite}, a link to {@code data/real.sqlite}, whose side files
     * SQLite keeps next to the real file; {@code -o data/real.sqlite-wal} is one of them.
     */
    @Test
    void aSideFileOfALinkedDatabaseIsRefusedAsThatDatabaseFirst() throws Exception {
        Files.createDirectory(dir.resolve("data"));
        refusedAsTheDatabaseBeingExported("data/real.sqlite", "data/real.sqlite-wal", "r--r--r--");
    }

    private void refusedAsTheDatabaseBeingExported(String databaseName, String output, String mode)
            throws Exception {
        Path database = SqliteDatabase.create(dir.resolve(databaseName),
                "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO users VALUES (1, 'Ada')");
        if (!databaseName.equals("app.sqlite")) {
            Files.createSymbolicLink(dir.resolve("app.sqlite"), Path.of(databaseName));
        }
        Path target = output.equals(databaseName) ? database : Files.createFile(dir.resolve(output));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
        assumeTrue(Files.isWritable(target), "this process may not write a read-only file, so ExitCodeTest's"
                + " in-process case shows the refusal");
        assumeTrue(capabilitiesCanBeDropped(target), "setpriv is missing or cannot drop CAP_DAC_OVERRIDE here");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        byte[] before = Files.readAllBytes(database);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));

        CliResult result = ChildJvm.mainOnTestClassPathUnder(WITHOUT_OVERRIDE).in(dir).run("export",
                "d1:sqlite:app.sqlite", "-o", output);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        List<String> lines = ExitCodeTest.errorLines(result);
        assertThat(lines).as(result.toString()).hasSize(2);
        assertThat(lines.get(0)).as(result.toString()).startsWith("d1-export: Refusing to write the dump to " + output
                + ": it is ").endsWith(" being exported (app.sqlite); choose another destination");
        assertThat(lines.get(1)).isEqualTo("hint: write the dump to another file: this one is the database being"
                + " exported or one of its journal files");
        assertThat(result.err()).as(result.toString()).doesNotContain("read-only").doesNotContain("chmod")
                .doesNotContain("permission denied");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo(mode);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readAllBytes(database)).isEqualTo(before);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)))
                    .containsExactlyInAnyOrder(output.equals(databaseName)
                    ? new Path[] {database} : new Path[] {database, target});
        }
    }

    /**
     * Only a {@code sqlite} URL skips the early read-only refusal for its own file: a URL of another provider whose
     * target is spelt as the output's path still meets it, before the provider even reads its URL (the fixture
     * provider would refuse this one, which wants {@code file:} or {@code classpath:}).
     */
    @Test
    void aUrlOfAnotherProviderSpeltAsTheOutputsPathKeepsTheEarlyReadOnlyRefusal() throws Exception {
        Path fixture = Files.writeString(dir.resolve("users.sql"), "CREATE TABLE users(id INTEGER);\n");
        Files.setPosixFilePermissions(fixture, PosixFilePermissions.fromString("r--r--r--"));
        assumeTrue(Files.isWritable(fixture), "this process may not write a read-only file");
        assumeTrue(capabilitiesCanBeDropped(fixture), "setpriv is missing or cannot drop CAP_DAC_OVERRIDE here");

        CliResult result = ChildJvm.mainOnTestClassPathUnder(WITHOUT_OVERRIDE).in(dir).run("export",
                "d1:fixture:users.sql", "-o", "users.sql");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(result.err()).as(result.toString()).contains("d1-export: Cannot write users.sql: it is read-only");
        assertThat(Files.readString(fixture)).isEqualTo("CREATE TABLE users(id INTEGER);\n");
    }

    /** Whether {@code setpriv} runs here and, once it dropped the capabilities, a shell may not write the file. */
    private static boolean capabilitiesCanBeDropped(Path readOnly) throws InterruptedException {
        List<String> probe = Stream.concat(WITHOUT_OVERRIDE.stream(), Stream.of("sh", "-c",
                "if test -w \"$0\"; then exit 3; else exit 7; fi",
                readOnly.toString())).toList();
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            // 7 only from the shell, once setpriv ran it, finding the file not writable; setpriv's own failures
            // exit with 1 or 127.
            return process.exitValue() == 7;
        } catch (IOException e) {
            return false;
        }
    }
}
