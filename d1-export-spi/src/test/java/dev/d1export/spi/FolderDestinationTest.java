package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExportDestination#folder(Path)}: the path must be an existing folder, the dump goes inside it under the
 * sanitised suggested name, and a folder that is not there fails every entry of {@link StagedOutput} with the folder
 * to create, never writing a file of the folder's name (what a file destination of that path would write).
 */
class FolderDestinationTest {

    private static final String HINT = "the dump goes inside the folder: create it first, or name the dump's file with"
            + " a file destination";

    @TempDir
    Path dir;

    /** Each entry a provider may call with a folder destination, which must all refuse a folder that is not there. */
    private static Stream<ThrowingCallable> entries(ExportDestination destination) {
        return Stream.of(
                () -> StagedOutput.checkWritable(destination),
                () -> StagedOutput.targetOf(destination, "users.sql"),
                () -> StagedOutput.replacedFile(destination, "users.sql"),
                () -> StagedOutput.open(destination, "users.sql").close());
    }

    private static void assertRefused(ExportDestination destination, String message) {
        entries(destination).forEach(entry -> assertThatThrownBy(entry).isInstanceOf(DestinationException.class)
                .satisfies(e -> assertThat(((DestinationException) e).summary()).isEqualTo(message))
                .satisfies(e -> assertThat(((DestinationException) e).details().hint()).contains(HINT)));
    }

    private static long filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void aMissingFolderIsNamedAndNoFileOfItsNameIsWritten() {
        Path backups = dir.resolve("backups");

        assertRefused(ExportDestination.folder(backups), "Cannot write " + backups + "/: folder " + backups
                + " does not exist");
        assertRefused(ExportDestination.folder(backups).withoutSync(), "Cannot write " + backups + "/: folder "
                + backups + " does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aMissingFolderInAMissingFolderIsNamedWholeAsAFileDestinationsFolderIs() {
        // One rule for both kinds: mkdir -p makes a/b, so a/b is the folder to create, not a.
        Path nested = dir.resolve("a/b");

        assertRefused(ExportDestination.folder(nested), "Cannot write " + nested + "/: folder " + nested
                + " does not exist");
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(nested.resolve("x.sql"))))
                .hasMessageEndingWith(": folder " + nested + " does not exist").hasMessageNotContaining("Hint");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aMissingFolderBeforeADotDotIsTheFolderToCreate() throws IOException {
        // "./sub/../out" with sub missing: sub must be made first, for the ".." after it to mean anything.
        Path typed = dir.resolve("./sub/../out");

        assertRefused(ExportDestination.folder(typed), "Cannot write " + typed + "/: folder " + dir.resolve("sub")
                + " does not exist");

        Files.createDirectory(dir.resolve("sub"));
        assertRefused(ExportDestination.folder(typed), "Cannot write " + typed + "/: folder "
                + dir.toRealPath().resolve("out") + " does not exist");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFileWhereTheFolderShouldBeIsSaidToBeNoFolderAndIsKept() throws IOException {
        Path file = Files.writeString(dir.resolve("backups"), "not a folder");

        entries(ExportDestination.folder(file)).forEach(entry -> assertThatThrownBy(entry)
                .isInstanceOf(DestinationException.class)
                .satisfies(e -> assertThat(((DestinationException) e).summary())
                        .isEqualTo("Cannot write " + file + "/: " + file + " is not a folder"))
                // Not "create it first": a file is there.
                .satisfies(e -> assertThat(((DestinationException) e).details().hint()).contains("the dump goes"
                        + " inside a folder, and this is a file: name a folder, or give the file as a file destination"
                        + " to replace it")));
        assertThat(file).hasContent("not a folder");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links need a privilege on Windows")
    void aLinkToAFolderIsThatFolderAndALinkToNothingIsSaidToBeOne() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("latest"), real);

        try (StagedOutput out = StagedOutput.open(ExportDestination.folder(link), "users.sql")) {
            out.stream().write('x');
            assertThat(out.commit()).contains(link.toAbsolutePath().resolve("users.sql"));
        }
        assertThat(real.resolve("users.sql")).hasContent("x");
        assertThat(Files.isSymbolicLink(link)).as("the link stays a link").isTrue();

        Path dangling = Files.createSymbolicLink(dir.resolve("unmounted"), dir.resolve("disk"));
        assertRefused(ExportDestination.folder(dangling), "Cannot write " + dangling + "/: " + dangling
                + " is a symbolic link to " + dir.resolve("disk") + ", which does not exist");
        assertThat(dir.resolve("disk")).doesNotExist();
    }

    @Test
    void openPutsTheDumpInsideUnderTheSanitisedSuggestedName() throws IOException {
        ExportDestination destination = ExportDestination.folder(dir);

        assertThat(StagedOutput.targetOf(destination, "../../etc/passwd")).contains(dir.resolve("passwd.sql"));
        assertThat(StagedOutput.replacedFile(destination, "../../etc/passwd"))
                .contains(dir.toAbsolutePath().resolve("passwd.sql"));
        try (StagedOutput out = StagedOutput.open(destination, "../../etc/passwd")) {
            out.stream().write('x');
            assertThat(out.target()).contains(dir.toAbsolutePath().resolve("passwd.sql"));
            assertThat(out.commit()).contains(dir.toAbsolutePath().resolve("passwd.sql"));
            assertThat(out.syncedOnCommit()).as("synced, as a file destination is").isTrue();
        }
        assertThat(dir.resolve("passwd.sql")).hasContent("x");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aFolderGivenWithADotHasTheDumpNamedWithoutIt() throws IOException {
        try (StagedOutput out = StagedOutput.open(ExportDestination.folder(dir.resolve(".")), "users.sql")) {
            out.stream().write('x');
            assertThat(out.commit()).contains(dir.toAbsolutePath().resolve("users.sql"));
        }
    }

    @Test
    void checkWritablePassesAnExistingFolderAndLeavesNothingBehind() throws IOException {
        StagedOutput.checkWritable(ExportDestination.folder(dir));
        StagedOutput.checkWritable(ExportDestination.folder(dir).withoutSync());

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void withoutSyncKeepsTheFolderAndIsNotSynced() throws IOException {
        ExportDestination folder = ExportDestination.folder(dir);
        ExportDestination unsynced = folder.withoutSync();

        assertThat(folder.isFolder()).isTrue();
        assertThat(folder.synced()).isTrue();
        assertThat(unsynced.isFolder()).isTrue();
        assertThat(unsynced.synced()).isFalse();
        assertThat(unsynced.path()).isEqualTo(folder.path()).contains(dir);
        try (StagedOutput out = StagedOutput.open(unsynced, "users.sql")) {
            out.stream().write('x');
            assertThat(out.commit()).contains(dir.toAbsolutePath().resolve("users.sql"));
            assertThat(out.syncedOnCommit()).isFalse();
        }
        assertRefused(ExportDestination.folder(dir.resolve("gone")).withoutSync(), "Cannot write "
                + dir.resolve("gone") + "/: folder " + dir.resolve("gone") + " does not exist");
    }

    @Test
    void toStringSaysItIsAFolder() {
        assertThat(ExportDestination.folder(dir)).hasToString("folder " + dir);
        assertThat(ExportDestination.folder(dir).withoutSync()).hasToString("folder " + dir + " (not synced)");
        assertThat(ExportDestination.file(dir)).hasToString("file " + dir);
    }

    @Test
    void onlyAFolderDestinationIsAFolder() {
        assertThat(ExportDestination.file(dir).isFolder()).as("a file destination naming a folder").isFalse();
        assertThat(ExportDestination.file(dir).withoutSync().isFolder()).isFalse();
        assertThat(ExportDestination.stream(new ByteArrayOutputStream()).isFolder()).isFalse();
        assertThatThrownBy(() -> ExportDestination.folder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("folder");
    }
}
