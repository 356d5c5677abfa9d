package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.UnmatchedTablesException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump without schema ({@code noSchema}, {@code --no-schema}) holds only table rows, so a requested index, trigger
 * or view has nothing in it. The check counted such a name as matched: {@code -t my_view --no-schema} gave an empty
 * dump without a word, and {@code failOnUnmatchedTables} let it through.
 */
class NoSchemaTableFilterTest {

    /** {@code PRAGMA defer_foreign_keys=TRUE;}: all a dump with nothing selected holds. */
    private static final int HEADER_ONLY = 31;

    @TempDir
    Path dir;

    private Path database() throws Exception {
        Path db = dir.resolve("app.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE)");
            st.execute("INSERT INTO users(email) VALUES('a@example.com')");
            st.execute("CREATE TABLE _cf_METADATA(key INTEGER PRIMARY KEY, value BLOB)");
            st.execute("INSERT INTO _cf_METADATA VALUES(1, x'00')");
            st.execute("CREATE INDEX users_email ON users(email)");
            st.execute("CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END");
            st.execute("CREATE VIEW user_emails AS SELECT email FROM users");
            st.execute("CREATE VIEW Emails AS SELECT email FROM users");
            st.execute("CREATE TABLE emails_log(id INTEGER PRIMARY KEY, note TEXT)");
            st.execute("INSERT INTO emails_log(note) VALUES('sent')");
            st.execute("ANALYZE");
        }
        return db;
    }

    @Test
    void withoutSchemaANameIsUnmatchedExactlyWhenTheRowsOnlyDumpHasNothingForIt() throws Exception {
        Path db = database();
        List<String> unmatched = new ArrayList<>();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            for (String name : SchemaNames.of(db)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ExportResult result = exporter.export(ExportRequest.builder().tables(name).noSchema(true)
                        .destination(out).build());
                boolean empty = out.size() == HEADER_ONLY;
                assertThat(result.unmatchedTables()).as("unmatched for %s, whose dump is %s", name,
                        empty ? "empty" : "not empty").isEqualTo(empty ? List.of(name) : List.of());
                if (empty) {
                    unmatched.add(name);
                }
            }
        }
        assertThat(unmatched).containsExactlyInAnyOrder("_cf_METADATA", "sqlite_autoindex_users_1", "users_email",
                "users_touch", "user_emails", "Emails");
    }

    @Test
    void aViewInARowsOnlyRequestIsAWarningThatSaysWhatItIs() throws Exception {
        Path db = database();
        List<ExportEvent> events = new ArrayList<>();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            result = exporter.export(ExportRequest.builder().tables("user_emails", "users_email", "EMAILS_LOG")
                    .noSchema(true).listener(events::add).destination(new ByteArrayOutputStream()).build());
        }
        String view = "'user_emails' is a view, and the request exports rows only (noSchema), so the dump has"
                + " nothing for it";
        String index = "'users_email' is an index, and the request exports rows only (noSchema), so the dump has"
                + " nothing for it";
        // Only a table is suggested: the view Emails holds nothing here either.
        String table = "No table or other object is named 'EMAILS_LOG', so the dump has nothing for it (names are"
                + " case-sensitive: did you mean 'emails_log'?)";
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.Warning)
                .map(e -> ((ExportEvent.Warning) e).message()).containsExactly(view, index, table);
        assertThat(result.messages()).containsSubsequence(view, index, table);
        assertThat(result.unmatchedTables()).containsExactly("user_emails", "users_email", "EMAILS_LOG");
    }

    @Test
    void aViewRefusesARowsOnlyRequestThatFailsOnUnmatchedNamesAndNothingIsWritten() throws Exception {
        Path db = database();
        Path target = Files.writeString(dir.resolve("out.sql"), "previous");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().tables("users", "user_emails", "usres")
                    .noSchema(true).failOnUnmatchedTables(true).destination(target).build()))
                    .isInstanceOfSatisfying(UnmatchedTablesException.class,
                            e -> assertThat(e.names()).containsExactly("user_emails", "usres"))
                    .hasMessageStartingWith("No table or other object is named 'usres'; 'user_emails' is a view, which"
                            + " the request exports nothing for as it exports rows only (noSchema), and the request"
                            + " fails on a name that matches nothing; nothing was exported. Hint: names are matched"
                            + " exactly and case-sensitively, as D1 matches them; without noSchema (--no-schema) the"
                            + " dump holds");
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().tables("user_emails")
                    .noSchema(true).failOnUnmatchedTables(true).destination(target).build()))
                    .isInstanceOf(UnmatchedTablesException.class)
                    .hasMessageStartingWith("'user_emails' is a view, which the request exports nothing for");
            // With the schema the view's CREATE is in the dump: the same name matches.
            ExportResult withSchema = exporter.export(ExportRequest.builder().tables("user_emails")
                    .failOnUnmatchedTables(true).destination(target).build());
            assertThat(withSchema.unmatchedTables()).isEmpty();
            assertThat(Files.readString(target)).contains("CREATE VIEW user_emails");
        }
    }

    @Test
    void aTableThatSharesItsNameWithATriggerStillMatchesInARowsOnlyRequest() throws Exception {
        // SQLite keeps trigger names apart from table, index and view names, so a table and a trigger may share one;
        // the table's rows are in the dump, so the name matches whichever row sqlite_master lists last.
        Path db = database();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER emails_log AFTER INSERT ON users BEGIN SELECT 1; END");
        }
        assertThat(SchemaNames.of(db)).filteredOn("emails_log"::equals).hasSize(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            result = exporter.export(ExportRequest.builder().tables("emails_log").noSchema(true)
                    .failOnUnmatchedTables(true).destination(out).build());
        }
        assertThat(result.unmatchedTables()).isEmpty();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("INSERT INTO \"emails_log\"");
    }

    @Test
    void aVirtualTableStillCountsInARowsOnlyRequestAndFailsAsD1Fails() throws Exception {
        Path db = database();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE VIRTUAL TABLE docs USING fts5(body)");
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().tables("docs").noSchema(true)
                    .failOnUnmatchedTables(true).destination(new ByteArrayOutputStream()).build()))
                    .isInstanceOf(ExportFailedException.class)
                    .hasMessageStartingWith("D1 Export error: cannot export databases with Virtual Tables (fts5).");
        }
    }
}
