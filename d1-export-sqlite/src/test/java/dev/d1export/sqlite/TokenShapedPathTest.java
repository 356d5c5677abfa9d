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
 * must not print it whole beside it: not in its errors, its {@code toString} nor its events.
 */
class TokenShapedPathTest {

    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";

    @TempDir
    Path dir;

    @Test
    void aMissingDatabaseNamedLikeATokenIsNotShown() throws Exception {
        Path missing = dir.resolve(TOKEN);
        try (Exporter exporter = D1Export.open("d1:sqlite:" + missing)) {
            assertThat(exporter.toString()).doesNotContain(TOKEN).contains("****");
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("x.sql"))
                    .build())).isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessageStartingWith("No SQLite database at " + dir + "/****")
                    .hasMessageNotContaining(TOKEN);
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
    void theStartedEventShowsTheDatabaseMasked() throws Exception {
        Path folder = Files.createDirectories(dir.resolve(TOKEN));
        Path db = Golden.copy("lab.sqlite", folder);
        List<ExportEvent> events = new ArrayList<>();

        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("x.sql")).listener(events::add).build());
        }

        ExportEvent.Started started = events.stream().filter(ExportEvent.Started.class::isInstance)
                .map(ExportEvent.Started.class::cast).findFirst().orElseThrow();
        assertThat(started.source()).isEqualTo(dir + "/****/lab.sqlite");
        assertThat(Files.size(dir.resolve("x.sql"))).isPositive();
    }
}
