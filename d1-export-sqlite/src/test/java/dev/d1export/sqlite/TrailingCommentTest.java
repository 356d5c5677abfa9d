package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * SQLite stores the text of a {@code CREATE VIEW} or {@code CREATE INDEX} up to the end of its input, so one run
 * without a {@code ;} keeps a comment at its end ({@code -- note}, or a {@code /* note} never closed). D1 writes the
 * stored text plus {@code ;}, which then sits inside the comment: the statement runs on into the next (a syntax
 * error), or the open block comment swallows every statement after it without a word. Lossless mode ends such a
 * statement so that it reads back; D1's own format keeps D1's bytes.
 */
class TrailingCommentTest {

    @TempDir
    Path dir;

    private Path source() throws Exception {
        Path source = dir.resolve("comments.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(a, b)");
            st.execute("INSERT INTO t VALUES (1, 'x')");
            st.execute("CREATE INDEX i_line ON t(a) WHERE a > 0 -- positive; only");
            st.execute("CREATE INDEX i_block ON t(b) /* by b; never closed");
            st.execute("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT '--'; END");
            st.execute("CREATE VIEW v_line AS SELECT a, '/*' AS s FROM t -- the '--' and '/*' in strings do not count");
            st.execute("CREATE VIEW v_block AS SELECT b FROM t /* \"open");
            st.execute("CREATE VIEW v_last AS SELECT 1 AS one");
        }
        return source;
    }

    /** Type, name and stored SQL of every object, in schema order. */
    private static List<String> schema(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_schema ORDER BY name")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
            }
        }
        return rows;
    }

    /** Runs the whole dump as the {@code sqlite3} shell does with {@code < dump.sql}: sqlite3_exec, statement by statement. */
    private static void loadAsTheShellDoes(String dump, Path target) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target)) {
            c.unwrap(SQLiteConnection.class).getDatabase()._exec(dump);
        }
    }

    @Test
    void aSchemaStatementEndingInACommentReadsBackInLosslessMode() throws Exception {
        Path source = source();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().lossless(true).build().write(source, out);
        String dump = out.toString(StandardCharsets.UTF_8);
        Path reloaded = dir.resolve("reloaded.sqlite");
        loadAsTheShellDoes(dump, reloaded);

        List<String> expected = new ArrayList<>();
        for (String row : schema(source)) {
            // An open block comment can only be ended by closing it, as the sqlite3 shell's .dump does, and a line
            // comment by a newline, which SQLite keeps in an index's text (not in a view's).
            expected.add(row.endsWith("never closed") || row.endsWith("\"open") ? row + "*/"
                    : row.startsWith("index i_line") ? row + "\n" : row);
        }
        assertThat(schema(reloaded)).containsExactlyElementsOf(expected);
        assertThat(DumpLoader.rows(reloaded, "v_last")).hasSize(1);
    }

    @Test
    void d1sFormatKeepsD1sBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().build().write(source(), out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\nCREATE INDEX i_line ON t(a) WHERE a > 0 -- positive; only;\n")
                .contains("\nCREATE INDEX i_block ON t(b) /* by b; never closed;\n")
                .endsWith("\nCREATE VIEW v_last AS SELECT 1 AS one;");
    }
}
