package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump through the caller's own connection leaves that connection as it found it. */
class CallersConnectionTest {

    @TempDir
    Path dir;

    private Path database() throws Exception {
        Path db = dir.resolve("notes.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE notes (text TEXT)");
            st.execute("INSERT INTO notes VALUES ('first')");
        }
        return db;
    }

    private static String dump(Connection connection) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter.builder().columnList(false).build().write(connection, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long count(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anAutoCommitConnectionIsAutoCommitAgainAfterTheDumpSoItsNextWriteIsCommitted() throws Exception {
        Path db = database();
        try (Connection mine = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(dump(mine)).endsWith("\nINSERT INTO \"notes\" VALUES('first');");
            assertThat(mine.getAutoCommit()).isTrue();
            try (Statement st = mine.createStatement()) {
                st.execute("INSERT INTO notes VALUES ('second')");
            }
            assertThat(count(db)).as("rows another connection sees").isEqualTo(2);
        }
    }

    /**
     * A connection's temporary tables come before the database's own in an unqualified name: a {@code TEMP} table of
     * the same name must not stand in for the table the dump's {@code CREATE} describes (its rows, or, where its
     * columns differ, the column names read as strings in every row).
     */
    @Test
    void aTemporaryTableOfTheSameNameDoesNotStandInForTheDatabasesOwn() throws Exception {
        Path db = database();
        ByteArrayOutputStream fromFile = new ByteArrayOutputStream();
        D1DumpWriter.builder().columnList(false).build().write(db, fromFile);
        try (Connection mine = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = mine.createStatement()) {
            st.execute("CREATE TEMP TABLE notes (scratch TEXT)");
            st.execute("INSERT INTO temp.notes VALUES ('temporary')");
            assertThat(dump(mine)).endsWith("\nINSERT INTO \"notes\" VALUES('first');")
                    .isEqualTo(fromFile.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code PRAGMA reverse_unordered_selects} (a test setting that finds code relying on an order SQLite does not
     * promise) would turn every table's rows around; D1 writes them in rowid order. The dump reads them in that order
     * and leaves the setting on for the caller.
     */
    @Test
    void aConnectionThatReversesUnorderedSelectsGetsRowsInRowidOrderAndKeepsTheSetting() throws Exception {
        Path db = database();
        try (Connection mine = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = mine.createStatement()) {
            st.execute("INSERT INTO notes VALUES ('second')");
            st.execute("PRAGMA reverse_unordered_selects=1");
            assertThat(dump(mine)).endsWith("\nINSERT INTO \"notes\" VALUES('first');"
                    + "\nINSERT INTO \"notes\" VALUES('second');");
            try (ResultSet rs = st.executeQuery("PRAGMA reverse_unordered_selects")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the caller's setting").isEqualTo(1);
            }
        }
    }

    /**
     * Without auto-commit the transaction is the caller's: the dump reads within it (its uncommitted writes too) and
     * leaves it open, so the caller's own commit still keeps those writes.
     */
    @Test
    void aConnectionWithoutAutoCommitKeepsItsTransactionAndItsUncommittedWrites() throws Exception {
        Path db = database();
        try (Connection mine = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            mine.setAutoCommit(false);
            try (Statement st = mine.createStatement()) {
                st.execute("INSERT INTO notes VALUES ('pending')");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DumpSummary summary = D1DumpWriter.builder().columnList(false).build().write(mine, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("\nINSERT INTO \"notes\" VALUES('pending');");
            assertThat(summary.rows()).isEqualTo(2);
            assertThat(summary.bytes()).isEqualTo(out.size());
            assertThat(mine.getAutoCommit()).isFalse();
            mine.commit();
        }
        assertThat(count(db)).as("rows after the caller's commit").isEqualTo(2);
    }
}
