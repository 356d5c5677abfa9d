package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StagedOutputTest {

    @TempDir
    Path dir;

    private long filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    /** Both the early check and opening refuse the file with the same message. */
    private static void assertRefusedAtCheckAndOpen(Path target, String expected) {
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(target)))
                .isInstanceOf(DestinationException.class).hasMessage(expected);
        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(target), "x.sql"))
                .isInstanceOf(DestinationException.class).hasMessage(expected);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "/proc takes no new files on Linux")
    void aFolderThatTakesNoNewFilesIsReportedInWordsWithoutTheTemporaryName() {
        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(Path.of("/proc/x.sql")), "x.sql"))
                .isInstanceOf(DestinationException.class)
                .hasMessageStartingWith("Cannot write /proc/x.sql: ")
                .hasMessageNotContaining(".part").hasMessageNotContaining("java.nio");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "/proc takes no new files on Linux")
    void checkWritableTriesTheFolderBeforeAnyWork() {
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(Path.of("/proc/x.sql"))))
                .isInstanceOf(DestinationException.class).hasMessageStartingWith("Cannot write /proc/x.sql: ")
                .hasMessageNotContaining(".part");
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(Path.of("/proc"))))
                .isInstanceOf(DestinationException.class).hasMessageStartingWith("Cannot write /proc: ");
    }

    @Test
    void checkWritablePassesAWritableFolderOrStreamAndLeavesNothingBehind() throws IOException {
        Files.writeString(dir.resolve("old.sql"), "old");
        StagedOutput.checkWritable(ExportDestination.file(dir.resolve("old.sql")));
        StagedOutput.checkWritable(ExportDestination.file(dir.resolve("new.sql")));
        StagedOutput.checkWritable(ExportDestination.file(dir));
        StagedOutput.checkWritable(ExportDestination.stream(new ByteArrayOutputStream()));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("old.sql"));
        }
        assertThat(Files.readString(dir.resolve("old.sql"))).isEqualTo("old");
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(dir.resolve("no/x.sql"))))
                .isInstanceOf(DestinationException.class).hasMessageContaining("does not exist");
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "mkfifo")
    void aPipeIsNeverReplacedNorWrittenBesideOf() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> StagedOutput.checkWritable(ExportDestination.file(fifo)),
                () -> StagedOutput.open(ExportDestination.file(fifo), "x.sql").close())) {
            assertThatThrownBy(call::run).isInstanceOf(DestinationException.class)
                    .hasMessageStartingWith("Cannot write " + fifo + ": it is not a regular file");
        }
        assertThat(Files.isRegularFile(fifo)).isFalse();
        // A link to one (/dev/stdout is a link to the process's pipe or terminal) is refused the same way.
        Path link = Files.createSymbolicLink(dir.resolve("stdout"), fifo);
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(link)))
                .isInstanceOf(DestinationException.class)
                .hasMessageStartingWith("Cannot write " + link + ": it is not a regular file");
        assertThat(filesIn(dir)).isEqualTo(2);
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links need a privilege on Windows")
    void aSymbolicLinkLeadsTheDumpToItsFileAndStaysALink() throws IOException {
        Path backups = Files.createDirectory(dir.resolve("backups"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.sql"), Path.of("backups/monday.sql"));
        Path hop = Files.createSymbolicLink(dir.resolve("hop.sql"), Path.of("latest.sql"));

        // A link to a file not there yet (as a shell's > does): the file is created where the link points.
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(hop), "x.sql")) {
            out.stream().write("new".getBytes(StandardCharsets.UTF_8));
            assertThat(out.commit()).contains(backups.toRealPath().resolve("monday.sql"));
        }
        assertThat(Files.readString(backups.resolve("monday.sql"))).isEqualTo("new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(hop)).isTrue();

        // A link whose target climbs out of a folder that is itself a link: ".." is the real folder's parent, as the
        // kernel reads it, not the parent the path's text shows (where a file of the same name must stay as it is).
        Path deep = Files.createDirectories(dir.resolve("real/deep/out"));
        Path meant = Files.writeString(Files.createDirectories(dir.resolve("real/deep/backups")).resolve("x.sql"), "old");
        Path decoy = Files.writeString(backups.resolve("x.sql"), "must not change");
        Path out = Files.createSymbolicLink(dir.resolve("out"), deep);
        Path climbing = Files.createSymbolicLink(out.resolve("latest.sql"), Path.of("../backups/x.sql"));
        assertThat(Files.readString(climbing)).isEqualTo("old");
        StagedOutput.checkWritable(ExportDestination.file(climbing));
        try (StagedOutput staged = StagedOutput.open(ExportDestination.file(climbing), "x.sql")) {
            staged.stream().write("new".getBytes(StandardCharsets.UTF_8));
            assertThat(staged.commit()).contains(meant.toRealPath());
        }
        assertThat(Files.readString(climbing)).isEqualTo("new");
        assertThat(Files.readString(decoy)).isEqualTo("must not change");
        assertThat(Files.isSymbolicLink(climbing)).isTrue();

        Path loop = Files.createSymbolicLink(dir.resolve("loop.sql"), Path.of("loop.sql"));
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(loop)))
                .isInstanceOf(DestinationException.class).hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "/proc/self/fd")
    void aProcesssOpenFileIsRefusedNotReplacedByName() throws IOException {
        // /dev/stdout >> all.sql: the link names all.sql, but replacing it would not append to what the shell holds.
        Path all = Files.writeString(dir.resolve("all.sql"), "earlier dumps\n");
        try (FileChannel held = FileChannel.open(all,
                StandardOpenOption.APPEND)) {
            long fd;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                fd = fds.filter(p -> {
                    try {
                        return Files.readSymbolicLink(p).equals(all);
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().map(p -> Long.parseLong(p.getFileName().toString())).orElseThrow();
            }
            // Every thread shares the process's descriptors: any task's fd folder names the same file.
            String task;
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                task = tasks.findFirst().orElseThrow().getFileName().toString();
            }
            for (Path open : List.of(Path.of("/proc/self/fd/" + fd), Path.of("/dev/fd/" + fd),
                    Path.of("/proc/self/task/" + task + "/fd/" + fd))) {
                assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(open)))
                        .isInstanceOf(DestinationException.class)
                        .hasMessageStartingWith("Cannot write " + open + ": it is a process's open file");
            }
        }
        assertThat(Files.readString(all)).isEqualTo("earlier dumps\n");
        assertThat(filesIn(dir)).isEqualTo(1);

        // A path below a descriptor that holds a folder open is a path in that folder, like any other.
        Path backups = Files.createDirectory(dir.resolve("backups"));
        Path latest = Files.createSymbolicLink(backups.resolve("latest.sql"), Path.of("monday.sql"));
        try (DirectoryStream<Path> held = Files.newDirectoryStream(backups)) {
            String fd;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                fd = fds.filter(p -> {
                    try {
                        return Files.readSymbolicLink(p).equals(backups.toRealPath());
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().orElseThrow().getFileName().toString();
            }
            Path below = Path.of("/proc/self/fd", fd, "latest.sql");
            StagedOutput.checkWritable(ExportDestination.file(below));
            assertThat(StagedOutput.replacedFile(ExportDestination.file(below), "x.sql"))
                    .contains(backups.toRealPath().resolve("monday.sql"));
        }
        assertThat(Files.isSymbolicLink(latest)).isTrue();
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links need a privilege on Windows")
    void replacedFileIsWhatALinkLeadsTo() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.sql"), Path.of("real/monday.sql"));
        assertThat(StagedOutput.replacedFile(ExportDestination.file(link), "x.sql"))
                .contains(real.toRealPath().resolve("monday.sql"));
        assertThat(StagedOutput.replacedFile(ExportDestination.file(dir.resolve("plain.sql")), "x.sql"))
                .contains(dir.resolve("plain.sql").toAbsolutePath());
        assertThat(StagedOutput.replacedFile(ExportDestination.file(real), "x.sql"))
                .contains(real.toAbsolutePath().resolve("x.sql"));
        assertThat(StagedOutput.replacedFile(ExportDestination.stream(new ByteArrayOutputStream()), "x.sql")).isEmpty();

        // Only a link is followed: a file in a folder reached through a link keeps the path it was given.
        Path via = Files.createSymbolicLink(dir.resolve("via"), real);
        assertThat(StagedOutput.replacedFile(ExportDestination.file(via.resolve("x.sql")), "y.sql"))
                .contains(via.resolve("x.sql").toAbsolutePath());
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links need a privilege on Windows")
    void aLinkIntoAMissingFolderSaysWhichFolderIsMissing() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("latest.sql"), Path.of("gone/monday.sql"));
        String expected = "Cannot write " + link + ": folder " + dir.toRealPath().resolve("gone") + " does not exist";

        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(link)))
                .isInstanceOf(DestinationException.class).hasMessage(expected);
        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(link), "x.sql"))
                .isInstanceOf(DestinationException.class).hasMessage(expected);
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    /** A call that may throw anything. */
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void writeFailuresAreDescribedByTheirReasonNotTheirClass() {
        assertThat(StagedOutput.describe(new FileSystemException("/d/.x.part", null,
                "No space left on device"))).isEqualTo("No space left on device");
        assertThat(StagedOutput.describe(new AccessDeniedException("/d/.x.part")))
                .isEqualTo("permission denied");
        assertThat(StagedOutput.describe(new NoSuchFileException("/d/.x.part")))
                .startsWith("no such file or folder");
        assertThat(StagedOutput.describe(new FileAlreadyExistsException("/d/.x.part")))
                .isEqualTo("a file of that name is in the way");
        assertThat(StagedOutput.describe(new NotDirectoryException("/d/f/.x.part")))
                .isEqualTo("a part of the path is not a folder");
        assertThat(StagedOutput.describe(new FileSystemLoopException("/d/loop")))
                .as("a file system error without a reason or words of ours").isEqualTo("FileSystemLoopException");
        assertThat(StagedOutput.describe(new IOException("Broken pipe"))).isEqualTo("Broken pipe");
    }

    @Test
    void commitMovesTheCompleteDumpIntoPlace() throws IOException {
        Path target = dir.resolve("dump.sql");
        Files.writeString(target, "previous");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "ignored.sql")) {
            out.stream().write("new dump".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(target)).as("not replaced before commit").isEqualTo("previous");
            assertThat(filesIn(dir)).as("temp beside the destination").isEqualTo(2);
            assertThat(out.target()).as("known before the commit").contains(target.toAbsolutePath());
            assertThat(out.isCommitted()).as("not before the commit").isFalse();
            assertThat(out.commit()).contains(target.toAbsolutePath());
            assertThat(out.bytesWritten()).isEqualTo(8);
            assertThat(out.isCommitted()).isTrue();
        }
        assertThat(Files.readString(target)).isEqualTo("new dump");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void theDumpGetsTheFolderDefaultPermissionsNotOwnerOnlyOnes() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions");
        Path reference = Files.createFile(dir.resolve("reference.txt"));
        Path target = dir.resolve("dump.sql");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write('x');
            out.commit();
        }
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "rw-r-----", "rw-r--r--", "rw-rw-rw-"})
    void aReplacedFileKeepsItsPermissionsAlsoWhileTheDumpIsWritten(String mode) throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions");
        Path target = dir.resolve("secret.sql");
        Files.writeString(target, "previous");
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(mode);
        Files.setPosixFilePermissions(target, permissions);
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write('x');
            Path temp;
            try (Stream<Path> files = Files.list(dir)) {
                temp = files.filter(p -> p.getFileName().toString().endsWith(".part")).findFirst().orElseThrow();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)))
                    .as("the temporary file, while the dump is written").isEqualTo(mode);
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo(mode);
        PosixFileAttributes attributes = Files.readAttributes(target, PosixFileAttributes.class);
        assertThat(attributes.group()).as("group").isEqualTo(
                Files.readAttributes(dir, PosixFileAttributes.class).group());
    }

    @Test
    void aReplacedFileKeepsItsOwnerAndGroupWhereTheProcessMayChangeThem() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions");
        Path target = dir.resolve("theirs.sql");
        Files.writeString(target, "previous");
        UserPrincipal nobody;
        GroupPrincipal nogroup;
        try {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            nobody = lookup.lookupPrincipalByName("nobody");
            nogroup = Files.readAttributes(target, PosixFileAttributes.class).group();
            for (String name : new String[] {"nogroup", "nobody"}) {
                try {
                    nogroup = lookup.lookupPrincipalByGroupName(name);
                    break;
                } catch (IOException notThere) {
                    // try the next name
                }
            }
            Files.setOwner(target, nobody);
            Files.getFileAttributeView(target, PosixFileAttributeView.class).setGroup(nogroup);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("cannot give a file to user nobody here (needs root): " + e);
            return;
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        // Root may write another user's file; a process that may chown but not override file modes may not, and is
        // refused as for any file it may not write (ReadOnlyDestinationTest).
        Assumptions.assumeTrue(Files.isWritable(target), "this process may give a file away"
                + " but not write another user's file");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write('x');
            out.commit();
        }
        PosixFileAttributes attributes = Files.readAttributes(target, PosixFileAttributes.class);
        assertThat(attributes.owner()).isEqualTo(nobody);
        assertThat(attributes.group()).isEqualTo(nogroup);
        assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-r-----");
    }

    @ParameterizedTest
    @ValueSource(ints = {240, 255})
    void aLongFileNameIsWritableTheTemporaryNameStaysShortHiddenAndBesideIt(int length) throws IOException {
        Path target = dir.resolve("d".repeat(length - 4) + ".sql");
        assertLongNameWorks(target);
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "the system's words for a name longer than 255 bytes")
    void aNameTooLongForTheFileSystemIsRefusedBeforeAnyWorkNotAtTheMove() throws IOException {
        // The probe beside it has a short name and passed: the name itself failed only at the move, after the export.
        Path target = dir.resolve("d".repeat(300) + ".sql");
        String expected = "Cannot write " + target + ": File name too long. Hint: the file system does not take this"
                + " name: choose a shorter one (most take names of at most 255 bytes)";

        assertRefusedAtCheckAndOpen(target, expected);
        assertThat(dir).isEmptyDirectory();
    }

    /**
     * A short name in a folder whose path leaves no room for it (the whole path past the system's 4096 bytes) fails
     * its lookup with the same reason, but a shorter name of that length is no help: the hint says what is too long.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux's 4096-byte path limit and its words for it")
    void aPathTooLongForTheSystemIsRefusedWithAHintAboutThePathNotTheName() throws IOException {
        // A folder path of 3990 bytes, which the system takes, in names of at most 250 bytes.
        Path folder = dir;
        while (folder.toString().length() + 251 <= 3990) {
            folder = folder.resolve("f".repeat(250));
        }
        folder = folder.resolve("f".repeat(3990 - folder.toString().length() - 1));
        Files.createDirectories(folder);
        Path target = folder.resolve("x".repeat(200) + ".sql");
        assertThat(target.toString().length()).as("past the limit, in a name of 204 bytes").isGreaterThan(4096);
        String expected = "Cannot write " + target + ": File name too long. Hint: the system does not take a path"
                + " this long: write the dump to a folder with a shorter path, or under a shorter name (Linux takes"
                + " paths of at most 4096 bytes, macOS 1024)";

        assertRefusedAtCheckAndOpen(target, expected);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLongNameOfMultiByteCharactersIsWritable() throws IOException {
        // 95 characters, 247 bytes in UTF-8 (2 and 3 bytes each): near the 255 bytes most file systems allow.
        Path target;
        try {
            target = dir.resolve("\u00e9\u20ac\u4e2d".repeat(30) + "\u4e2d.sql");
        } catch (InvalidPathException e) {
            Assumptions.abort("file names are not UTF-8 here (sun.jnu.encoding): " + e);
            return;
        }
        assertLongNameWorks(target);
    }

    /**
     * The temporary name keeps as much of the target's name as fits in 100 bytes of UTF-8, whole characters only: the
     * longest such start, counted in the bytes each character takes (1 to 4), so the file is still recognisable
     * beside the dump, and never cut inside a character.
     */
    @Test
    void theTemporaryNameKeepsTheLongestStartOfTheNameThatFitsIn100Bytes() {
        String[][] cases = {
            {"a".repeat(150), "a".repeat(100)},
            {"\u00e9".repeat(60), "\u00e9".repeat(50)},
            {"\u20ac".repeat(40), "\u20ac".repeat(33)},
            {"\uD83D\uDE80".repeat(30), "\uD83D\uDE80".repeat(25)},
            {"\u007f".repeat(99) + "\u0080", "\u007f".repeat(99)},
            {"a".repeat(98) + "\u07ff", "a".repeat(98) + "\u07ff"},
            {"a".repeat(98) + "\u0800", "a".repeat(98)},
            {"a".repeat(96) + "\uffff", "a".repeat(96) + "\uffff"},
            {"a".repeat(97) + "\uD800\uDC00", "a".repeat(97)},
            {"dump.sql", "dump.sql"},
        };
        for (String[] c : cases) {
            String temp = StagedOutput.temporaryName(c[0]);
            assertThat(temp).as(c[0]).startsWith("." + c[1] + ".");
            assertThat(temp.substring(c[1].length() + 2)).as(temp).matches("[0-9a-z]{1,13}\\.part");
        }
    }

    private void assertLongNameWorks(Path target) throws IOException {
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write('x');
            String temp;
            try (Stream<Path> files = Files.list(dir)) {
                temp = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).findFirst()
                        .orElseThrow();
            }
            assertThat(temp).startsWith(".").endsWith(".part");
            assertThat(temp.getBytes(StandardCharsets.UTF_8).length).as("bytes in " + temp).isLessThanOrEqualTo(130);
            String prefix = temp.substring(1, temp.lastIndexOf('.', temp.length() - ".part".length() - 1));
            assertThat(target.getFileName().toString()).startsWith(prefix);
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("x");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void streamAndChannelWritesLandInOrderAndAreCounted() throws IOException {
        Path target = dir.resolve("dump.sql");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write("head-".getBytes(StandardCharsets.UTF_8));
            out.channel().write(ByteBuffer.wrap("body-".getBytes(StandardCharsets.UTF_8)));
            out.stream().write("tail".getBytes(StandardCharsets.UTF_8));
            assertThat(out.bytesWritten()).isEqualTo(14);
            out.commit();
            assertThat(out.channel().isOpen()).isFalse();
            assertThatThrownBy(() -> out.channel().write(ByteBuffer.allocate(1)))
                    .isInstanceOf(ClosedChannelException.class);
        }
        assertThat(Files.readString(target)).isEqualTo("head-body-tail");
    }

    /** A buffer that does not start at its array's first byte: counted and returned is what was taken from it. */
    @Test
    void aChannelWriteReturnsAndCountsTheBytesItTookFromAPartlyReadBuffer() throws IOException {
        Path target = dir.resolve("dump.sql");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            assertThat(out.channel().isOpen()).as("open until the commit").isTrue();
            ByteBuffer body = ByteBuffer.wrap("skip-body".getBytes(StandardCharsets.UTF_8));
            body.position(5);

            assertThat(out.channel().write(body)).isEqualTo(4);
            assertThat(out.bytesWritten()).isEqualTo(4);
            assertThat(body.hasRemaining()).isFalse();
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("body");
    }

    @Test
    void channelWritesToAStreamDestination() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(sink), "x.sql")) {
            out.channel().write(ByteBuffer.wrap(new byte[] {'a', 'b'}));
            out.commit();
            assertThat(out.bytesWritten()).isEqualTo(2);
        }
        assertThat(sink.toByteArray()).containsExactly('a', 'b');
    }

    @Test
    void closeWithoutCommitDiscardsAndKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("dump.sql");
        Files.writeString(target, "previous");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write("half a dump".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aFolderInThePathThatIsAFileIsSaidToBeNoFolderRatherThanMissing() throws IOException {
        // A user who looks finds the name there: "does not exist" would send them looking for the wrong mistake.
        Path file = Files.writeString(dir.resolve("backups"), "not a folder");
        Path target = file.resolve("dump.sql");
        String expected = "Cannot write " + target + ": " + file + " is not a folder";

        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(target), "x.sql"))
                .isInstanceOf(DestinationException.class).hasMessage(expected);
        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(target)))
                .isInstanceOf(DestinationException.class).hasMessage(expected);
        assertThat(Files.readString(file)).isEqualTo("not a folder");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aMissingFolderIsATypedErrorAndWritesNothing() {
        Path target = dir.resolve("missing/dump.sql");
        assertThatThrownBy(() -> StagedOutput.open(ExportDestination.file(target), "x.sql"))
                .isInstanceOf(DestinationException.class).hasMessageContaining("missing").hasMessageContaining("does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aMissingFolderBeforeADotDotIsTheFolderNamedNotThePathAsWritten() throws IOException {
        // "./sub/../x.sql" with sub missing: "<dir>/./sub/.. does not exist" names no folder one could create, and
        // "sub/.." read as text is <dir>, which exists. The path as written stays at the start of the message.
        Path target = dir.resolve("./sub/../x.sql");
        String expected = "Cannot write " + target + ": folder " + dir.resolve("sub") + " does not exist";

        assertRefusedAtCheckAndOpen(target, expected);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aMissingFolderIsNamedWithoutDotNamesAndWhole() {
        // Without "..", the whole folder is named (mkdir -p makes it), only its "." names left out.
        Path target = dir.resolve("./a/./b/x.sql");

        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(target)))
                .isInstanceOf(DestinationException.class)
                .hasMessage("Cannot write " + target + ": folder " + dir.resolve("a/b") + " does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileDeeperUpThePathIsSaidToBeNoFolderRatherThanItsMissingSubfolder() throws IOException {
        // "<file>/sub does not exist" would send the user to create a folder inside a file.
        Path file = Files.writeString(dir.resolve("backups"), "not a folder");
        Path target = file.resolve("2026/dump.sql");
        String expected = "Cannot write " + target + ": " + file + " is not a folder";

        assertRefusedAtCheckAndOpen(target, expected);
        assertThat(Files.readString(file)).isEqualTo("not a folder");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aMissingFolderAfterADotDotThatLeavesTheStartIsNamedWhereItReallyIs() throws IOException {
        // "<dir>/real/../gone" is <dir>/gone: the ".." of a folder that is there is resolved, as the system does.
        Files.createDirectory(dir.resolve("real"));
        Path target = dir.resolve("real/../gone/x.sql");

        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(target)))
                .isInstanceOf(DestinationException.class)
                .hasMessage("Cannot write " + target + ": folder " + dir.toRealPath().resolve("gone")
                        + " does not exist");
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links need a privilege on Windows")
    void aFolderThatIsALinkToNothingIsSaidToBeOne() throws IOException {
        // The user who looks finds "backups" there: "does not exist" alone would puzzle them (an unmounted disk).
        Path link = Files.createSymbolicLink(dir.resolve("backups"), dir.resolve("unmounted/disk"));
        Path target = link.resolve("x.sql");

        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(target)))
                .isInstanceOf(DestinationException.class)
                .hasMessage("Cannot write " + target + ": " + link + " is a symbolic link to "
                        + dir.resolve("unmounted/disk") + ", which does not exist");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aTargetWithDotNamesIsCommittedToItsPathWithoutThem() throws IOException {
        // "." names are dropped; a ".." is the file system's to resolve (after a link it leads elsewhere than the
        // text says), so its folder is named by its real path, as a link's file is.
        Files.createDirectory(dir.resolve("sub"));

        assertThat(commit(dir.resolve("./x.sql"))).isEqualTo(dir.toAbsolutePath().resolve("x.sql"));
        assertThat(commit(dir.resolve("sub/./../y.sql"))).isEqualTo(dir.toRealPath().resolve("y.sql"));
        assertThat(StagedOutput.replacedFile(ExportDestination.file(dir.resolve("sub/../y.sql")), "z.sql"))
                .contains(dir.toRealPath().resolve("y.sql"));
        assertThat(Files.readString(dir.resolve("y.sql"))).isEqualTo("dump");
    }

    private static Path commit(Path target) throws IOException {
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write("dump".getBytes(StandardCharsets.UTF_8));
            return out.commit().orElseThrow();
        }
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links need a privilege on Windows")
    void aFolderThatIsALinkInALoopIsSaidToBeOneNotMissing() throws IOException {
        // "a link to loop, which does not exist" would be untrue: loop is there, it only leads back to itself.
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        Path target = loop.resolve("x.sql");

        assertThatThrownBy(() -> StagedOutput.checkWritable(ExportDestination.file(target)))
                .isInstanceOf(DestinationException.class)
                .hasMessageStartingWith("Cannot write " + target + ": " + loop + " is a symbolic link that cannot be"
                        + " followed: ")
                .hasMessageNotContaining("does not exist");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aFailingMoveLeavesNoTempFileAndKeepsThePreviousFile() throws IOException {
        // The destination becomes a non-empty directory while the dump is written: the move must fail.
        Path target = dir.resolve("dump.sql");
        StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql");
        out.stream().write("dump".getBytes(StandardCharsets.UTF_8));
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "previous");
        assertThatThrownBy(out::commit).isInstanceOf(DestinationException.class).hasMessageContaining("dump.sql");
        out.close();
        assertThat(filesIn(dir)).isEqualTo(1);
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("previous");
    }

    @Test
    void anInterruptBeforeCommitCancelsAndKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("dump.sql");
        Files.writeString(target, "previous");
        StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql");
        out.stream().write("dump".getBytes(StandardCharsets.UTF_8));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(out::commit).isInstanceOf(ExportCancelledException.class)
                    .hasMessage("Writing " + target + " was interrupted; nothing was written");
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aLargeFileIsSyncedInTheBackgroundWhileItIsWrittenAndCommittedWhole() throws IOException {
        Path target = dir.resolve("big.sql");
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql", 256 * 1024)) {
            for (int i = 0; i < 32; i++) {
                if (i % 2 == 0) {
                    out.stream().write(block);
                } else {
                    out.channel().write(ByteBuffer.wrap(block));
                }
            }
            assertThat(out.backgroundSyncs()).as("2 MiB in 256 KiB steps, one sync at a time").isBetween(1, 8);
            out.commit();
        }
        assertThat(Files.size(target)).isEqualTo(32L * block.length);
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aFailedBackgroundSyncFailsTheCommitRemovesTheTempFileAndKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("dump.sql");
        Files.writeString(target, "previous");
        IOException diskError = new IOException("Input/output error");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql", 1024, file -> () -> {
            throw diskError;
        })) {
            out.stream().write(new byte[4096]);
            assertThat(out.backgroundSyncs()).isPositive();
            assertThatThrownBy(out::commit).isInstanceOf(DestinationException.class)
                    .hasMessageContaining("Input/output error").hasCause(diskError);
        }
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void channelWritesToAStreamDestinationDoNotFlushTheCallersStreamEachTime() throws IOException {
        int[] flushes = new int[1];
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(sink), "x.sql")) {
            for (int i = 0; i < 10; i++) {
                out.channel().write(ByteBuffer.wrap(new byte[] {'a'}));
            }
            assertThat(flushes[0]).isZero();
            out.stream().write('b');
            out.channel().write(ByteBuffer.wrap(new byte[] {'c'}));
            assertThat(flushes[0]).as("stream bytes go out before channel bytes").isEqualTo(1);
            out.commit();
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("aaaaaaaaaabc");
    }

    @Test
    void restartEmptiesAFileOutputToWriteItAgain() throws IOException {
        Path target = dir.resolve("dump.sql");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql", 1024)) {
            out.stream().write("half of the first".getBytes(StandardCharsets.UTF_8));
            out.channel().write(ByteBuffer.wrap(new byte[4096]));

            assertThat(out.restart()).isTrue();
            assertThat(out.bytesWritten()).isZero();
            out.channel().write(ByteBuffer.wrap("all of ".getBytes(StandardCharsets.UTF_8)));
            out.stream().write("the second".getBytes(StandardCharsets.UTF_8));
            out.commit();
            assertThat(out.bytesWritten()).isEqualTo(17);
        }
        assertThat(Files.readString(target)).isEqualTo("all of the second");
    }

    /** Bytes written through the stream may still sit in its buffer: a restart discards them too. */
    @Test
    void restartAlsoDiscardsWhatTheStreamStillHolds() throws IOException {
        Path target = dir.resolve("dump.sql");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target), "x.sql")) {
            out.stream().write("a first try".getBytes(StandardCharsets.UTF_8));

            assertThat(out.restart()).isTrue();
            out.stream().write("the second".getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("the second");
    }

    @Test
    void restartAndCommitAfterCloseSayTheOutputIsClosed() throws IOException {
        StagedOutput out = StagedOutput.open(ExportDestination.file(dir.resolve("dump.sql")), "x.sql");
        out.close();
        assertThatThrownBy(out::restart).isInstanceOf(IllegalStateException.class)
                .hasMessage("StagedOutput is already closed");
        assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class)
                .hasMessage("StagedOutput is already closed");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void afterARestartTheBackgroundSyncCountsFromTheNewStart() throws Exception {
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(dir.resolve("d.sql")), "x.sql", 1024,
                file -> () -> { })) {
            for (int i = 0; i < 10; i++) {
                out.stream().write(new byte[1024]);
                // Until the sync's task has ended, not just its syncer: a step reached while one runs is skipped.
                while (!out.backgroundSyncIdle()) {
                    Thread.onSpinWait();
                }
            }
            int before = out.backgroundSyncs();
            out.restart();
            out.stream().write(new byte[2048]);
            assertThat(out.backgroundSyncs()).as("the next sync is due 1 KiB after the new start, not after 10 KiB")
                    .isEqualTo(before + 1);
            out.commit();
        }
    }

    @Test
    void aStreamDestinationCanRestartOnlyBeforeItsFirstByte() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(sink), "x.sql")) {
            assertThat(out.restart()).isTrue();
            out.stream().write('a');
            assertThat(out.restart()).as("bytes given to a caller's stream cannot be taken back").isFalse();
            out.commit();
            assertThatThrownBy(out::restart).isInstanceOf(IllegalStateException.class)
                    .hasMessage("StagedOutput is already committed");
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("a");
    }

    @Test
    void aSmallFileStartsNoBackgroundSync() throws IOException {
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(dir.resolve("small.sql")), "x.sql")) {
            out.stream().write(new byte[1 << 20]);
            assertThat(out.backgroundSyncs()).isZero();
            out.commit();
        }
    }

    @Test
    void aDirectoryDestinationUsesTheSanitisedSuggestedName() throws IOException {
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(dir), "../../etc/passwd")) {
            out.stream().write('x');
            assertThat(out.target()).contains(dir.resolve("passwd.sql").toAbsolutePath());
            assertThat(out.commit()).contains(dir.resolve("passwd.sql").toAbsolutePath());
        }
        assertThat(Files.readString(dir.resolve("passwd.sql"))).isEqualTo("x");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "lab-00000001.sql, lab-00000001.sql",
        "../../etc/passwd, passwd.sql",
        "authorized_keys, authorized_keys.sql",
        "notes.txt, notes.txt.sql",
        "EXPORT.SQL, EXPORT.SQL",
        "..bashrc, bashrc.sql",
        "dump., dump.sql",
        "'a b.sql ', a_b.sql",
        "users.txt, users.txt.sql",
        "..\\..\\win.sql, win.sql",
        "..,  d1-export.sql",
        "'', d1-export.sql",
        "NULL, d1-export.sql",
        ".hidden.sql, hidden.sql",
        "a b;rm -rf.sql, a_b_rm_-rf.sql",
        "ñame🚀.sql, _ame__.sql",
        "/dump.sql, dump.sql",
        "azAZ09.sql, azAZ09.sql",
    })
    void sanitisesServerFileNames(String name, String expected) {
        assertThat(StagedOutput.sanitizeFilename(name)).isEqualTo(expected);
    }

    /** A server's name is cut to its first 200 characters before the suffix, so that the name stays writable. */
    @Test
    void aServerFileNameIsCutToTwoHundredCharactersBeforeItsSuffix() {
        assertThat(StagedOutput.sanitizeFilename("a".repeat(300))).isEqualTo("a".repeat(200) + ".sql");
        assertThat(StagedOutput.sanitizeFilename("a".repeat(196) + ".sql")).as("200 characters are kept whole")
                .isEqualTo("a".repeat(196) + ".sql");
        assertThat(StagedOutput.sanitizeFilename("a".repeat(197) + ".sql")).as("201: the cut leaves 'a...a.sq'")
                .isEqualTo("a".repeat(197) + ".sq.sql");
    }

    @Test
    void streamDestinationsAreWrittenDirectlyAndNotClosed() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the caller's stream must not be closed");
            }
        };
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(sink), "x.sql")) {
            out.stream().write("abc".getBytes(StandardCharsets.UTF_8));
            assertThat(out.commit()).isEmpty();
            assertThat(out.target()).isEmpty();
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    /** Commit flushes a stream destination: a caller's buffered stream hands the dump on. */
    @Test
    void commitFlushesTheCallersBufferedStream() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BufferedOutputStream buffered = new BufferedOutputStream(sink, 1024);
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(buffered), "x.sql")) {
            out.stream().write("abc".getBytes(StandardCharsets.UTF_8));
            assertThat(sink.size()).as("still in the caller's buffer").isZero();
            out.commit();
            assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        }
    }

    /**
     * A caller's stream interrupted in the commit's flush holds some of the dump: the cancellation says how many bytes
     * it was given rather than "nothing was written", and the thread stays interrupted.
     */
    @Test
    void anInterruptedFlushOfTheCallersStreamSaysHowManyBytesItWasGiven() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void flush() throws IOException {
                throw new InterruptedIOException("flush interrupted");
            }
        };
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(sink), "x.sql")) {
            out.stream().write("12345".getBytes(StandardCharsets.UTF_8));
            try {
                assertThatThrownBy(out::commit).isInstanceOf(ExportCancelledException.class)
                        .hasMessage("Writing the output stream was interrupted while it was flushed; 5 bytes of the"
                                + " dump were written to it, some of which it may not have passed on")
                        .hasCauseInstanceOf(InterruptedIOException.class);
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(out.isCommitted()).isFalse();
        }
    }

    /** Before its first byte, nothing reached the caller's stream: "nothing was written" is then true. */
    @Test
    void anInterruptedFlushBeforeAnyByteSaysNothingWasWritten() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void flush() throws IOException {
                throw new InterruptedIOException("flush interrupted");
            }
        };
        try (StagedOutput out = StagedOutput.open(ExportDestination.stream(sink), "x.sql")) {
            try {
                assertThatThrownBy(out::commit).isInstanceOf(ExportCancelledException.class)
                        .hasMessage("Writing the output stream was interrupted; nothing was written");
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void commitTwiceIsAProgrammingError() throws IOException {
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(dir.resolve("a.sql")), "x")) {
            out.commit();
            assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class)
                    .hasMessage("StagedOutput is already committed");
        }
    }

    @Test
    void aDestinationWithoutSyncIsMovedIntoPlaceWithoutAnySync() throws Exception {
        Path target = dir.resolve("nosync.sql");
        AtomicInteger syncs = new AtomicInteger();
        byte[] chunk = new byte[64 * 1024];
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(target).withoutSync(), "x.sql", 128 * 1024,
                file -> syncs::incrementAndGet)) {
            for (int i = 0; i < 8; i++) {
                out.stream().write(chunk);
            }
            assertThat(out.restart()).isTrue();
            out.stream().write(chunk);
            assertThat(out.commit()).contains(target.toAbsolutePath());
            assertThat(out.backgroundSyncs()).isZero();
            assertThat(out.syncedOnCommit()).isFalse();
        }
        assertThat(syncs.get()).isZero();
        assertThat(Files.size(target)).isEqualTo(chunk.length);

        // The same with the default destination does sync (the counter sees it), so the check above can fail.
        Path synced = dir.resolve("synced.sql");
        try (StagedOutput out = StagedOutput.open(ExportDestination.file(synced), "x.sql", 128 * 1024,
                file -> syncs::incrementAndGet)) {
            for (int i = 0; i < 8; i++) {
                out.stream().write(chunk);
            }
            out.commit();
            assertThat(out.syncedOnCommit()).isTrue();
        }
        assertThat(syncs.get()).isPositive();
    }

    @Test
    void withoutSyncIsForFilesAndShows() {
        ExportDestination file = ExportDestination.file(dir.resolve("a.sql"));
        assertThat(file.synced()).isTrue();
        assertThat(file.withoutSync().synced()).isFalse();
        assertThat(file.withoutSync().path()).isEqualTo(file.path());
        assertThat(file.withoutSync().toString()).endsWith("(not synced)");
        ExportDestination stream = ExportDestination.stream(new ByteArrayOutputStream());
        assertThat(stream.synced()).isFalse();
        assertThatThrownBy(stream::withoutSync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream");
    }
}
