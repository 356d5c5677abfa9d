package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose writer stopped in the middle of a transaction, leaving a hot {@code -journal}: SQLite must roll it
 * back before reading, which writes to the file. The export reads only, so it refuses, says why and how to roll it
 * back, and leaves both files as they were. (Wrangler's local export rolls it back itself; found by a helper's
 * differential run against wrangler 4.86.)
 */
class HotJournalTest {

    @TempDir
    Path dir;

    /** The two files a crash in the middle of a large transaction leaves, copied while it was open. */
    private Path crashedWriter() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live")).resolve("app.sqlite");
        Path crashed = Files.createDirectories(dir.resolve("crashed")).resolve("app.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size=2");
            s.execute("CREATE TABLE j(id INTEGER PRIMARY KEY, v)");
            s.execute("INSERT INTO j VALUES (1, 'committed')");
            c.setAutoCommit(false);
            // More changed pages than the cache holds: SQLite writes them to the file, the originals to the journal.
            for (int i = 0; i < 300; i++) {
                s.execute("INSERT INTO j VALUES (" + (i + 10) + ", randomblob(1000))");
            }
            Files.copy(live, crashed);
            Files.copy(live.resolveSibling("app.sqlite-journal"), crashed.resolveSibling("app.sqlite-journal"));
            c.rollback();
        }
        return crashed;
    }

    @Test
    void aHotJournalIsRefusedWithHowToRollItBackAndBothFilesStayAsTheyWere() throws Exception {
        Path db = crashedWriter();
        Path journal = db.resolveSibling("app.sqlite-journal");
        byte[] dbBefore = Files.readAllBytes(db);
        byte[] journalBefore = Files.readAllBytes(journal);

        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .build()))
                    .isExactlyInstanceOf(ExportFailedException.class)
                    .hasMessageContaining("its rollback journal (the -journal file beside it) holds a transaction a"
                            + " writer left unfinished")
                    .satisfies(e -> assertThat(((ExportFailedException) e).details().hint()).hasValueSatisfying(
                            hint -> assertThat(hint).contains("PRAGMA quick_check").doesNotContain("integrity")));
        }

        assertThat(Arrays.equals(Files.readAllBytes(db), dbBefore)).as("the database is unchanged").isTrue();
        assertThat(Arrays.equals(Files.readAllBytes(journal), journalBefore)).as("the journal is unchanged").isTrue();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void onceRolledBackTheCommittedDataIsExported() throws Exception {
        Path db = crashedWriter();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA quick_check");
        }

        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).build());
        }

        assertThat(Files.readString(dir.resolve("out.sql"))).contains("INSERT INTO \"j\" (\"id\",\"v\") VALUES(1,'committed');")
                .doesNotContain("VALUES(10,");
    }
}
