package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables named like SQLite's table-valued pragma functions ({@code pragma_table_info}, {@code pragma_table_list})
 * hide those functions in a query, which had the dump fail with "'pragma_table_info' is not a function" (found by a
 * review). The dump now reads them with PRAGMA statements, and writes what wrangler 4.86 writes for such a file.
 */
class PragmaNamedTablesTest {

    @TempDir
    Path dir;

    private Path database(String... statements) throws Exception {
        Path db = dir.resolve("p.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        return db;
    }

    @Test
    void aTableNamedPragmaTableInfoIsDumpedAsWranglerDumpsIt() throws Exception {
        Path db = database("CREATE TABLE pragma_table_info(a INT, b TEXT)",
                "INSERT INTO pragma_table_info VALUES(1,'x')", "CREATE TABLE users(id INTEGER PRIMARY KEY)",
                "INSERT INTO users VALUES(7)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        D1DumpWriter.builder().columnList(false).build().write(db, out);

        // wrangler d1 export --local of the same file (2026-12-03), byte for byte.
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;\n"
                + "CREATE TABLE pragma_table_info(a INT, b TEXT);\n"
                + "INSERT INTO \"pragma_table_info\" VALUES(1,'x');\n"
                + "CREATE TABLE users(id INTEGER PRIMARY KEY);\n"
                + "INSERT INTO \"users\" VALUES(7);");
    }

    @Test
    void aTableNamedPragmaTableListDoesNotHideTheShadowTablesOfASkippedVirtualTable() throws Exception {
        Path db = database("CREATE TABLE pragma_table_list(a INT)", "INSERT INTO pragma_table_list VALUES(3)",
                "CREATE VIRTUAL TABLE docs USING fts5(body)", "INSERT INTO docs VALUES('hello')");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DumpSummary summary = D1DumpWriter.builder().virtualTables(VirtualTables.SKIP).build().write(db, out);

        assertThat(summary.skippedTables()).contains("docs", "docs_data", "docs_idx", "docs_content",
                "docs_docsize", "docs_config");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("INSERT INTO \"pragma_table_list\" (\"a\") VALUES(3);")
                .doesNotContain("docs");
    }
}
