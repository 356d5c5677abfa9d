package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.PermissionDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file this user may not read is a permission failure, not a damaged file (SQLite says only "unable to
 * open database file"). Needs a user other than root, who reads every file; checked by hand as {@code nobody}
 * ({@code runuser -u nobody -- d1-export export ...}: exit code 4).
 */
class UnreadableDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aDatabaseThisUserMayNotReadIsAPermissionFailure() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path db = Golden.copy("lab.sqlite", dir);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("---------"));

        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("x.sql"))
                    .build())).isInstanceOf(PermissionDeniedException.class)
                    // The message ends with the hint (D1ExportException adds it).
                    .hasMessageEndingWith(": permission denied. Hint: let the user running the export read the file");
        }
    }
}
