package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.UnmatchedTablesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cloudflare} provider's name check agrees with a dump without schema ({@code noSchema}), which holds
 * only table rows: an index, trigger or view counted as matched, so {@code --no-schema -t a_view} was an empty dump
 * without a word. Real HTTP against FakeD1Server, whose query endpoint runs the provider's query on the real file and
 * whose dumps (honouring {@code no_schema}) are the {@code sqlite} module's.
 */
class CloudflareNoSchemaTableFilterTest {

    private static final String TOKEN = "no-schema-token";

    /** {@code PRAGMA defer_foreign_keys=TRUE;}: all a dump with nothing selected holds. */
    private static final int HEADER_ONLY = 31;

    @RegisterExtension
    final FakeD1Server server = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(1).build();

    @TempDir
    Path dir;

    private Path database() throws Exception {
        Path db = dir.resolve("app.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE)");
            st.execute("INSERT INTO users(email) VALUES('a@example.com')");
            st.execute("CREATE INDEX users_email ON users(email)");
            st.execute("CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END");
            st.execute("CREATE VIEW user_emails AS SELECT email FROM users");
            st.execute("ANALYZE");
        }
        server.addDatabase("app", db);
        return db;
    }

    @Test
    void withoutSchemaANameIsUnmatchedExactlyWhenTheDumpHasNothingForIt() throws Exception {
        Path db = database();
        List<String> unmatched = new ArrayList<>();
        try (Exporter exporter = D1Export.open(server.exportUrl("app"), server.clientProperties(TOKEN))) {
            for (String name : SchemaNames.of(db)) {
                Path out = dir.resolve("out.sql");
                ExportResult result = exporter.export(ExportRequest.builder().tables(name).noSchema(true)
                        .destination(out).build());
                boolean empty = Files.size(out) == HEADER_ONLY;
                assertThat(result.unmatchedTables()).as("unmatched for %s, whose dump is %s", name,
                        empty ? "empty" : "not empty").isEqualTo(empty ? List.of(name) : List.of());
                if (empty) {
                    unmatched.add(name);
                }
            }
        }
        assertThat(unmatched).containsExactlyInAnyOrder("sqlite_autoindex_users_1", "users_email", "users_touch",
                "user_emails");
    }

    @Test
    void aViewRefusesARowsOnlyRequestThatFailsOnUnmatchedNamesBeforeAnExportStarts() throws Exception {
        database();
        try (Exporter exporter = D1Export.open(server.exportUrl("app"), server.clientProperties(TOKEN))) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().tables("users", "user_emails")
                    .noSchema(true).failOnUnmatchedTables(true).destination(dir.resolve("out.sql")).build()))
                    .isInstanceOf(UnmatchedTablesException.class)
                    .hasMessageStartingWith("'user_emails' is a view, which the request exports nothing for as it"
                            + " exports rows only (noSchema)");
        }
        assertThat(server.exportsStarted()).isZero();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }
}
