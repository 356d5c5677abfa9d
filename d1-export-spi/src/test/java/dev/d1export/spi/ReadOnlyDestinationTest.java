package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file this process may not write (chmod 444) is not replaced by a dump, as {@code cp} would not overwrite it,
 * although the rename that puts a dump in place would: refused before anything is written and again just before the
 * move. Root may write every file (access(2) passes), so the refusals need another user: run as root, they are
 * skipped and the root case (replaced, as by {@code cp}) runs instead. Checked by hand as {@code nobody} (setpriv).
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "POSIX file modes")
class ReadOnlyDestinationTest {

    private static final byte[] PREVIOUS = "previous dump\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private boolean mayWriteReadOnlyFiles;

    @BeforeEach
    void askWhetherThisProcessMayWriteAReadOnlyFile() throws IOException {
        Path probe = Files.createTempFile(dir, "mode", ".probe");
        try {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r--r--r--"));
            mayWriteReadOnlyFiles = Files.isWritable(probe);
        } finally {
            Files.delete(probe);
        }
    }

    private void assumeReadOnlyFilesAreReadOnly() {
        Assumptions.assumeFalse(mayWriteReadOnlyFiles, "this process may write a read-only file (root, or"
                + " CAP_DAC_OVERRIDE), as cp would: the refusal needs another user (run as nobody)");
    }

    private Path readOnlyFile(Path file) throws IOException {
        Files.write(file, PREVIOUS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        return file;
    }

    private void assertUnchanged(Path file) throws IOException {
        assertThat(Files.readAllBytes(file)).as("the previous file, byte for byte").isEqualTo(PREVIOUS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
    }

    private void assertOnly(Path folder, Path... files) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            assertThat(list).as("no temporary file left").containsExactlyInAnyOrder(files);
        }
    }

    @Test
    void aReadOnlyFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        assumeReadOnlyFilesAreReadOnly();
        Path backup = readOnlyFile(dir.resolve("backup.sql"));
        String message = "Cannot write " + backup + ": it is read-only (this user may not write it), and the dump"
                + " would replace it. Hint: make it writable if the dump is to replace it (chmod u+w " + backup
                + "), or write the dump under another name";

        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(backup)))
                .isInstanceOf(DestinationException.class).hasMessage(message);
        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(backup), "x.sql"))
                .isInstanceOf(DestinationException.class).hasMessage(message)
                .satisfies(e -> assertThat(((DestinationException) e).details().hint()).get()
                        .asString().startsWith("make it writable"));
        assertThatThrownBy(() -> StagedOutput.replacedFile(ExportDestination.file(backup), "x.sql"))
                .isInstanceOf(DestinationException.class).hasMessage(message);

        assertUnchanged(backup);
        assertOnly(dir, backup);
    }

    @Test
    void aFileMadeReadOnlyWhileTheDumpIsWrittenIsNotReplacedAtCommit() throws IOException {
        assumeReadOnlyFilesAreReadOnly();
        Path backup = Files.write(dir.resolve("backup.sql"), PREVIOUS);
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(backup), "x.sql")) {
            out.stream().write("new dump".getBytes(StandardCharsets.UTF_8));
            // At the last moment before the move: the check must come after everything else commit() does.
            out.beforeMove(() -> {
                try {
                    Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("r--r--r--"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            assertThatThrownBy(out::commit).isInstanceOf(DestinationException.class).hasMessage("Cannot write "
                    + backup.toAbsolutePath() + ": it became read-only while the dump was written (this user may"
                    + " not write it); it is left as it was. Hint: make it writable if the dump is to replace it"
                    + " (chmod u+w " + backup.toAbsolutePath() + "), or write the dump under another name");
            assertThat(out.isCommitted()).isFalse();
            assertOnly(dir, backup);
        }
        assertUnchanged(backup);
        assertOnly(dir, backup);
    }

    @Test
    void aLinkToAReadOnlyFileIsRefusedAndStaysALink() throws IOException {
        assumeReadOnlyFilesAreReadOnly();
        Path backups = Files.createDirectory(dir.resolve("backups"));
        Path monday = readOnlyFile(backups.resolve("monday.sql"));
        Path latest = Files.createSymbolicLink(dir.resolve("latest.sql"), Path.of("backups/monday.sql"));

        for (StagedOutputTest.ThrowingCall call : java.util.List.<StagedOutputTest.ThrowingCall>of(
                () -> StagedOutput.checkWritable(ExportDestination.file(latest)),
                () -> StagedOutput.open(ExportDestination.file(latest), "x.sql").close())) {
            assertThatThrownBy(call::run).isInstanceOf(DestinationException.class)
                    .hasMessageStartingWith("Cannot write " + latest + ": the file it leads to, "
                            + monday.toRealPath() + ", is read-only (this user may not write it)");
        }
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of("backups/monday.sql"));
        assertUnchanged(monday);
        assertOnly(dir, backups, latest);
        assertOnly(backups, monday);
    }

    @Test
    void inAFolderDestinationTheReadOnlyFileOfTheDumpsNameIsRefusedWhenItIsOpened() throws IOException {
        assumeReadOnlyFilesAreReadOnly();
        Path users = readOnlyFile(dir.resolve("users.sql"));

        // The folder takes new files: its check passes, as before; the file's name is known only at open.
        StagedOutput.checkWritable(ExportDestination.file(dir));
        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(dir), "users.sql"))
                .isInstanceOf(DestinationException.class)
                .hasMessageStartingWith("Cannot write " + users + ": it is read-only");
        assertUnchanged(users);
        assertOnly(dir, users);
    }

    @Test
    void aReadOnlyFolderIsStillRefusedAsAFolderThatTakesNoNewFile() throws IOException {
        assumeReadOnlyFilesAreReadOnly();
        Path folder = Files.createDirectory(dir.resolve("ro"));
        Path old = Files.write(folder.resolve("old.sql"), PREVIOUS);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(old)))
                    .isInstanceOf(DestinationException.class)
                    .hasMessage("Cannot write " + old + ": permission denied");
            assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(folder)))
                    .isInstanceOf(DestinationException.class)
                    .hasMessage("Cannot write " + folder + ": permission denied");
            assertThat(Files.readAllBytes(old)).isEqualTo(PREVIOUS);
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertOnly(folder, old);
    }

    @Test
    void aProcessThatMayWriteEveryFileReplacesAReadOnlyOneAsCpWould() throws IOException {
        Assumptions.assumeTrue(mayWriteReadOnlyFiles, "only a process that may write a read-only file (root)");
        Path backup = readOnlyFile(dir.resolve("backup.sql"));

        StagedOutput.checkWritable(ExportDestination.file(backup));
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(backup), "x.sql")) {
            out.stream().write("new dump".getBytes(StandardCharsets.UTF_8));
            assertThat(out.commit()).contains(backup.toAbsolutePath());
        }
        assertThat(Files.readString(backup)).isEqualTo("new dump");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).as("its mode kept")
                .isEqualTo("r--r--r--");
        assertOnly(dir, backup);
    }
}
