package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidOptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token pasted where the database path belongs ({@code d1:sqlite:<token>}) is masked in the URL, so the provider
 * must not print it whole beside it: not in its errors, its {@code toString} nor its events. What the URL shows (a
 * long folder name inside a path) the provider shows too.
 */
class TokenShapedPathTest {

    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";

    @TempDir
    Path dir;

    @Test
    void aTokenAsTheWholePathIsNotShownNorItsResolvedForm() throws Exception {
        try (Exporter exporter = D1Export.open("d1:sqlite:" + TOKEN)) {
            assertThat(exporter.toString()).doesNotContain(TOKEN).contains("****");
        }
    }

    @Test
    void aLongFolderNameInsideAPathIsShownAsTheUrlShowsIt() throws Exception {
        Path missing = dir.resolve("cloudflare-d1-database-backup-automation").resolve("app.sqlite");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + missing)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("x.sql"))
                    .build())).isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessageStartingWith("No SQLite database at " + missing + ": no such file or folder");
        }
    }

    @Test
    void aRelativePathIsNotShownResolvedEither() {
        try (Exporter exporter = D1Export.open("d1:sqlite:" + TOKEN)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("x.sql"))
                    .build())).isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessageStartingWith("No SQLite database at **** (")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void anInvalidPathIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> D1Export.open("d1:sqlite:" + TOKEN + "\u0000"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("is not a valid file path")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void theStartedEventShowsTheDatabaseAsTheUrlShowsItsPath() throws Exception {
        // A token-shaped folder inside a longer path: the URL shows it (a long folder name is no secret), and so
        // does the event; the path as a whole is what gets masked (see above).
        Path folder = Files.createDirectories(dir.resolve(TOKEN));
        Golden.copy("lab.sqlite", folder);
        List<ExportEvent> events = new ArrayList<>();

        try (Exporter exporter = D1Export.open("d1:sqlite:" + folder)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("x.sql")).listener(events::add).build());
        }

        ExportEvent.Started started = events.stream().filter(ExportEvent.Started.class::isInstance)
                .map(ExportEvent.Started.class::cast).findFirst().orElseThrow();
        assertThat(started.source()).isEqualTo(folder.resolve("lab.sqlite").toString());
        assertThat(Files.size(dir.resolve("x.sql"))).isPositive();
    }
}
