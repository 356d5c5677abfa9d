package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every failure family ends in its own exit code, with one line, a hint, and a stack trace only with --verbose. */
class ExitCodeTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "fail={0} -> exit {1}")
    @CsvSource({
        "authentication, 3",
        "permission, 4",
        "not-found, 5",
        "rate-limited, 6",
        "export-failed, 7",
        "busy, 8",
        "timeout, 9",
        "download, 10",
        "protocol, 11"
    })
    void eachServerFailureHasItsExitCode(String failure, int exitCode) {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=" + failure, "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(errorLines(result)).as(result.toString()).hasSize(2);
        assertThat(errorLines(result).get(0)).startsWith("d1-export: Simulated ");
        assertThat(errorLines(result).get(1)).startsWith("hint: ").hasSizeGreaterThan("hint: ".length() + 10);
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(Files.exists(dir.resolve("x.sql"))).isFalse();
    }

    /**
     * A SQLite file whose pages are damaged (the header intact, so it is a database) is the export-failed family, as
     * the README's exit code table says: the file cannot be read, and nothing is written.
     */
    @Test
    void aDamagedLocalDatabaseIsExportFailed() throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("damaged.sqlite"), "PRAGMA page_size=4096",
                "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)",
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000)"
                        + " INSERT INTO users SELECT x, 'name ' || x FROM n");
        byte[] bytes = Files.readAllBytes(db);
        assertThat(bytes.length).as("pages past the schema's").isGreaterThan(3 * 4096);
        for (int i = 4096 + 100; i < 3 * 4096; i++) {
            bytes[i] = (byte) 0xAB;   // page 2 onwards: the table's b-tree, the first page (header, schema) intact
        }
        Files.write(db, bytes);
        Path out = dir.resolve("x.sql");

        CliResult result = InProcess.run("export", "d1:sqlite:" + db, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.EXPORT_FAILED);
        assertThat(errorLines(result)).as(result.toString()).hasSize(2);
        assertThat(errorLines(result).get(0)).startsWith("d1-export: Cannot read SQLite database ")
                .contains("malformed");
        assertThat(errorLines(result).get(1)).contains("integrity_check");
        assertThat(Files.exists(out)).isFalse();
    }

    /** The sqlite provider's own hint: there is no server, and the file has a way out the server's export has not. */
    @Test
    void aLocalDatabaseWithAVirtualTableGetsTheSqliteProvidersHint() throws Exception {
        Path db = SqliteDatabase.create(dir.resolve("fts.sqlite"), "CREATE TABLE users(id INTEGER PRIMARY KEY,"
                + " name TEXT)", "INSERT INTO users VALUES (1, 'Ada')", "CREATE VIRTUAL TABLE docs USING fts5(body)");
        Path out = dir.resolve("x.sql");

        CliResult result = InProcess.run("export", "d1:sqlite:" + db, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.EXPORT_FAILED);
        assertThat(errorLines(result)).as(result.toString()).containsExactly(
                "d1-export: D1 Export error: cannot export databases with Virtual Tables (fts5)",
                "hint: leave the virtual tables out with a table filter (--table), or pass the option"
                        + " virtual-tables=skip (d1:sqlite:<file>?virtual-tables=skip) to leave them, their shadow"
                        + " tables and the triggers that use them out");
        assertThat(Files.exists(out)).isFalse();

        // The hint's two ways out.
        CliResult skip = InProcess.run("export", "d1:sqlite:" + db + "?virtual-tables=skip", "-o", out.toString());
        assertThat(skip.exitCode()).as(skip.toString()).isZero();
        CliResult filtered = InProcess.run("export", "d1:sqlite:" + db, "--table", "users", "-o", out.toString());
        assertThat(filtered.exitCode()).as(filtered.toString()).isZero();
        assertThat(Files.readString(out)).contains("INSERT INTO \"users\"").doesNotContain("docs");
    }

    @Test
    void serverDetailsAreOnTheErrorLine() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=not-found", "-o", dir.resolve("x.sql").toString());

        assertThat(errorLines(result).get(0)).endsWith("database not found [HTTP 404, code 7404: database not found]");
    }

    @Test
    void rateLimitHintSaysHowLongToWait() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=rate-limited", "-o",
                dir.resolve("x.sql").toString());

        assertThat(errorLines(result).get(1)).isEqualTo("hint: the server asked to wait 1.0 s before trying again");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=busy", "--verbose", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BUSY);
        assertThat(result.err()).contains("dev.d1export.spi.ExportBusyException: Simulated failure")
                .contains("\tat dev.d1export.testkit.FixtureExporter");
    }

    /** A failure with a cause (the sqlite driver's): --verbose prints both, and the family's exit code stays. */
    @Test
    void verbosePrintsTheCauseOfAFailureAndKeepsItsExitCode() throws IOException {
        Path notADatabase = Files.writeString(dir.resolve("notes.sqlite"), "not a database, just text\n");

        CliResult result = InProcess.run("export", "d1:sqlite:" + notADatabase, "--verbose", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).contains("dev.d1export.spi.DatabaseNotFoundException: ")
                .contains("Caused by: org.sqlite.SQLiteException: [SQLITE_NOTADB]")
                .doesNotContain("internal error").doesNotContain("Can't overwrite cause");
    }

    @Test
    void missingCredentialsIsAnAuthenticationFailureWithAHint() {
        CliResult result = InProcess.run("export", FIXTURE + "?auth=required", "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        // The provider's own hint: the fixture reads no CLOUDFLARE_API_TOKEN, so the command's default would mislead.
        assertThat(errorLines(result).get(1)).contains("--token-file").contains("auth=required")
                .doesNotContain("CLOUDFLARE_API_TOKEN");
    }

    /**
     * The cloudflare provider's message offers its options 'api-token', 'api-key' and 'email' beside the environment
     * variables; the command cannot set the first two (a secret never goes in the URL, and --token-file is its only
     * way to one), so it names the variables and leaves the options to its hint's --token-file. A child JVM: the
     * variables must be unset, or set to what the test chooses.
     */
    @Test
    void missingCloudflareCredentialsNameWhatTheCommandCanSetNotTheProvidersOptions() {
        String url = "d1:cloudflare://0123456789abcdef0123456789abcdef/db";
        String out = dir.resolve("x.sql").toString();

        CliResult none = ChildJvm.mainOnTestClassPath().run("export", url, "-o", out);

        assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(errorLines(none)).as(none.toString()).containsExactly(
                "d1-export: No Cloudflare credentials: set the environment variable CLOUDFLARE_API_TOKEN to an API"
                        + " token with D1 access, or set CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY for a global API key",
                "hint: set CLOUDFLARE_API_TOKEN or pass --token-file <file> holding an API token with D1 access");

        CliResult json = ChildJvm.mainOnTestClassPath().run("export", url, "-o", out, "--json", "-q");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> error = (java.util.Map<String, Object>) JsonReader.object(json.out()).get("error");
        assertThat(error).as(json.toString())
                .containsEntry("message", errorLines(none).get(0).substring("d1-export: ".length()))
                .containsEntry("type", "dev.d1export.spi.MissingCredentialsException");

        CliResult keyOnly = ChildJvm.mainOnTestClassPath().env("CLOUDFLARE_API_KEY", "0123456789abcdef0123456789")
                .run("export", url, "-o", out);

        assertThat(keyOnly.exitCode()).as(keyOnly.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(errorLines(keyOnly).get(0)).isEqualTo("d1-export: CLOUDFLARE_API_KEY is set but the account"
                + " e-mail is not: set CLOUDFLARE_EMAIL, or use an API token in CLOUDFLARE_API_TOKEN");
        assertThat(none.err() + json.out() + keyOnly.err()).doesNotContain("'api-token'").doesNotContain("'api-key'")
                .doesNotContain("'email'");
    }

    /** A provider that takes its token only as the option 'api-token': the command names the option it passes it by. */
    @Test
    void aMissingTokenOptionIsNamedAsTheCommandsTokenFile() {
        CliResult result = InProcess.run("export", FIXTURE + "?auth=required", "-o", dir.resolve("x.sql").toString());
        CliResult verbose = InProcess.run("export", FIXTURE + "?auth=required", "-o", dir.resolve("x.sql").toString(),
                "--verbose");

        assertThat(errorLines(result).get(0)).isEqualTo("d1-export: The fixture provider was told to require"
                + " credentials: pass --token-file <file>");
        // The provider's own words stay in the stack trace, for a report.
        assertThat(verbose.err()).contains("Caused by: dev.d1export.spi.MissingCredentialsException: The fixture"
                + " provider was told to require credentials: set the option 'api-token'");
        // The message in the command's words keeps the trace of where the provider threw it, not where it was caught.
        List<String> trace = verbose.err().lines().toList();
        int top = trace.indexOf(trace.stream().filter(line -> line.startsWith("dev.d1export.spi"
                + ".MissingCredentialsException: The fixture provider was told to require credentials: pass"))
                .findFirst().orElseThrow());
        assertThat(trace.get(top + 1)).as(verbose.err()).startsWith("\tat dev.d1export.testkit.");
    }

    @Test
    void anAuthenticationFailureWithoutAHintOfItsOwnGetsTheCommandsHint() {
        CliResult result = InProcess.run("export", FIXTURE + "?fail=authentication", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(errorLines(result).get(1)).contains("CLOUDFLARE_API_TOKEN").contains("--token-file");
    }

    @Test
    void destinationFolderMissing() {
        Path out = dir.resolve("no-such-folder").resolve("x.sql");
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result).get(0)).contains("no-such-folder").contains("does not exist");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count())
                .as("fails before asking the provider").isZero();
    }

    @Test
    void destinationWhoseFolderIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        CliResult result = InProcess.run("export", FIXTURE, "-o", file.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(file).hasContent("x");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aPipeOrDeviceIsNeverReplacedByTheDump() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", fifo.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result)).containsExactly("d1-export: Cannot write " + fifo + ": it is not a regular"
                + " file but a device, a pipe or a socket, which the dump, written beside it and moved into place,"
                + " would replace", "hint: write to a stream destination instead (with the command: -o - > " + fifo
                + ")");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.exists(fifo)).isTrue();
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).isZero();
    }

    /**
     * {@code -o /dev/stdout} with stdout a file ({@code >> all.sql}), or any {@code /proc/self/fd/N}: the message
     * says to write to a stream instead, and the hint must say the same, not send the user to check a folder that
     * is fine.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(value = OS.LINUX, disabledReason = "/proc/self/fd")
    void aProcesssOpenFileIsRefusedWithTheStreamHintNotTheMissingFolderOne() throws Exception {
        Path all = Files.writeString(dir.resolve("all.sql"), "earlier dumps\n");
        String journal = java.util.UUID.randomUUID().toString();
        CliResult result;
        Path open;
        try (java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(all,
                java.nio.file.StandardOpenOption.APPEND)) {
            try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                open = fds.filter(p -> {
                    try {
                        return Files.readSymbolicLink(p).equals(all);
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
            }

            result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", open.toString());
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result)).containsExactly("d1-export: Cannot write " + open + ": it is a process's open"
                + " file (" + open + "), which the dump, written beside it and moved into place, would not reach",
                "hint: write to a stream destination instead (with the command: -o -)");
        assertThat(Files.readString(all)).isEqualTo("earlier dumps\n");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX file modes")
    void aReadOnlyOutputFileIsRefusedBeforeAnyWorkAndKeptAsItWas() throws Exception {
        Path backup = Files.writeString(dir.resolve("backup.sql"), "previous dump\n");
        Files.setPosixFilePermissions(backup, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        // Root (or a process with CAP_DAC_OVERRIDE) may write every file and replaces it, as cp would.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(backup), "this process may write a read-only"
                + " file (root), as cp would: the refusal needs another user (run as nobody)");
        byte[] before = Files.readAllBytes(backup);
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", backup.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result)).containsExactly("d1-export: Cannot write " + backup + ": it is read-only"
                + " (this user may not write it), and the dump would replace it", "hint: make it writable if the dump"
                + " is to replace it (chmod u+w " + backup + "), or write the dump under another name");
        assertThat(Files.readAllBytes(backup)).isEqualTo(before);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("r--r--r--");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(backup);
        }
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
    }

    /**
     * A read-only output that is the database being exported is refused as that database: a {@code chmod}, as the
     * read-only refusal's hint says, would only lead to this refusal on the next run. As root, see
     * {@link ReadOnlyOutputWithoutOverrideTest}.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX file modes")
    void aReadOnlyOutputThatIsTheDatabaseBeingExportedIsRefusedAsThatDatabaseNotAsReadOnly() throws Exception {
        Path database = SqliteDatabase.create(dir.resolve("app.sqlite"),
                "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)");
        Files.setPosixFilePermissions(database, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(database), "this process may write a read-only"
                + " file (root), so the read-only refusal never comes first: ReadOnlyOutputWithoutOverrideTest");
        byte[] before = Files.readAllBytes(database);

        CliResult result = InProcess.run("export", "d1:sqlite:" + database, "-o", database.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result)).containsExactly("d1-export: Refusing to write the dump to " + database + ": it"
                + " is the database being exported (" + database + "); choose another destination", "hint: write the"
                + " dump to another file: this one is the database being exported or one of its journal files");
        assertThat(Files.readAllBytes(database)).isEqualTo(before);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(database);
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need a privilege there")
    void aSymbolicLinkStaysALinkAndItsFileGetsTheDump() throws Exception {
        Path backups = Files.createDirectory(dir.resolve("backups"));
        Path monday = Files.writeString(backups.resolve("monday.sql"), "old");
        Path latest = Files.createSymbolicLink(dir.resolve("latest.sql"), Path.of("backups", "monday.sql"));

        CliResult result = InProcess.run("export", FIXTURE, "-o", latest.toString(), "-q");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of("backups", "monday.sql"));
        assertThat(Files.readString(monday)).startsWith("PRAGMA defer_foreign_keys=TRUE;");
        try (java.util.stream.Stream<Path> files = Files.list(backups)) {
            assertThat(files).containsExactly(monday);
        }
    }

    @Test
    void anEmptyOutputNameIsAUsageErrorNotTheWorkingDirectory() {
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", "");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(result)).containsExactly("d1-export: -o: the file name is empty", "hint: name the dump"
                + " file (-o backup.sql), or a folder (-o .) for the provider's file name there");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).isZero();
    }

    /** -o " " (a blank variable in a script) would write a file named one space: refused as -t " " is, value quoted. */
    @ParameterizedTest
    @ValueSource(strings = {" ", "   ", "\t"})
    void aBlankOutputNameIsAUsageErrorNamingTheValue(String blank) throws IOException {
        String journal = java.util.UUID.randomUUID().toString();
        try {
            CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", blank, "--json");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            String message = "-o: the file name is blank ('" + blank + "')";
            assertThat(errorLines(result)).as(result.toString()).containsExactly(
                    "d1-export: " + message.replace('\t', ' '), "hint: name the dump file (-o backup.sql), or a"
                            + " folder (-o .) for the provider's file name there");
            java.util.Map<?, ?> error = (java.util.Map<?, ?>) JsonReader.object(result.out()).get("error");
            assertThat(error.get("family")).isEqualTo("usage");
            assertThat(error.get("message")).isEqualTo(message);
            assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work")
                    .isZero();
            assertThat(Path.of(blank)).as("no file named %s in the working directory", blank).doesNotExist();
        } finally {
            // Without the check the dump went to the working directory under that name.
            Files.deleteIfExists(Path.of(blank));
        }
    }

    @Test
    void anOutputWhoseLastNameIsBlankIsAUsageErrorNamingTheValue() throws IOException {
        String typed = dir + "/ ";
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", typed);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(result)).containsExactly("d1-export: -o: the file name is blank ('" + typed
                + "' ends in ' ')", "hint: name the dump file (-o backup.sql), or a folder (-o .) for the provider's"
                + " file name there");
        assertThat(dir).isEmptyDirectory();
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();

        // Spaces in a name that is not only spaces are the user's to choose.
        CliResult spaced = InProcess.run("export", FIXTURE, "-o", dir + "/ backup .sql", "-q");
        assertThat(spaced.exitCode()).as(spaced.toString()).isZero();
        assertThat(dir.resolve(" backup .sql")).isRegularFile();
    }

    @Test
    void aMissingFolderBeforeADotDotInTheOutputIsNamedAsTheFolderToCreate() {
        // -o ./sub/../x.sql with sub missing: "folder <dir>/./sub/.. does not exist" named no folder to create.
        String typed = dir + "/./sub/../x.sql";
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", typed, "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        String message = "Cannot write " + typed + ": folder " + dir.resolve("sub") + " does not exist";
        assertThat(errorLines(result).get(0)).isEqualTo("d1-export: " + message);
        assertThat(((java.util.Map<?, ?>) JsonReader.object(result.out()).get("error")).get("message")).isEqualTo(message);
        assertThat(dir).isEmptyDirectory();
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the system's words for a name longer than 255 bytes")
    void anOutputNameTooLongForTheFileSystemIsRefusedBeforeAnyWork() {
        // A remote export would otherwise run to its end and fail at the move into place.
        Path out = dir.resolve("d".repeat(300) + ".sql");
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result)).containsExactly("d1-export: Cannot write " + out + ": File name too long",
                "hint: the file system does not take this name: choose a shorter one (most take names of at most 255"
                        + " bytes)");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anOutputNameEndingInASlashMustBeAFolderNeverAFileOfThatName() throws IOException {
        String journal = java.util.UUID.randomUUID().toString();
        Path missing = dir.resolve("backups");

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", missing + "/");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result)).containsExactly("d1-export: Cannot write " + missing + "/: folder " + missing
                + " does not exist", "hint: a name ending in / is a folder: create it first, or leave the / out to"
                + " name the dump file");
        assertThat(missing).doesNotExist();
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();

        Path file = Files.writeString(missing, "a file");
        CliResult onAFile = InProcess.run("export", FIXTURE, "-o", missing + "/");

        assertThat(onAFile.exitCode()).as(onAFile.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(onAFile)).containsExactly("d1-export: Cannot write " + missing + "/: " + missing
                + " is not a folder", "hint: a name ending in / is a folder, and this is a file: name a folder, or"
                + " leave the / out to replace the file with the dump");
        assertThat(file).hasContent("a file");

        Files.delete(file);
        Files.createDirectory(missing);
        CliResult intoTheFolder = InProcess.run("export", FIXTURE, "-o", missing + "/");

        assertThat(intoTheFolder.exitCode()).as(intoTheFolder.toString()).isZero();
        try (java.util.stream.Stream<Path> files = Files.list(missing)) {
            assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString().endsWith(".sql");
        }
    }

    @Test
    void aMissingFolderOutputEndingInASlashNamesTheFolderToCreateAsTheSpiDoes() throws IOException {
        // -o ./sub/../out/ with sub missing: "folder ./sub/../out/ does not exist" named no folder one could create.
        String typed = dir + "/./sub/../out/";
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", typed);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(result).get(0)).isEqualTo("d1-export: Cannot write " + typed + ": folder "
                + dir.resolve("sub") + " does not exist");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();

        // Its folder there, the missing one is out, named without the "." and ".." names it was written with.
        Files.createDirectory(dir.resolve("sub"));
        CliResult folderThere = InProcess.run("export", FIXTURE, "-o", typed);

        assertThat(errorLines(folderThere)).as(folderThere.toString()).containsExactly("d1-export: Cannot write "
                + typed + ": folder " + dir.toRealPath().resolve("out") + " does not exist", "hint: a name ending in"
                + " / is a folder: create it first, or leave the / out to name the dump file");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFolderNamedDashEndingInASlashIsThatFolderNotStandardOutput() {
        // -o -/ is the folder "-": the Path drops the slash, and "-" alone is standard output's name.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("-")), "no folder - here");
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", "-/");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(result.out()).as("no dump on standard output").isEmpty();
        assertThat(errorLines(result)).as(result.toString()).containsExactly("d1-export: Cannot write -/: folder "
                + Path.of("-").toAbsolutePath() + " does not exist", "hint: a name ending in / is a folder: create it"
                + " first, or leave the / out to name the dump file");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
    }

    @Test
    void aMissingFolderInAMissingFolderEndingInASlashIsNamedWholeAsForAFile() {
        // One rule, the SPI's, for -o a/b/ and -o a/b/x.sql: mkdir -p makes a/b, the folder to create; not just a.
        Path nested = dir.resolve("a/b");
        String journal = java.util.UUID.randomUUID().toString();

        CliResult asFolder = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", nested + "/");
        CliResult asFile = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", nested + "/x.sql");

        assertThat(asFolder.exitCode()).as(asFolder.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(asFolder)).containsExactly("d1-export: Cannot write " + nested + "/: folder " + nested
                + " does not exist", "hint: a name ending in / is a folder: create it first, or leave the / out to"
                + " name the dump file");
        assertThat(asFile.exitCode()).as(asFile.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(errorLines(asFile).get(0)).isEqualTo("d1-export: Cannot write " + nested + "/x.sql: folder "
                + nested + " does not exist");
        assertThat(dir).isEmptyDirectory();
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
    }

    @Test
    void anEmptyTokenFileNameIsAUsageErrorNotTheWorkingDirectory() {
        CliResult result = InProcess.run("export", FIXTURE, "--token-file", "", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(result)).containsExactly("d1-export: --token-file: the file name is empty",
                "hint: name the file that holds the token, or leave --token-file out to use CLOUDFLARE_API_TOKEN");
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    /** --token-file " " (a blank variable in a script) names no token file: refused as a blank -o is, value quoted. */
    @ParameterizedTest
    @ValueSource(strings = {" ", "   ", "\t"})
    void aBlankTokenFileNameIsAUsageErrorNamingTheValue(String blank) {
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?auth=required&journal=" + journal, "--token-file",
                blank, "--json", "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        String message = "--token-file: the file name is blank ('" + blank + "')";
        assertThat(errorLines(result)).as(result.toString()).containsExactly("d1-export: " + message.replace('\t', ' '),
                "hint: name the file that holds the token, or leave --token-file out to use CLOUDFLARE_API_TOKEN");
        java.util.Map<?, ?> error = (java.util.Map<?, ?>) JsonReader.object(result.out()).get("error");
        assertThat(error.get("family")).isEqualTo("usage");
        assertThat(error.get("message")).isEqualTo(message);
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aTokenFileWhoseLastNameIsBlankIsAUsageErrorEvenWhenSuchAFileExists() throws IOException {
        // A file named " " is no token file one meant to name, even if one is there: not read, as -o "dir/ " is not
        // written.
        Files.writeString(dir.resolve(" "), "tok-Zq81-BLANK-NAME\n");
        String typed = dir + "/ ";
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?auth=required&journal=" + journal, "--token-file",
                typed, "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(result)).containsExactly("d1-export: --token-file: the file name is blank ('" + typed
                + "' ends in ' ')", "hint: name the file that holds the token, or leave --token-file out to use"
                + " CLOUDFLARE_API_TOKEN");
        assertThat(dev.d1export.testkit.FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void anUnclassifiedProviderErrorIsFailed() {
        ClassLoader loader = ExtraProviders.loaderWith(dir.resolve("cp"), CrashingProvider.class.getName());

        CliResult result = InProcess.run(false, loader, "export", "d1:crash:generic", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(errorLines(result)).containsExactly(
                "d1-export: The API answered an error d1-export has no family for",
                "hint: run again with --verbose for the details");

        CliResult verbose = InProcess.run(false, loader, "export", "d1:crash:generic", "--verbose", "-o",
                dir.resolve("x.sql").toString());

        assertThat(verbose.err()).as("no hint to add the flag that is already there")
                .contains("hint: the stack trace (on stderr) has the details")
                .doesNotContain("run again with --verbose");

        CliResult json = InProcess.run(false, loader, "export", "d1:crash:generic", "--verbose", "--json", "-o",
                dir.resolve("x.sql").toString());

        assertThat(((java.util.Map<?, ?>) JsonReader.object(json.out()).get("error")).get("hint")).as(json.toString())
                .isEqualTo("the stack trace (on stderr) has the details");
    }

    @Test
    void anErrorFromAProviderIsInternalWithItsLineAndTheJsonObjectNotAnEscapedThrowable() {
        ClassLoader loader = ExtraProviders.loaderWith(dir.resolve("cp"), CrashingProvider.class.getName());

        CliResult result = InProcess.run(false, loader, "export", "d1:crash:assert", "--json", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(JsonReader.object(result.out()).get("exitCode")).as(result.toString()).isEqualTo(70L);
        assertThat(errorLines(result)).first().asString()
                .isEqualTo("d1-export: internal error: java.lang.AssertionError: provider assertion failed");
    }

    /**
     * A checked exception that a provider's export() throws without declaring it (Kotlin, a "sneaky throw") is an
     * internal error like any other: one line and a hint on stderr, exit code 70, and --json's failure object on
     * stdout, never an empty stdout.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anUndeclaredCheckedExceptionFromAProviderIsInternalWithTheJsonObject() {
        ClassLoader loader = ExtraProviders.loaderWith(dir.resolve("cp"), CrashingProvider.class.getName());

        CliResult result = InProcess.run(false, loader, "export", "d1:crash:checked", "--json", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INTERNAL);
        java.util.Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).as(result.toString()).containsEntry("status", "error").containsEntry("exitCode", 70L)
                .containsEntry("url", "d1:crash:checked").containsEntry("provider", "crash");
        assertThat((java.util.Map<String, Object>) json.get("error")).containsEntry("family", "internal")
                .containsEntry("type", "java.io.IOException");
        assertThat(errorLines(result)).containsExactly(
                "d1-export: internal error: java.io.IOException: provider I/O failed",
                "hint: this is a bug: run again with --verbose and report the stack trace");
    }

    @Test
    void aProviderBugIsInternal() {
        ClassLoader loader = ExtraProviders.loaderWith(dir.resolve("cp"), CrashingProvider.class.getName());

        CliResult result = InProcess.run(false, loader, "export", "d1:crash:bug", "-o",
                dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(errorLines(result)).containsExactly(
                "d1-export: internal error: java.lang.IllegalStateException: provider bug",
                "hint: this is a bug: run again with --verbose and report the stack trace");

        CliResult verbose = InProcess.run(false, loader, "export", "d1:crash:bug", "--verbose", "-o",
                dir.resolve("x.sql").toString());

        assertThat(verbose.err()).as(verbose.toString())
                .contains("hint: this is a bug: report it with the stack trace (on stderr)");
    }

    @Test
    void interruptedExportIsCancelledAndKeepsThePreviousFile() throws Exception {
        Path out = dir.resolve("users.sql");
        Files.writeString(out, "previous dump");
        String journal = java.util.UUID.randomUUID().toString();

        CliResult result = InProcess.runInterruptedOnceStarted(journal, "export",
                FIXTURE + "?delay=30s&journal=" + journal, "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CANCELLED);
        assertThat(out).hasContent("previous dump");
        assertThat(ExportCommandTest.leftovers(dir)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "export",
        "export d1:fixture:classpath:fixtures/users.sql",
        "export -o out.sql",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --no-data --no-schema",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --timeout soon",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --timeout 0s",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --progress loud",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --frobnicate",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql extra-argument",
        "frobnicate"
    })
    void usageErrors(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.replace("out.sql", dir.resolve("out.sql").toString())
                .split(" ");

        CliResult result = InProcess.run(args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("d1-export: ");
        assertThat(Files.exists(dir.resolve("out.sql"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --json --frobnicate",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --json --timeout soon",
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --json --no-data --no-schema",
        "export d1:fixture:classpath:fixtures/users.sql --json",
        "export --json -o out.sql",
        "export --json d1:fixture:classpath:fixtures/users.sql -o out.sql --token tok-SECRET-x",
        "export --json d1:fixture:classpath:fixtures/users.sql -o out.sql --api-token=tok-SECRET-x",
        "export --json d1:fixture:classpath:fixtures/users.sql -o out.sql tok-SECRET-x",
        "providers --json --frobnicate",
        // --json=true is --json to picocli (an export with it prints the summary): a usage error must say so too.
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql --json=true --frobnicate",
        "export --json=TRUE d1:fixture:classpath:fixtures/users.sql -o out.sql --timeout soon",
        "providers --json=true --frobnicate",
        // picocli refuses an option with a value attached as -t's table name: the error is a usage error with --json.
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql -t --json=true"
    })
    void usageErrorsWithJsonPrintTheFailureObject(String line) {
        String[] args = line.replace("out.sql", dir.resolve("out.sql").toString()).split(" ");

        CliResult result = InProcess.run(args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        java.util.Map<String, Object> json = JsonReader.object(result.out());
        assertThat(json).as(result.toString()).containsEntry("status", "error").containsEntry("exitCode", 2L);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> error = (java.util.Map<String, Object>) json.get("error");
        assertThat(error).containsEntry("family", "usage");
        assertThat((String) error.get("message")).isNotBlank().isEqualTo(errorLines(result).get(0)
                .substring("d1-export: ".length()));
        assertThat((String) error.get("hint")).contains("--help");
        assertThat(result.all()).doesNotContain("SECRET");
        assertThat(Files.exists(dir.resolve("out.sql"))).isFalse();
    }

    @Test
    void usageErrorsWithJsonFalsePrintNothingOnStdout() {
        CliResult result = InProcess.run("export", FIXTURE, "-o", dir.resolve("out.sql").toString(), "--json=false",
                "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
    }

    /** After {@code --} a word is an argument: {@code --json} there is a stray argument, not a request for JSON. */
    @ParameterizedTest
    @ValueSource(strings = {
        "export d1:fixture:classpath:fixtures/users.sql -o out.sql -- --json",
        "export -o out.sql -- d1:fixture:classpath:fixtures/users.sql --json=true",
        "providers -- --json"
    })
    void usageErrorsWithJsonOnlyAfterDoubleDashPrintNothingOnStdout(String line) {
        CliResult result = InProcess.run(line.replace("out.sql", dir.resolve("out.sql").toString()).split(" "));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).as(result.toString()).isEmpty();
    }

    @Test
    void usageErrorsWithoutJsonPrintNothingOnStdout() {
        CliResult result = InProcess.run("export", FIXTURE, "-o", dir.resolve("out.sql").toString(), "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not-a-url",
        "d1:nosuchprovider:x",
        "d1:fixture:classpath:fixtures/users.sql?api-token=abc",
        "d1:fixture:classpath:fixtures/users.sql?unknown=1",
        "d1:fixture:classpath:fixtures/users.sql?fail=everything",
        "d1:fixture:nowhere"
    })
    void badUrlsAndOptionsAreUsageErrors(String url) {
        CliResult result = InProcess.run("export", url, "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(result)).hasSize(2);
        assertThat(result.err()).doesNotContain("abc");
    }

    @Test
    void unknownProviderListsTheProvidersFound() {
        CliResult result = InProcess.run("export", "d1:nosuchprovider:x", "-o", dir.resolve("out.sql").toString());

        assertThat(errorLines(result).get(0)).contains("No provider for 'd1:nosuchprovider:x'").contains("fixture");
    }

    @Test
    void aBadChoiceListsTheChoicesInLowerCaseAsTheHelpWritesThem() {
        CliResult progress = InProcess.run("export", FIXTURE, "-o", dir.resolve("out.sql").toString(), "--progress",
                "fancy");
        CliResult unmatched = InProcess.run("export", FIXTURE, "-o", dir.resolve("out.sql").toString(),
                "--unmatched-tables=maybe");

        assertThat(progress.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(progress).get(0)).as(progress.toString())
                .contains("'--progress'").contains("expected one of auto, live, plain").contains("'fancy'")
                .doesNotContain("AUTO");
        assertThat(unmatched.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(unmatched).get(0)).as(unmatched.toString())
                .contains("expected one of warn, fail").doesNotContain("WARN");
        assertThat(Files.exists(dir.resolve("out.sql"))).isFalse();
    }

    @Test
    void duplicateTableIsAUsageError() {
        CliResult result = InProcess.run("export", FIXTURE, "-t", "users", "-t", "users", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(errorLines(result).get(0)).contains("'users' is listed twice");
    }

    @Test
    void exitCodesAreDistinctAndDocumentedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("d1export.examples"), "..", "d1-export-cli",
                "README.md"));
        Set<Integer> seen = new HashSet<>();
        for (Field field : ExitCodes.class.getFields()) {
            assertThat(Modifier.isStatic(field.getModifiers())).isTrue();
            int code = field.getInt(null);
            assertThat(seen.add(code)).as("exit code " + code + " used twice").isTrue();
            assertThat(readme).as("README row for " + field.getName())
                    .containsPattern("\\|\\s*" + code + "\\s*\\|\\s*`" + field.getName() + "`");
        }
    }

    /** The error report: stderr from its first line on (progress lines come before it). */
    static java.util.List<String> errorLines(CliResult result) {
        java.util.List<String> lines = result.err().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("d1-export: ")) {
                return lines.subList(i, lines.size());
            }
        }
        return java.util.List.of();
    }
}
