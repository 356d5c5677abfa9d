package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lossless mode and text with NUL characters: each NUL written as {@code '||char(0)||'} deepens the concatenation,
 * so a text with many of them did not reload (SQLite's depth limit is 1000, D1's 100). Up to 8 NULs keep that
 * readable form; more are written as {@code CAST(X'..' AS TEXT)}.
 */
class LosslessNulTest {

    /** D1's limit on the depth of an expression (SQLITE_LIMIT_EXPR_DEPTH). */
    private static final int D1_MAX_EXPR_DEPTH = 100;

    @TempDir
    Path dir;

    /** Texts by id: NULs mixed with quotes, newlines, D1's newline markers and characters beyond ASCII. */
    private static Map<Integer, String> texts() {
        Map<Integer, String> texts = new LinkedHashMap<>();
        for (int nuls : new int[] {0, 1, 8, 9, 1000}) {
            StringBuilder text = new StringBuilder("it's\r\n");
            for (int i = 0; i < nuls; i++) {
                text.append(i % 3 == 0 ? "\u0000\n" : i % 3 == 1 ? "\\n\u0000\u00e9" : "\u0000\r\uD83D\uDC09");
            }
            texts.put(nuls, text.append("end").toString());
        }
        texts.put(10_000, "\u0000".repeat(500));
        texts.put(10_001, "\u0000".repeat(9) + "\n");
        texts.put(10_002, "\n" + "\u0000".repeat(8));
        return texts;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-8", "UTF-16le", "UTF-16be"})
    void textWithNulsReloadsExactly(String encoding) throws Exception {
        Map<Integer, String> texts = texts();
        Path source = dir.resolve("nuls.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA encoding='" + encoding + "'");
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (Map.Entry<Integer, String> text : texts.entrySet()) {
                    ps.setInt(1, text.getKey());
                    ps.setString(2, text.getValue());
                    ps.executeUpdate();
                }
            }
        }
        Charset charset = encoding.equals("UTF-8") ? StandardCharsets.UTF_8
                : encoding.equals("UTF-16le") ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        assertThat(typeAndHex(source)).as("the source holds the texts, NULs and all").isEqualTo(expected(texts, charset));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = D1DumpWriter.builder().lossless(true).build().write(source, out);
        String dump = out.toString(StandardCharsets.UTF_8);
        Path reloaded = dir.resolve("reloaded.sqlite");
        DumpLoader.load(dump, reloaded, D1_MAX_EXPR_DEPTH);

        // The dump is for D1, whose databases are UTF-8: the reloaded database is UTF-8 whatever the source's.
        assertThat(typeAndHex(reloaded)).isEqualTo(expected(texts, StandardCharsets.UTF_8));
        assertThat(summary.inexactValues()).as("every text with a NUL, which D1's own form writes raw").isEqualTo(7);
        for (String line : dump.split("\n")) {
            if (line.startsWith("INSERT INTO \"t\" (\"id\",\"v\") VALUES(9,")
                    || line.startsWith("INSERT INTO \"t\" (\"id\",\"v\") VALUES(10001,")) {
                assertThat(line).as("more than 8 NULs").contains("CAST(X'").doesNotContain("char(0)", "replace(");
            } else if (line.startsWith("INSERT INTO \"t\" (\"id\",\"v\") VALUES(8,")) {
                assertThat(line).as("8 NULs, readable").contains("char(0)").doesNotContain("CAST(");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(booleans = {false, true})
    void theDefaultFormIsD1sWhateverTheNulCount(boolean columnList) throws Exception {
        Path source = dir.resolve("nuls.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (v)");
            st.execute("INSERT INTO t VALUES (CAST(zeroblob(20) AS TEXT) || 'a' || char(10))");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().columnList(columnList).build().write(source, out);

        // Raw NULs and D1's newline marker, as wrangler writes them.
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("VALUES(replace('" + "\u0000".repeat(20)
                + "a\\n','\\n',char(10)));");
    }

    private static List<String> expected(Map<Integer, String> texts, Charset charset) {
        List<String> rows = new ArrayList<>();
        texts.forEach((id, text) -> rows.add(id + " text " + HexFormat.of().withUpperCase()
                .formatHex(text.getBytes(charset))));
        return rows;
    }

    /** Each row of t as id, typeof(v) and the hex of v's bytes in the database's encoding. */
    private static List<String> typeAndHex(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, typeof(v), hex(CAST(v AS BLOB)) FROM t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }
}
