package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A dump is never written over the database it comes from, nor over that database's WAL, SHM or journal file. */
class SelfExportTest {

    @TempDir
    Path dir;

    private static void create(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO t VALUES (1, 'kept')");
        }
    }

    private static String row(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM t WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Exports {@code db} to {@code destination}, expecting the refusal; checks the database is as it was. */
    private void assertRefused(Path db, Path destination, String named) throws Exception {
        byte[] before = Files.readAllBytes(db);
        List<String> filesBefore = files();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(destination).build()))
                    .isInstanceOfSatisfying(DestinationException.class, e -> assertThat(e.details().hint())
                            .hasValueSatisfying(hint -> assertThat(hint).contains("another file")
                                    .doesNotContain("-o").endsWith("journal files")))
                    .hasMessageContaining(named)
                    .hasMessageContaining("database being exported");
        }
        assertThat(Files.readAllBytes(db)).as("database bytes").isEqualTo(before);
        assertThat(row(db)).isEqualTo("kept");
        assertThat(files()).as("no file added or removed").isEqualTo(filesBefore);
    }

    @Test
    void refusesTheDatabaseItself() throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        assertRefused(db, db, db.toString());
    }

    @Test
    void refusesTheDatabaseSpelledAnotherWay() throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path roundabout = sub.resolve("..").resolve("self.sqlite");
        assertRefused(db, roundabout, roundabout.toString());
    }

    @Test
    void refusesALinkToTheDatabase() throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("link.sqlite"), db);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not supported here: " + e);
            return;
        }
        assertRefused(db, link, link.toString());
        Path hard = Files.createLink(dir.resolve("hard.sqlite"), db);
        assertRefused(db, hard, hard.toString());
    }

    @Test
    void refusesAFolderDestinationWhoseDumpNameIsTheDatabase() throws Exception {
        // The dump of x.sql is named x.sql; written into the database's own folder it would replace it.
        Path db = dir.resolve("x.sql");
        create(db);
        assertRefused(db, dir, db.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-wal", "-shm", "-journal"})
    void refusesTheDatabasesSideFiles(String suffix) throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path side = dir.resolve("self.sqlite" + suffix);
        assertRefused(db, side, side.toString());
        assertThat(side).as("no side file was created").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-wal", "-journal"})
    void refusesALinkToASideFileThatDoesNotExistYet(String suffix) throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path side = dir.resolve("self.sqlite" + suffix);
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("out.sql"), side.getFileName());
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not supported here: " + e);
            return;
        }
        // Following the link would create the side file, which SQLite could take for a journal to replay.
        assertRefused(db, link, side.getFileName().toString());
        assertThat(side).as("no side file was created").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-wal", "-shm", "-journal"})
    void refusesADestinationThatADanglingSideFileLinkLeadsTo(String suffix) throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path out = dir.resolve("out.sql");
        Path side;
        try {
            side = Files.createSymbolicLink(dir.resolve("self.sqlite" + suffix), out.getFileName());
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not supported here: " + e);
            return;
        }
        // The dump would become the side file: SQLite then takes it for a journal (or a WAL) and cannot open the
        // database at all (SQLITE_CANTOPEN) until the dump is moved away.
        assertRefused(db, out, out.toString());
        assertThat(out).as("the dump was not written through the link").doesNotExist();
        assertThat(side).isSymbolicLink();
    }

    @Test
    void aSideFileNameThatIsALinkLoopIsFollowedNoFurtherThanTheSystemWould() throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path journal;
        try {
            journal = Files.createSymbolicLink(dir.resolve("self.sqlite-journal"), Path.of("self.sqlite-journal"));
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not supported here: " + e);
            return;
        }
        // Leads nowhere, so it is no reason to refuse out.sql; the guard must give up on it as the system does.
        Path out = dir.resolve("out.sql");
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
                exporter.export(ExportRequest.builder().destination(out).build());
            }
        });
        assertThat(out).exists();
        assertThat(journal).isSymbolicLink();
    }

    @Test
    void refusesAnExistingWalFile() throws Exception {
        Path db = dir.resolve("wal.sqlite");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
                st.execute("INSERT INTO t VALUES (1, 'kept')");
            }
            Path wal = dir.resolve("wal.sqlite-wal");
            assertThat(wal).exists();
            byte[] walBefore = Files.readAllBytes(wal);
            assertRefused(db, wal, wal.toString());
            assertThat(Files.readAllBytes(wal)).as("WAL bytes").isEqualTo(walBefore);
        }
    }

    @Test
    void anotherFileBesideTheDatabaseIsFine() throws Exception {
        Path db = dir.resolve("self.sqlite");
        create(db);
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("self.sqlite.sql")).build());
            exporter.export(ExportRequest.builder().destination(dir).build());
        }
        assertThat(Files.readString(dir.resolve("self.sqlite.sql"))).contains("VALUES(1,'kept');");
        assertThat(Files.readString(dir.resolve("self.sql"))).contains("VALUES(1,'kept');");
        assertThat(row(db)).isEqualTo("kept");
    }

    @Test
    void anEarlierDumpBesideTheDatabaseIsOverwritten() throws Exception {
        // An existing target is compared with the database by file identity; a different file must not match.
        Path db = dir.resolve("self.sqlite");
        create(db);
        Path dump = dir.resolve("self.sqlite.sql");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            exporter.export(ExportRequest.builder().destination(dump).build());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("UPDATE t SET v = 'changed' WHERE id = 1");
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            exporter.export(ExportRequest.builder().destination(dump).build());
        }
        assertThat(Files.readString(dump)).contains("VALUES(1,'changed');").doesNotContain("'kept'");
    }
}
