package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The column-list INSERT form, virtual-table skipping, and the count of values D1's format loses. */
class ColumnListAndSkipTest {

    @TempDir
    static Path dir;
    static Path lab;
    static Path labFts;

    @BeforeAll
    static void copy() {
        lab = Golden.copy("lab.sqlite", dir);
        labFts = Golden.copy("lab_fts.sqlite", dir);
    }

    private static String dump(Path db, D1DumpWriter writer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(db, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Non-generated columns, in table order, as PRAGMA table_xinfo tells independently of the engine. */
    private static List<String> storedColumns(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + lab);
             PreparedStatement ps = c.prepareStatement("SELECT name, hidden FROM pragma_table_xinfo(?) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(2) == 0) {
                        names.add("\"" + rs.getString(1).replace("\"", "\"\"") + "\"");
                    }
                }
            }
        }
        return names;
    }

    @Test
    void columnListFormNamesExactlyTheNonGeneratedColumns() throws Exception {
        String columnList = dump(lab, D1DumpWriter.builder().build());
        String plain = new String(Golden.bytes("export_default.sql"), StandardCharsets.UTF_8);
        String[] withColumns = columnList.split("\n", -1);
        String[] without = plain.split("\n", -1);
        assertThat(withColumns).hasSameSizeAs(without);
        Pattern insert = Pattern.compile("^INSERT INTO (\"(?:[^\"]|\"\")*\") \\(([^)]*)\\) VALUES\\(");
        java.util.Map<String, List<String>> columnsByTable = new java.util.HashMap<>();
        int inserts = 0;
        for (int i = 0; i < without.length; i++) {
            if (!without[i].startsWith("INSERT INTO ")) {
                assertThat(withColumns[i]).isEqualTo(without[i]);
                continue;
            }
            Matcher m = insert.matcher(withColumns[i]);
            assertThat(m.find()).as(withColumns[i]).isTrue();
            String quotedTable = m.group(1);
            String table = quotedTable.substring(1, quotedTable.length() - 1).replace("\"\"", "\"");
            assertThat(List.of(m.group(2).split(",(?=\")"))).as(table).isEqualTo(columnsByTable.computeIfAbsent(table, t -> {
                try {
                    return storedColumns(t);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            // Apart from the column list, the statement is the wrangler 4.86 one.
            assertThat(withColumns[i].replace(" (" + m.group(2) + ")", "")).isEqualTo(without[i]);
            inserts++;
        }
        assertThat(inserts).isGreaterThan(20_000);
        assertThat(columnList).contains("INSERT INTO \"gen_cols\" (\"a\",\"d\") VALUES(1,'one');");
    }

    @Test
    void skipLeavesOutTheVirtualTableAndItsShadowTablesAndSaysSo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = D1DumpWriter.builder().columnList(false).virtualTables(VirtualTables.SKIP).build()
                .write(labFts, out);
        assertThat(summary.skippedTables()).containsExactly("docs_fts", "docs_fts_data", "docs_fts_idx",
                "docs_fts_content", "docs_fts_docsize", "docs_fts_config");
        // Everything else is exactly the export of the database without FTS.
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(new String(Golden.bytes("export_default.sql"), StandardCharsets.UTF_8));
    }

    /**
     * FTS sync triggers on an ordinary table write to the virtual table; with the virtual table skipped they would
     * load, then fail on the first insert ("no such table"). They are left out and reported; a trigger that only
     * mentions the name in a longer name, a string or a comment stays.
     */
    @Test
    void skipLeavesOutTriggersThatUseASkippedTableSoTheDumpReloadsAndInsertsWork() throws Exception {
        Path db = Files.copy(labFts, dir.resolve("fts_with_sync_triggers.sqlite"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE docs_fts_log(id INTEGER PRIMARY KEY, note TEXT)");
            st.execute("CREATE TRIGGER users_fts_ai AFTER INSERT ON users BEGIN\n"
                    + "  INSERT INTO docs_fts(rowid, title, body) VALUES (new.id, new.name, new.email);\nEND");
            st.execute("CREATE TRIGGER \"users fts ad\" AFTER DELETE ON users BEGIN\n"
                    + "  DELETE FROM [DOCS_FTS] WHERE rowid = old.id;\nEND");
            st.execute("CREATE TRIGGER users_fts_au AFTER UPDATE ON users BEGIN\n"
                    + "  UPDATE \"Docs_Fts\" SET title = new.name WHERE rowid = new.id;\nEND");
            st.execute("CREATE TRIGGER users_log_ai AFTER INSERT ON users BEGIN\n"
                    + "  INSERT INTO docs_fts_log(note) VALUES ('docs_fts updated for ' || new.name); -- docs_fts\n"
                    + "  /* \"docs_fts\" */ SELECT 1;\nEND");
        }
        // Lossless, so the dump loads as a whole (D1's own form writes Infinity, which is not SQL).
        List<ExportEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db + "?virtual-tables=skip&lossless=true")) {
            result = exporter.export(ExportRequest.builder().destination(out).listener(events::add).build());
        }
        assertThat(result.skippedTables()).containsExactly("docs_fts", "docs_fts_data", "docs_fts_idx",
                "docs_fts_content", "docs_fts_docsize", "docs_fts_config", "users_fts_ai", "users fts ad",
                "users_fts_au");
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.Warning).map(Object::toString)
                .anyMatch(w -> w.contains("trigger") && w.contains("users fts ad"));
        String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(dump).doesNotContain("users_fts_ai", "users fts ad", "users_fts_au")
                .contains("CREATE TRIGGER users_log_ai");
        DumpSummary summary = D1DumpWriter.builder().virtualTables(VirtualTables.SKIP).build()
                .write(db, new ByteArrayOutputStream());
        assertThat(summary.skippedTriggers()).containsExactly("users_fts_ai", "users fts ad", "users_fts_au");

        Path reloaded = dir.resolve("reloaded.sqlite");
        DumpLoader.load(dump, reloaded);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + reloaded);
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO users(name) VALUES ('Yan')");
            st.execute("UPDATE users SET name = 'Yann' WHERE name = 'Yan'");
            st.execute("DELETE FROM users WHERE name = 'Yann'");
            try (ResultSet rs = st.executeQuery("SELECT note FROM docs_fts_log")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("docs_fts updated for Yan");
            }
        }
    }

    /**
     * A virtual table cannot be indexed, but its shadow tables are ordinary tables: an index or a trigger on one was
     * left out of the dump with the table, and not reported, where every other object left out is.
     */
    @Test
    void skipReportsTheIndexesAndTriggersOnASkippedShadowTable() throws Exception {
        Path db = Files.copy(labFts, dir.resolve("fts_with_shadow_index.sqlite"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX docs_content_c0 ON docs_fts_content(c0)");
            st.execute("CREATE TRIGGER docs_docsize_ai AFTER INSERT ON docs_fts_docsize BEGIN SELECT 1; END");
        }
        List<ExportEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db + "?virtual-tables=skip")) {
            result = exporter.export(ExportRequest.builder().destination(out).listener(events::add).build());
        }
        assertThat(result.skippedTables()).containsExactly("docs_fts", "docs_fts_data", "docs_fts_idx",
                "docs_fts_content", "docs_fts_docsize", "docs_fts_config", "docs_docsize_ai", "docs_content_c0");
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.Warning)
                .map(e -> ((ExportEvent.Warning) e).message()).contains(
                        "Skipped trigger that uses a skipped virtual table or its shadow table: docs_docsize_ai",
                        "Skipped index on a skipped virtual table's shadow table: docs_content_c0");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("docs_content_c0", "docs_docsize_ai");
        DumpSummary summary = D1DumpWriter.builder().virtualTables(VirtualTables.SKIP).build()
                .write(db, new ByteArrayOutputStream());
        assertThat(summary.skippedIndexes()).containsExactly("docs_content_c0");
        assertThat(summary.skippedTriggers()).containsExactly("docs_docsize_ai");
        // Named on its own, the index is reported too, not an empty dump without a word.
        ExportResult named;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db + "?virtual-tables=skip")) {
            named = exporter.export(ExportRequest.builder().tables("docs_content_c0")
                    .destination(new ByteArrayOutputStream()).build());
        }
        assertThat(named.skippedTables()).containsExactly("docs_content_c0");
        assertThat(named.unmatchedTables()).isEmpty();
    }

    @Test
    void skipReportsOnlyWhatTheFilterSelected() throws Exception {
        DumpSummary summary = D1DumpWriter.builder().tables("users", "docs_fts_idx")
                .virtualTables(VirtualTables.SKIP).build().write(labFts, new ByteArrayOutputStream());
        assertThat(summary.skippedTables()).containsExactly("docs_fts_idx");
    }

    @Test
    void countsTheValuesD1sFormatCannotCarryInEveryMode() throws Exception {
        // types: int64 max/min, 2^53+1, any_col int64 max (4 integers); +Inf, -Inf; the literal "\n" text next to a
        // newline (row 39); NUL texts (rows 37, 38). Row 40 ("\r" without a CR) is carried exactly.
        for (boolean lossless : new boolean[] {false, true}) {
            DumpSummary summary = D1DumpWriter.builder().tables("types").lossless(lossless).build()
                    .write(lab, new ByteArrayOutputStream());
            assertThat(summary.inexactValues()).as("lossless=%s", lossless).isEqualTo(9);
            assertThat(summary.rows()).isEqualTo(54);
        }
        DumpSummary users = D1DumpWriter.builder().tables("users").build().write(lab, new ByteArrayOutputStream());
        assertThat(users.inexactValues()).isZero();
    }

    /**
     * Beyond 2^53 JavaScript prints the nearest double's digits padded with zeros: that text is the integer itself for
     * 2^53 + 2 or 10^18 (either sign), and counted as lost only where it is not (2^53 + 1).
     */
    @Test
    void integersBeyondTwoToThe53AreCountedOnlyWhenJavaScriptPrintsThemWrong() throws Exception {
        Path db = dir.resolve("big_integers.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE n (v INTEGER)");
            st.execute("INSERT INTO n VALUES (9007199254740994), (-9007199254740994), (1000000000000000000),"
                    + " (-1000000000000000000), (9007199254740993)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = D1DumpWriter.builder().columnList(false).build().write(db, out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("INSERT")).toList())
                .containsExactly("INSERT INTO \"n\" VALUES(9007199254740994);",
                        "INSERT INTO \"n\" VALUES(-9007199254740994);",
                        "INSERT INTO \"n\" VALUES(1000000000000000000);",
                        "INSERT INTO \"n\" VALUES(-1000000000000000000);",
                        "INSERT INTO \"n\" VALUES(9007199254740992);");
        assertThat(summary.inexactValues()).as("only 9007199254740993").isEqualTo(1);
    }

    /**
     * The module is read from the first {@code USING} in the CREATE text, which a quoted name can hold too; the shadow
     * tables SQLite itself reports are skipped all the same.
     */
    @Test
    void skipLeavesOutTheShadowTablesSqliteReportsWhenTheNameMisleadsTheModuleGuess() throws Exception {
        Path db = dir.resolve("misleading_name.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x)");
            st.execute("INSERT INTO t VALUES (1)");
            st.execute("CREATE VIRTUAL TABLE \"v USING rtree\" USING fts5(body)");
            st.execute("INSERT INTO \"v USING rtree\" VALUES ('hello')");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = D1DumpWriter.builder().columnList(false).virtualTables(VirtualTables.SKIP).build()
                .write(db, out);
        assertThat(summary.skippedTables()).containsExactlyInAnyOrder("v USING rtree", "v USING rtree_data",
                "v USING rtree_idx", "v USING rtree_content", "v USING rtree_docsize", "v USING rtree_config");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;\n"
                + "CREATE TABLE t (x);\nINSERT INTO \"t\" VALUES(1);");
    }
}
