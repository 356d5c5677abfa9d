package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter never changes the database and reads it while another connection is writing. */
class ReadOnlyExportTest {

    @TempDir
    Path dir;

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> folder(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void databaseBytesAreUnchangedAndNoSideFilesAppear() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        String before = sha256(lab);
        long modified = Files.getLastModifiedTime(lab).toMillis();
        D1DumpWriter.builder().build().write(lab, new ByteArrayOutputStream());
        D1DumpWriter.builder().lossless(true).build().write(lab, new ByteArrayOutputStream());
        assertThat(sha256(lab)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(lab).toMillis()).isEqualTo(modified);
        assertThat(folder(dir)).containsExactly("lab.sqlite");
    }

    @Test
    void exportsCommittedStateWhileAnotherConnectionHoldsAnUncommittedWalWrite() throws Exception {
        Path db = dir.resolve("wal.sqlite");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = writer.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
                st.execute("INSERT INTO t VALUES (1, 'committed')");
            }
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                st.execute("INSERT INTO t VALUES (2, 'uncommitted')");
            }
            String mainBefore = sha256(db);
            String walBefore = sha256(dir.resolve("wal.sqlite-wal"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            D1DumpWriter.builder().columnList(false).build().write(db, out);

            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;\n"
                    + "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n"
                    + "INSERT INTO \"t\" VALUES(1,'committed');");
            assertThat(sha256(db)).as("no checkpoint into the main file").isEqualTo(mainBefore);
            assertThat(sha256(dir.resolve("wal.sqlite-wal"))).as("nothing written to the WAL").isEqualTo(walBefore);
            writer.commit();
        }
    }

    @Test
    void readsAWalDatabaseNobodyHasOpen() throws Exception {
        Path db = dir.resolve("closed-wal.sqlite");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = writer.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE t (v)");
            st.execute("INSERT INTO t VALUES ('x')");
        }
        String before = sha256(db);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().noSchema(true).build().write(db, out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("PRAGMA defer_foreign_keys=TRUE;\nINSERT INTO \"t\" (\"v\") VALUES('x');");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void pathsWithUriSpecialCharactersAreOpenedLiterally() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("we?ird #dir %41 ü"));
        Path lab = Golden.copy("lab.sqlite", odd);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().tables("users").columnList(false).build().write(lab, out);
        assertThat(out.toByteArray()).isEqualTo(Golden.bytes("export_by_binding_name_DB.sql"));
        assertThat(folder(odd)).containsExactly("lab.sqlite");
    }
}
