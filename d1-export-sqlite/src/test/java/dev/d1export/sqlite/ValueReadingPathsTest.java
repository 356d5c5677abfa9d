package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dump reads values straight from sqlite-jdbc's native statement (TEXT as its stored UTF-8 bytes) when it can,
 * and through {@code ResultSet.getObject} otherwise (a connection pool's proxy, say). Both must write the same
 * bytes, for every storage class and the awkward values: malformed UTF-8 stored as TEXT, NUL, CR/LF, quotes, long
 * texts and blobs larger than the output buffer, integers around 2^53 and the long limits, infinities. A UTF-16
 * database (where SQLite's stored text bytes are not UTF-8) must dump as its UTF-8 twin does.
 */
class ValueReadingPathsTest {

    @TempDir
    Path dir;

    private static final String[] MALFORMED_OR_ODD_UTF8 = {
        "", "C080", "EDA080", "F4908080", "FF", "E282", "80", "F09F9880", "61E282AC62", "E0A080", "EFBFBF", "F0908080",
        "27C3A927", "610062", "0D0A", "5C6E0A"};

    private Path awkwardDatabase(String name, String encoding, boolean withMalformedText) throws SQLException {
        Path file = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA encoding='" + encoding + "'");
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
            String[] literals = {
                "NULL", "0", "-1", "9007199254740992", "-9007199254740992", "9007199254740993", "-9007199254740993",
                "9223372036854775807", "-9223372036854775808", "1234567890123456700", "0.0", "-0.0", "0.1", "1e21",
                "1e-7", "4.9406564584124654e-324", "1.7976931348623157e308", "9e999", "-9e999", "123456.789",
                "''", "'plain'", "'it''s'", "'é€😀'", "'a'||char(13)||'b'", "'a'||char(10)||'b'",
                "'\\n'||char(10)||'x'", "'nul'||char(0)||'in'", "X''", "X'00ff10'", "zeroblob(70000)",
                "replace(hex(zeroblob(40000)),'0','''')", "replace(hex(zeroblob(40000)),'0','é')"};
            int id = 0;
            for (String literal : literals) {
                st.execute("INSERT INTO t VALUES(" + ++id + "," + literal + ")");
            }
            if (withMalformedText) {
                for (String hex : MALFORMED_OR_ODD_UTF8) {
                    st.execute("INSERT INTO t VALUES(" + ++id + ",CAST(X'" + hex + "' AS TEXT))");
                }
            }
        }
        return file;
    }

    private static byte[] dump(Connection connection, D1DumpWriter writer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(connection, out);
        return out.toByteArray();
    }

    private static byte[] dump(Path db, D1DumpWriter writer, boolean throughProxy) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return dump(throughProxy ? opaque(c) : c, writer);
        }
    }

    @ParameterizedTest(name = "lossless={0}")
    @ValueSource(booleans = {false, true})
    void nativeAndGetObjectPathsWriteTheSameBytes(boolean lossless) throws Exception {
        Path db = awkwardDatabase("awkward.sqlite", "UTF-8", true);
        D1DumpWriter writer = D1DumpWriter.builder().lossless(lossless).build();
        byte[] direct = dump(db, writer, false);
        byte[] proxied = dump(db, writer, true);
        assertThat(direct).isEqualTo(proxied);
        String text = new String(direct, StandardCharsets.UTF_8);
        // Text that is not UTF-8: D1's U+FFFD, or in the lossless form the very bytes.
        assertThat(text).contains(lossless ? ",CAST(X'eda080' AS TEXT));" : ",'\uFFFD\uFFFD\uFFFD');");
        assertThat(text).contains(",9007199254740992);", ",'😀');", ",'a€b');", ",X'00ff10');",
                ",'it''s');", ",'é€😀');");
        assertThat(text).contains(lossless ? ",9e999);" : ",Infinity);");
    }

    @Test
    void labDatabaseDumpsTheSameThroughBothPaths() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        for (D1DumpWriter writer : new D1DumpWriter[] {D1DumpWriter.builder().build(),
                D1DumpWriter.builder().columnList(false).lossless(true).build()}) {
            assertThat(dump(lab, writer, false)).isEqualTo(dump(lab, writer, true));
        }
        assertThat(dump(lab, D1DumpWriter.builder().columnList(false).build(), true))
                .isEqualTo(Golden.bytes("export_default.sql"));
    }

    @Test
    void utf16DatabaseDumpsAsItsUtf8Twin() throws Exception {
        Path utf8 = awkwardDatabase("utf8.sqlite", "UTF-8", false);
        Path utf16 = awkwardDatabase("utf16.sqlite", "UTF-16le", false);
        D1DumpWriter writer = D1DumpWriter.builder().build();
        byte[] expected = dump(utf8, writer, false);
        assertThat(dump(utf16, writer, false)).isEqualTo(expected);
        assertThat(dump(utf16, writer, true)).as("through getObject").isEqualTo(expected);
        assertThat(new String(expected, StandardCharsets.UTF_8)).contains("'é€😀'");
    }

    @Test
    void illFormedUtf16DumpsAsD1DoesThroughBothPaths() throws Exception {
        Path db = dir.resolve("surrogates16.sqlite");
        java.nio.file.Files.write(db, Golden.bytes("/golden/wrangler-4.86-utf16/", "surrogates16.sqlite"));
        D1DumpWriter writer = D1DumpWriter.builder().columnList(false).build();
        byte[] d1 = Golden.bytes("/golden/wrangler-4.86-utf16/", "surrogates16.sql");

        assertThat(dump(db, writer, false)).isEqualTo(d1);
        assertThat(dump(db, writer, true)).as("through getObject").isEqualTo(d1);
    }

    @Test
    void randomBlobsAndTextsOfEveryLengthUpToTheBufferSize() throws Exception {
        Path db = dir.resolve("sizes.sqlite");
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("CREATE TABLE t(b BLOB, s TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES(?, ?)")) {
                for (int size : new int[] {0, 1, 2, 100, 32767, 32768, 32769, 65533, 65534, 65535, 65536, 200_000}) {
                    byte[] blob = new byte[size];
                    random.nextBytes(blob);
                    StringBuilder text = new StringBuilder(size);
                    for (int i = 0; i < size; i++) {
                        text.append("ab'c\u00e9".charAt(random.nextInt(5)));
                    }
                    ps.setBytes(1, blob);
                    ps.setString(2, text.toString());
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        D1DumpWriter writer = D1DumpWriter.builder().build();
        byte[] direct = dump(db, writer, false);
        assertThat(direct).isEqualTo(dump(db, writer, true));
        String text = new String(direct, StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            var rs = c.createStatement().executeQuery("SELECT b FROM t WHERE length(b) = 65535");
            rs.next();
            assertThat(text).contains("X'" + HexFormat.of().formatHex(rs.getBytes(1)) + "'");
        }
        assertThat(Arrays.equals(direct, 0, 31, "PRAGMA defer_foreign_keys=TRUE;".getBytes(StandardCharsets.UTF_8),
                0, 31)).isTrue();
    }

    /**
     * Well-formed UTF-8 at each edge of the encoding (the first and last character of each length, either side of
     * the surrogates, above the BMP) is text like any other: written as itself, counted exact, and in the lossless
     * form not as {@code CAST(X'..' AS TEXT)}, both from its stored bytes and, with a line break, from a String.
     */
    @Test
    void charactersAtTheEdgesOfEachUtf8LengthAreWrittenAsThemselves() throws Exception {
        int[] edges = {0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x40000, 0x10FFFF};
        Path db = dir.resolve("edges.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("CREATE TABLE t(v TEXT)");
            PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES(?)");
            for (int edge : edges) {
                ps.setString(1, Character.toString(edge));
                ps.executeUpdate();
                ps.setString(1, Character.toString(edge) + "\n");
                ps.executeUpdate();
            }
        }
        for (boolean lossless : new boolean[] {false, true}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DumpSummary summary = D1DumpWriter.builder().columnList(false).lossless(lossless).build().write(db, out);
            String dump = out.toString(StandardCharsets.UTF_8);
            for (int edge : edges) {
                String c = Character.toString(edge);
                assertThat(dump).as("U+%X, lossless=%s", edge, lossless)
                        .contains("INSERT INTO \"t\" VALUES('" + c + "');\n")
                        .contains("INSERT INTO \"t\" VALUES(replace('" + c + "\\n','\\n',char(10)));");
            }
            assertThat(dump).as("lossless=%s", lossless).doesNotContain("CAST(");
            assertThat(summary.inexactValues()).as("lossless=%s", lossless).isZero();
        }
    }

    /**
     * The output buffer is 64 KiB: a text, a CREATE statement and an {@code INSERT INTO "t" ("..") VALUES(} prefix
     * longer than that are each written whole, and the summary counts every byte.
     */
    @Test
    void valuesStatementsAndInsertPrefixesLongerThanTheOutputBufferAreWrittenWhole() throws Exception {
        String column = "c".repeat(70_000);
        String text = "it's ".repeat(20_000);
        Path db = dir.resolve("long.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("CREATE TABLE t(\"" + column + "\" TEXT)");
            PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES(?)");
            for (String value : new String[] {text, "short"}) {
                ps.setString(1, value);
                ps.executeUpdate();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DumpSummary summary = D1DumpWriter.builder().build().write(db, out);

        String prefix = "INSERT INTO \"t\" (\"" + column + "\") VALUES(";
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\nCREATE TABLE t(\"" + column + "\" TEXT);\n")
                .contains(prefix + "'" + text.replace("'", "''") + "');\n" + prefix + "'short');");
        assertThat(summary.bytes()).isEqualTo(out.size());
    }

    /**
     * UTF-16 text whose code units sit at every edge the translation to UTF-8 decides on: the 1-, 2- and 3-byte
     * limits, the first and last surrogates and the units beside them, pairs at both ends of the supplementary
     * planes. Through the native path it must come out as SQLite's own translation gives it
     * (the getObject path), be counted inexact exactly when it is not well formed, and in the lossless form keep each
     * unit (the expected bytes written out by hand: one unit or pair in UTF-8's form each).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16le", "UTF-16be"})
    void utf16CodeUnitsAtEveryEdgeAreTranslatedCountedAndKeptAsSqliteDoes(String encoding) throws Exception {
        String[][] cases = {
            // units (hex, big-endian), then the lossless form's bytes after a reload into a UTF-8 database
            {"007F 0080 07FF 0800 D7FF E000 FFFF", "7FC280DFBFE0A080ED9FBFEE8080EFBFBF"},
            {"D800 DC00 DBFF DFFF", "F0908080F48FBFBF"},
            {"D800 0061", "EDA08061"},
            {"DFFF 0061", "EDBFBF61"},
            {"D7FF 0061", "ED9FBF61"},
            {"E000 0061", "EE808061"},
            {"DC00 DC00", "EDB080EDB080"},
            {"D800 E000", "EDA080EE8080"},
            {"DBFF", "EDAFBF"},
            {"DC00 007F 0080 07FF 0800 FFFF D800 DC00 DBFF DFFF D800",
                "EDB0807FC280DFBFE0A080EFBFBFF0908080F48FBFBFEDA080"}};
        boolean littleEndian = encoding.endsWith("le");
        Path db = dir.resolve("edges.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA encoding='" + encoding + "'");
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
            for (int i = 0; i < cases.length; i++) {
                StringBuilder hex = new StringBuilder();
                for (String unit : cases[i][0].split(" ")) {
                    hex.append(littleEndian ? unit.substring(2) + unit.substring(0, 2) : unit);
                }
                // A BLOB cast to TEXT is read as text in the database's encoding, byte for byte.
                st.execute("INSERT INTO t VALUES(" + (i + 1) + ",CAST(X'" + hex + "' AS TEXT))");
            }
        }
        D1DumpWriter d1Form = D1DumpWriter.builder().build();
        assertThat(dump(db, d1Form, false)).as("native path against SQLite's translation")
                .isEqualTo(dump(db, d1Form, true));
        DumpSummary summary;
        ByteArrayOutputStream lossless = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            summary = d1Form.write(c, new ByteArrayOutputStream());
            D1DumpWriter.builder().lossless(true).build().write(c, lossless);
        }
        // All but the first two and the two with a unit beside the surrogates (D7FF, E000).
        assertThat(summary.inexactValues()).isEqualTo(6);
        Path reloaded = dir.resolve("reloaded.sqlite");
        DumpLoader.load(lossless.toString(StandardCharsets.UTF_8), reloaded);
        List<String> hexRows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + reloaded); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT hex(CAST(v AS BLOB)) FROM t ORDER BY id")) {
            while (rs.next()) {
                hexRows.add(rs.getString(1));
            }
        }
        assertThat(hexRows).containsExactly(Arrays.stream(cases).map(c -> c[1]).toArray(String[]::new));
    }

    /** A connection whose statements are not sqlite-jdbc's own and do not unwrap to it (as some pools do). */
    private static Connection opaque(Connection real) {
        return (Connection) Proxy.newProxyInstance(ValueReadingPathsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, forward(real, true));
    }

    private static InvocationHandler forward(Object target, boolean wrapStatements) {
        return (proxy, method, args) -> {
            if (method.getName().equals("isWrapperFor")) {
                return false;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (wrapStatements && result instanceof Statement statement) {
                Class<?> type = result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(ValueReadingPathsTest.class.getClassLoader(), new Class<?>[] {type},
                        forward(statement, false));
            }
            return result;
        };
    }
}
