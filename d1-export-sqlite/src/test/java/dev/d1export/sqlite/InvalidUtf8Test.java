package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text whose bytes are not UTF-8, against wrangler 4.86's exports of the same files (see the README beside them):
 * D1 reads such text as JavaScript does, one U+FFFD per ill-formed part, and the dump must be the same bytes. A
 * differential test found Java's decoding one U+FFFD short for every encoded surrogate, and a table whose name is not
 * UTF-8 exported without its rows and without a word.
 */
class InvalidUtf8Test {

    private static final String FOLDER = "/golden/wrangler-4.86-invalid-utf8/";

    @TempDir
    Path dir;

    private static byte[] resource(String name) {
        return Golden.bytes(FOLDER, name);
    }

    private Path copy(String name) throws IOException {
        return Files.write(dir.resolve(name), resource(name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"surrogates", "fuzz", "schema-text", "bom"})
    void textThatIsNotUtf8IsWrittenAsD1WritesIt(String name) throws Exception {
        Path db = copy(name + ".sqlite");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        D1DumpWriter.builder().columnList(false).build().write(db, out);

        assertThat(out.toByteArray()).isEqualTo(resource(name + ".sql"));
    }

    @Test
    void everyValueThatIsNotUtf8IsCountedAsOneD1sFormatCannotCarry() throws Exception {
        Path db = copy("surrogates.sqlite");

        DumpSummary summary = D1DumpWriter.builder().build().write(db, new ByteArrayOutputStream());

        assertThat(countNotUtf8(db)).isEqualTo(6);
        assertThat(summary.inexactValues()).isEqualTo(6);
    }

    @Test
    void theLosslessFormKeepsTheVeryBytes() throws Exception {
        Path db = copy("surrogates.sqlite");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().lossless(true).build().write(db, out);
        String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(dump).contains("CAST(X'eda080' AS TEXT)");

        Path reloaded = dir.resolve("reloaded.sqlite");
        DumpLoader.load(dump, reloaded);

        assertThat(hexRows(reloaded)).isEqualTo(hexRows(db)).hasSize(7);
    }

    @Test
    void aTableWhoseNameIsNotUtf8FailsTheExportInsteadOfLosingItsRows() throws Exception {
        Path db = copy("invalid-table-name.sqlite");
        Path target = dir.resolve("out.sql");

        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).build()))
                    .isInstanceOf(ExportFailedException.class)
                    .hasMessageStartingWith("Cannot export the rows of table \"t\uFFFDx\": its name is not valid UTF-8");
            assertThat(target).doesNotExist();

            // Without rows to select, D1 exports it too; and so does a filter that leaves it out.
            assertThat(exporter.export(ExportRequest.builder().destination(target).noData(true).build()).bytes())
                    .isPositive();
            assertThat(Files.readString(target)).contains("CREATE TABLE IF NOT EXISTS \"t\uFFFDx\" (a INT);");
            exporter.export(ExportRequest.builder().destination(target).tables(List.of("ok")).build());
            assertThat(Files.readString(target)).contains("INSERT INTO \"ok\"");
        }
    }

    @Test
    void aVirtualTableNamedLikeD1sOwnIsRefusedAsD1RefusesIt() throws Exception {
        Path db = dir.resolve("cf.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY)");
            st.execute("CREATE VIRTUAL TABLE _cf_vt USING fts5(x)");
        }
        assertThatThrownBy(() -> D1DumpWriter.builder().build().write(db, new ByteArrayOutputStream()))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("cannot export databases with Virtual Tables");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary skipped = D1DumpWriter.builder().virtualTables(VirtualTables.SKIP).build().write(db, out);
        assertThat(skipped.skippedTables()).contains("_cf_vt");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CREATE TABLE users").doesNotContain("_cf_");
    }

    private static long countNotUtf8(Path db) throws Exception {
        long count = 0;
        for (String hex : hexRows(db)) {
            byte[] bytes = java.util.HexFormat.of().parseHex(hex);
            java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
            try {
                strict.decode(java.nio.ByteBuffer.wrap(bytes));
            } catch (java.nio.charset.CharacterCodingException e) {
                count++;
            }
        }
        return count;
    }

    /** The hex of every text value of the database's one table, in rowid order. */
    private static List<String> hexRows(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet tables = st.executeQuery("SELECT name FROM sqlite_schema WHERE type='table'")) {
            String table = tables.getString(1);
            try (Statement values = c.createStatement();
                 ResultSet rs = values.executeQuery("SELECT hex(v) FROM \"" + table + "\" WHERE typeof(v)='text'"
                         + " ORDER BY rowid")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }
}
