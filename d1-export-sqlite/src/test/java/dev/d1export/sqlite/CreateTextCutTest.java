package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * D1 turns a stored {@code CREATE TABLE "x"...} into {@code CREATE TABLE IF NOT EXISTS } plus the stored text from its
 * 14th UTF-16 unit. A schema edited by hand need not start with {@code CREATE TABLE }, and the cut can then fall inside
 * a surrogate pair: the half left over reaches wrangler 4.86's dump as three U+FFFD (found by a helper's differential
 * run; the expected bytes below are wrangler's output for this database).
 */
class CreateTextCutTest {

    @TempDir
    Path dir;

    @Test
    void aCutInsideASurrogatePairLeavesThreeReplacementCharactersAsD1Does() throws Exception {
        Path db = dir.resolve("cut.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"x\"(a)");
            s.execute("INSERT INTO \"x\" VALUES (1)");
            s.execute("PRAGMA writable_schema=ON");
            // UTF-16 units 12 and 13 are the two halves of U+1F600.
            s.execute("UPDATE sqlite_schema SET sql='CREATE /*abc\uD83D\uDE00*/TABLE \"x\"(a DEFAULT ''CREATE TABLE \"'')'"
                    + " WHERE name='x'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (Exporter exporter = D1Export.open("d1:sqlite:" + db + "?column-list=false")) {
            exporter.export(ExportRequest.builder().destination(out).build());
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;\n"
                + "CREATE TABLE IF NOT EXISTS \uFFFD\uFFFD\uFFFD*/TABLE \"x\"(a DEFAULT 'CREATE TABLE \"');\n"
                + "INSERT INTO \"x\" VALUES(1);");
    }
}
