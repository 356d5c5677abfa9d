package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The text of UTF-16 databases, against wrangler 4.86's exports of the same files (see the README beside them): D1
 * reads it through SQLite's own translation to UTF-8, which combines an ill-formed surrogate with whatever unit
 * follows and writes one at the end as three bytes that D1 shows as three U+FFFD. A differential test found one
 * U+FFFD where D1 writes three.
 */
class Utf16TextTest {

    private static final String FOLDER = "/golden/wrangler-4.86-utf16/";

    @TempDir
    Path dir;

    private Path copy(String name) throws IOException {
        return Files.write(dir.resolve(name), Golden.bytes(FOLDER, name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"surrogates16", "fuzz16le", "fuzz16be"})
    void textOfAUtf16DatabaseIsWrittenAsD1WritesIt(String name) throws Exception {
        Path db = copy(name + ".sqlite");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        D1DumpWriter.builder().columnList(false).build().write(db, out);

        assertThat(out.toByteArray()).isEqualTo(Golden.bytes(FOLDER, name + ".sql"));
    }

    @Test
    void everyValueThatIsNotWellFormedUtf16IsCountedAsOneD1sFormatCannotCarry() throws Exception {
        Path db = copy("surrogates16.sqlite");

        DumpSummary summary = D1DumpWriter.builder().build().write(db, new ByteArrayOutputStream());

        // All but the two well-formed pairs (rows 5 and 8), including those D1 turns into other, valid characters.
        assertThat(summary.inexactValues()).isEqualTo(8);
    }

    @Test
    void theLosslessFormKeepsEachCodeUnit() throws Exception {
        Path db = copy("surrogates16.sqlite");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().lossless(true).build().write(db, out);
        String dump = out.toString(StandardCharsets.UTF_8);
        // D800 then 'a': the unit, then the letter D1's translation would have eaten.
        assertThat(dump).contains("(2,CAST(X'eda08061' AS TEXT))").contains("(5,'\uD83D\uDE00')");

        Path reloaded = dir.resolve("reloaded.sqlite");
        DumpLoader.load(dump, reloaded);

        assertThat(hexRows(reloaded)).containsExactly("EDA080", "EDA08061", "61EDB08062", "EDB080", "F09F9880",
                "EDA080EDA080", "EDB080EDA080", "F0908080", "EDAFBF61", "61EDA080");
    }

    /** The hex of every value of table {@code t}, in rowid order. */
    private static List<String> hexRows(Path db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT hex(CAST(v AS BLOB)) FROM t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
