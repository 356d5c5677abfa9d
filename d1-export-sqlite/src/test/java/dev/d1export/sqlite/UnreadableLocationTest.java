package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.PermissionDeniedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A location that exists but cannot be read gives the SPI's {@link DatabaseNotFoundException} naming the path and the
 * system's reason, never an untyped {@link java.io.UncheckedIOException}. Each case makes the file system fail for
 * real; only the permission case depends on not running as root.
 */
class UnreadableLocationTest {

    @TempDir
    Path dir;

    private AbstractThrowableAssert<?, ? extends Throwable> assertExportOf(Path location) {
        try (Exporter exporter = D1Export.open("d1:sqlite:" + location)) {
            return assertThatThrownBy(() -> exporter.export(ExportRequest.builder()
                    .destination(dir.resolve("out.sql")).build()))
                    .isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessageContaining(location.toString());
        }
    }

    @Test
    void aFolderWithoutReadPermissionIsATypedErrorNamingIt() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        Golden.copy("lab.sqlite", folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        try {
            boolean denied;
            try (var list = Files.newDirectoryStream(folder)) {
                denied = false;
            } catch (AccessDeniedException e) {
                denied = true;
            }
            assumeTrue(denied, "permissions do not stop this user (root): see the other cases of this class");
            try (Exporter exporter = D1Export.open("d1:sqlite:" + folder)) {
                // The same failure as a database file this user may not read, and the same exit code (4).
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                        .build())).isInstanceOf(PermissionDeniedException.class)
                        .hasMessageStartingWith("Cannot search " + folder + " for SQLite databases: permission denied. Hint: ")
                        .hasCauseInstanceOf(AccessDeniedException.class);
            }
            // A file in that folder cannot even be looked at: not "searched", and no Java class name.
            Path file = folder.resolve("lab.sqlite");
            try (Exporter exporter = D1Export.open("d1:sqlite:" + file)) {
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                        .build())).isInstanceOf(PermissionDeniedException.class)
                        .hasMessageStartingWith("Cannot read " + file + ": permission denied. Hint: let the user running"
                                + " the export read the database file and search (x) every folder on its path");
            }
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aSymbolicLinkLoopIsATypedErrorWithTheSystemsReason() throws IOException {
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        assertExportOf(loop).hasCauseInstanceOf(FileSystemException.class)
                .hasMessageContaining("symbolic links");
        assertExportOf(loop.resolve("d1")).hasCauseInstanceOf(FileSystemException.class);
    }

    @Test
    void aPathThroughARegularFileIsATypedErrorWithTheSystemsReason() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        // The system's reason alone, and no "(at ...)": the file it names is the path itself.
        assertExportOf(file.resolve("d1")).hasCauseInstanceOf(FileSystemException.class)
                .hasMessage("Cannot read " + file.resolve("d1") + ": Not a directory");
    }

    /**
     * A folder deeper than the system's path limit (PATH_MAX, 4096 bytes on Linux) cannot be opened by its full
     * path, whoever the user is. It is built with short names and renamed from the bottom up, so that no single
     * operation needs a long path, and renamed back before {@link TempDir} cleans up.
     */
    @Test
    void aFolderTooDeepToOpenIsATypedErrorNamingTheSearchedFolder() throws IOException {
        Path root = Files.createDirectory(dir.resolve("d1"));
        Golden.copy("lab.sqlite", root);
        List<Path> shortChain = new ArrayList<>();
        Path p = root;
        for (int i = 0; i < 20; i++) {
            p = Files.createDirectory(p.resolve("a"));
            shortChain.add(p);
        }
        String longName = "x".repeat(250);
        for (int i = shortChain.size() - 1; i >= 0; i--) {
            Files.move(shortChain.get(i), shortChain.get(i).resolveSibling(longName));
        }
        try {
            // Said as a search of the folder given, with the system's reason and the folder below it that failed.
            assertExportOf(root).hasMessageStartingWith("Cannot search " + root + " for SQLite databases: File name"
                    + " too long (at " + root.resolve(longName).resolve(longName))
                    .hasMessageEndingWith(longName + ")");
        } finally {
            Path parent = root;
            for (int i = 0; i < shortChain.size(); i++) {
                parent = Files.move(parent.resolve(longName), parent.resolve("a"));
            }
        }
    }
}
