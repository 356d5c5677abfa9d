package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lossless mode: the dump of lab.sqlite, loaded into a fresh database, gives back every value exactly. */
class LosslessDumpTest {

    @TempDir
    Path dir;

    @Test
    void reloadedDumpHoldsEveryValueExactly() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = D1DumpWriter.builder().lossless(true).build().write(lab, out);
        String dump = out.toString(StandardCharsets.UTF_8);

        Path copy = dir.resolve("reloaded.sqlite");
        DumpLoader.load(dump, copy);

        List<String> tables = DumpLoader.tables(lab);
        // ANALYZE in the reloading SQLite may add sqlite_stat4 as well; every source table must be there.
        assertThat(DumpLoader.tables(copy)).containsAll(tables);
        for (String table : tables) {
            List<List<Object>> expected = DumpLoader.rows(lab, table);
            List<List<Object>> actual = DumpLoader.rows(copy, table);
            assertThat(actual).as(table).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i)).as("%s row %d", table, i + 1).isEqualTo(expected.get(i));
            }
        }
        // The values that D1's own form loses are all there, exactly.
        assertThat(dump).contains("9223372036854775807", "-9223372036854775808", "9007199254740993", "9e999",
                "-9e999");
        assertThat(summary.inexactValues()).as("what the D1 form would have lost").isPositive();
    }

    @Test
    void literalBackslashNNextToANewlineGetsAMarkerThatDoesNotOccurInTheText() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().tables("types").lossless(true).build().write(lab, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "replace('literal backslash-n: \\n and real newline:\\012end','\\012',char(10))");
    }

    /**
     * D1's fixed markers lose a text that already holds {@code \n} or {@code \r}: each such value is counted once;
     * the lossless form takes SQLite shell's next unused marker ({@code \015}, down to {@code (\n0)}), and a line
     * break at the very start of a text gets its marker like any other.
     */
    @Test
    void textsThatHoldTheMarkersAreCountedForD1AndGetUnusedMarkersLosslessly() throws Exception {
        Path db = dir.resolve("markers.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(v TEXT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES(?)")) {
                for (String value : List.of("\n", "\\n \\012\n", "\r\\r")) {
                    ps.setString(1, value);
                    ps.executeUpdate();
                }
            }
        }

        DumpSummary d1 = D1DumpWriter.builder().build().write(db, new ByteArrayOutputStream());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().lossless(true).build().write(db, out);

        assertThat(d1.inexactValues()).as("the second and third values").isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "VALUES(replace('\\n','\\n',char(10)));",
                "VALUES(replace('\\n \\012(\\n0)','(\\n0)',char(10)));",
                "VALUES(replace('\\015\\r','\\015',char(13)));");
    }

    /**
     * A double SQLite reads back from its shortest digits is written as those digits (with {@code .0} when integral,
     * so it stays REAL), minus zero as {@code -0.0}; only one SQLite reads one unit off gets the exact arithmetic.
     */
    @Test
    void realsAreWrittenAsTheirShortestDigitsWhenSqliteReadsThemBackAndMinusZeroKeepsItsSign() throws Exception {
        Path source = dir.resolve("readable-reals.sqlite");
        double[] values = {0.1, -0.0, 0.0, 3.0, 9.999999999999999e-301};
        // The column has no type: a REAL column would store the zeros as integers and lose the sign.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, v)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO r (id, v) VALUES (?, ?)")) {
                for (int i = 0; i < values.length; i++) {
                    ps.setInt(1, i + 1);
                    ps.setDouble(2, values[i]);
                    ps.executeUpdate();
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().lossless(true).columnList(false).build().write(source, out);
        String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(dump.lines().filter(l -> l.startsWith("INSERT")).toList()).containsExactly(
                "INSERT INTO \"r\" VALUES(1,0.1);",
                "INSERT INTO \"r\" VALUES(2,-0.0);",
                "INSERT INTO \"r\" VALUES(3,0.0);",
                "INSERT INTO \"r\" VALUES(4,3.0);",
                // SQLite 3.51 reads 9.999999999999999e-301 one unit off: 754007150632555 / 2^1046 exactly.
                "INSERT INTO \"r\" VALUES(5,(CAST(754007150632555 AS REAL)/4611686018427387904"
                        + "/4611686018427387904/4611686018427387904/4611686018427387904/4611686018427387904"
                        + "/4611686018427387904/4611686018427387904/4611686018427387904/4611686018427387904"
                        + "/4611686018427387904/4611686018427387904/4611686018427387904/4611686018427387904"
                        + "/4611686018427387904/4611686018427387904/4611686018427387904/18014398509481984));");
        Path copy = dir.resolve("readable-reals-reloaded.sqlite");
        DumpLoader.load(dump, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v, typeof(v) FROM r ORDER BY id")) {
            for (double expected : values) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("real");
                assertThat(Double.doubleToRawLongBits(rs.getDouble(1))).as("%s", expected)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
        }
    }

    /** Random doubles over the whole range, many of which SQLite's own text-to-REAL conversion reads one unit off. */
    @Test
    void everyDoubleSurvivesTheRoundTrip() throws Exception {
        Path source = dir.resolve("reals.sqlite");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE reals (id INTEGER PRIMARY KEY, r REAL, a ANY, i INTEGER)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reals (r, a, i) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 3000; i++) {
                    double d = Double.longBitsToDouble(random.nextLong());
                    if (Double.isNaN(d)) {
                        continue;
                    }
                    ps.setDouble(1, d);
                    ps.setDouble(2, i % 2 == 0 ? d : Math.rint(d));
                    ps.setLong(3, random.nextLong() >> random.nextInt(64));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().lossless(true).build().write(source, out);
        Path copy = dir.resolve("reals-reloaded.sqlite");
        DumpLoader.load(out.toString(StandardCharsets.UTF_8), copy);
        assertThat(DumpLoader.rows(copy, "reals")).isEqualTo(DumpLoader.rows(source, "reals"));
    }
}
