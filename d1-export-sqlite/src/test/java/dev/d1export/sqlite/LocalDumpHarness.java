package dev.d1export.sqlite;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A manual timing harness for the local dump, not a test (no timed assertions anywhere; surefire does not pick it up).
 * It makes a 1M-row table of random integers, reals, texts and blobs if the file is missing, then times
 * {@link D1DumpWriter} in this JVM against {@code sqlite3 FILE .dump}, runs interleaved so machine load hits both.
 *
 * <pre>
 * java -Xmx64m -cp target/classes:target/test-classes:SQLITE_JDBC_JAR dev.d1export.sqlite.LocalDumpHarness \
 *     /tmp/big.sqlite 5 [/path/to/output.sql]
 * </pre>
 *
 * The last run's output goes to the given path (or a temporary file, deleted) and its SHA-256 is printed, so an
 * optimisation can be checked for byte-for-byte identical output.
 */
public final class LocalDumpHarness {

    private LocalDumpHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args the SQLite file, the number of runs (default 3), an optional output path
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/d1-export-bench-1m.sqlite");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path output = args.length > 2 ? Path.of(args[2]) : Files.createTempFile("d1dump", ".sql");
        if (!Files.exists(file)) {
            generate(file, 1_000_000);
        }
        D1DumpWriter writer = D1DumpWriter.builder().build();
        for (int run = 1; run <= runs; run++) {
            long t0 = System.nanoTime();
            MessageDigest sha = run == runs ? MessageDigest.getInstance("SHA-256") : null;
            DumpSummary summary;
            try (OutputStream fileOut = Files.newOutputStream(output);
                 OutputStream out = sha == null ? fileOut : new DigestOutputStream(fileOut, sha)) {
                summary = writer.write(file, out);
            }
            long java = System.nanoTime() - t0;
            long sqlite = sqlite3Dump(file);
            System.out.printf("run %d: D1DumpWriter %.3f s (%d bytes, %d rows)  sqlite3 .dump %.3f s  ratio %.2f%s%n",
                    run, java / 1e9, summary.bytes(), summary.rows(), sqlite / 1e9, (double) java / sqlite,
                    sha == null ? "" : "  sha256 " + HexFormat.of().formatHex(sha.digest()));
        }
        if (args.length <= 2) {
            Files.delete(output);
        }
    }

    /** Nanoseconds {@code sqlite3 FILE .dump > tmp} took, or -1 when sqlite3 is not installed. */
    private static long sqlite3Dump(Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sqlite3dump", ".sql");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("sqlite3", file.toString(), ".dump")
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor() == 0 ? System.nanoTime() - t0 : -1;
        } catch (IOException e) {
            return -1;
        } finally {
            Files.delete(out);
        }
    }

    private static void generate(Path file, int rows) throws SQLException {
        System.out.println("generating " + rows + " rows in " + file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB)");
            st.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<" + rows + ")"
                    + " INSERT INTO t SELECT x, random(), random()/1e6, hex(randomblob(8)), randomblob(16) FROM c");
        }
    }
}
