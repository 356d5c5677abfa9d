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

    /**
     * A column name that is not UTF-8 decodes to a name no column has, so SQLite would read the double-quoted name in
     * the SELECT as a string: wrangler's dump holds the name, not the values. The export fails instead, before the
     * first byte, in every mode.
     */
    @Test
    void aColumnWhoseNameIsNotUtf8FailsTheExportInsteadOfDumpingItsName() throws Exception {
        Path db = withBadColumnNames(dir.resolve("columns.sqlite"));
        Path target = Files.writeString(dir.resolve("out.sql"), "previous");

        for (String url : List.of("d1:sqlite:" + db, "d1:sqlite:" + db + "?lossless=true")) {
            try (Exporter exporter = D1Export.open(url)) {
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).build()))
                        .as(url)
                        .isInstanceOfSatisfying(ExportFailedException.class, e -> {
                            assertThat(e.getMessage()).startsWith("Cannot export the rows of table \"t\": the names"
                                    + " of its columns \"b\\xffc\", \"\\xc3\" are not valid UTF-8, so they cannot be"
                                    + " selected by name");
                            assertThat(e.details().hint()).hasValueSatisfying(hint -> assertThat(hint)
                                    .contains("rename the column").contains("table filter").contains("no-data"));
                        });
                assertThat(Files.readString(target)).as("the previous file stays").isEqualTo("previous");

                // Without its rows, or left out, the table is no trouble.
                exporter.export(ExportRequest.builder().destination(target).noData(true).build());
                assertThat(Files.readString(target)).contains("CREATE TABLE t(a, \"b\uFFFDc\", \"\uFFFD\");")
                        .doesNotContain("INSERT");
                exporter.export(ExportRequest.builder().destination(target).tables(List.of("ok")).build());
                assertThat(Files.readString(target)).contains("INSERT INTO \"ok\" (\"x\",\"pad\") VALUES(1,X'00");
                Files.writeString(target, "previous");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> D1DumpWriter.builder().build().write(db, out))
                .isInstanceOf(ExportFailedException.class);
        assertThat(out.size()).as("checked before the first byte").isZero();
    }

    /**
     * Without rows there is no value a bad column name could stand in for: D1's SELECT finds no row and its dump is
     * the table's CREATE alone, which the export writes too instead of failing.
     */
    @Test
    void aColumnWhoseNameIsNotUtf8InATableWithoutRowsIsExportedAsD1ExportsIt() throws Exception {
        Path db = withBadColumnNames(dir.resolve("columns.sqlite"), false);
        for (boolean lossless : new boolean[] {false, true}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DumpSummary summary = D1DumpWriter.builder().columnList(false).lossless(lossless).build().write(db, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("lossless %s", lossless)
                    .startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE ok(x, pad);\nINSERT INTO \"ok\" VALUES(1,X'00")
                    .endsWith("');\nCREATE TABLE t(a, \"b\uFFFDc\", \"\uFFFD\");");
            assertThat(summary.rows()).isEqualTo(1);
        }
    }

    /** A UTF-16 database stores its names as UTF-16: names beyond ASCII are no reason to refuse its rows. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16le", "UTF-16be"})
    void columnNamesBeyondAsciiInAUtf16DatabaseAreExported(String encoding) throws Exception {
        Path db = dir.resolve("names16.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA encoding='" + encoding + "'");
            st.execute("CREATE TABLE \"\u00fc \uD83D\uDE80\"(a, \"\u00df\", \"\u00e9\uD83D\uDC09\")");
            st.execute("INSERT INTO \"\u00fc \uD83D\uDE80\" VALUES ('x', 1, 2)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        D1DumpWriter.builder().build().write(db, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("INSERT INTO \"\u00fc \uD83D\uDE80\""
                + " (\"a\",\"\u00df\",\"\u00e9\uD83D\uDC09\") VALUES('x',1,2);");
    }

    /**
     * A database with table {@code ok}, its row larger than the dump's buffer, and table
     * {@code t(a, "b\xffc", "\xc3")}, one row each: SQL text from Java is always UTF-8, so the bytes go into the
     * stored schema directly.
     */
    private static Path withBadColumnNames(Path db) throws Exception {
        return withBadColumnNames(db, true);
    }

    private static Path withBadColumnNames(Path db, boolean withRow) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            // More than the writer's 64 KiB buffer before t: its rows would reach the stream before t's turn.
            st.execute("CREATE TABLE ok(x, pad)");
            st.execute("INSERT INTO ok VALUES (1, zeroblob(100000))");
            st.execute("CREATE TABLE t(a, \"bxc\", \"y\")");
            if (withRow) {
                st.execute("INSERT INTO t VALUES (1, 2, 3)");
            }
            st.execute("PRAGMA writable_schema=ON");
            // The hex of the UTF-8 parts around the two bad bytes.
            String sql = hex("CREATE TABLE t(a, \"b") + "ff" + hex("c\", \"") + "c3" + hex("\")");
            st.execute("UPDATE sqlite_schema SET sql = CAST(X'" + sql + "' AS TEXT) WHERE name = 't'");
        }
        return db;
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

    private static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
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
