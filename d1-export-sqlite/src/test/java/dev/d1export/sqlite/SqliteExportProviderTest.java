package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportConfigurationException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportRequestException;
import dev.d1export.spi.InvalidExportUrlException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.ProviderRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider through the SPI facade: discovery by URL, options, folders, events, atomic output. */
class SqliteExportProviderTest {

    @TempDir
    Path dir;

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aListOfProvidersShowsItsName() {
        assertThat(new SqliteExportProvider()).hasToString("SqliteExportProvider{sqlite}");
    }

    @Test
    void aClosedExporterRefusesANewExportAndWritesNothing() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path target = dir.resolve("out.sql");
        Exporter exporter = D1Export.open("d1:sqlite:" + lab);
        exporter.export(ExportRequest.builder().destination(target).build());
        byte[] first = Files.readAllBytes(target);
        exporter.close();
        exporter.close();
        assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This sqlite exporter is closed; create a new one to export again");
        assertThat(Files.readAllBytes(target)).isEqualTo(first);
        assertThat(files(dir)).containsExactly("lab.sqlite", "out.sql");
    }

    @Test
    void isFoundByTheFacadeAndWritesTheWrangler486DumpToAFile() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path target = dir.resolve("out.sql");
        List<ExportEvent> events = new ArrayList<>();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab + "?column-list=false")) {
            ExportResult result = exporter.export(ExportRequest.builder().destination(target)
                    .listener(events::add).build());
            assertThat(Files.readAllBytes(target)).isEqualTo(Golden.bytes("export_default.sql"));
            assertThat(result.provider()).isEqualTo("sqlite");
            assertThat(result.path()).contains(target.toAbsolutePath());
            assertThat(result.bytes()).isEqualTo(Files.size(target));
            assertThat(result.filename()).isEqualTo("lab.sql");
            assertThat(result.inexactValues()).hasValue(9);
            assertThat(result.skippedTables()).isEmpty();
        }
        assertThat(events.get(0)).isEqualTo(new ExportEvent.Started("sqlite", lab.toString()));
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.DownloadProgress).isNotEmpty();
        assertThat(events.get(events.size() - 1)).isInstanceOf(ExportEvent.Finished.class);
        assertThat(files(dir)).containsExactly("lab.sqlite", "out.sql");
        assertThat(D1Export.providers()).anyMatch(p -> p instanceof SqliteExportProvider);
    }

    @Test
    void anAddedProviderInstanceIsUsedInsteadOfTheDiscoveredOne() throws Exception {
        SqliteExportProvider mine = new SqliteExportProvider();
        ProviderRegistry registry = ProviderRegistry.builder().provider(mine).build();
        assertThat(registry.find(ExportOptions.parse("d1:sqlite:x.sqlite"))).isSameAs(mine);
        assertThat(registry.providers()).filteredOn(p -> p instanceof SqliteExportProvider).containsExactly(mine);
        Path db = Golden.copy("lab.sqlite", dir);
        try (Exporter exporter = registry.open("d1:sqlite:" + db)) {
            assertThat(exporter.export(ExportRequest.builder().destination(dir.resolve("lab.sql")).build()).bytes())
                    .isPositive();
        }
    }

    @Test
    void aListenerThatThrowsOnFinishedDoesNotTurnTheCompletedExportIntoAFailure() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path target = dir.resolve("out.sql");
        Files.writeString(target, "previous");
        ExportListener refusesFinished = e -> {
            if (e instanceof ExportEvent.Finished) {
                throw new IllegalStateException("listener refuses");
            }
        };
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab + "?column-list=false")) {
            ExportResult result = exporter.export(ExportRequest.builder().destination(target)
                    .listener(refusesFinished).build());
            assertThat(result.path()).contains(target.toAbsolutePath());
            assertThat(Files.readAllBytes(target)).isEqualTo(Golden.bytes("export_default.sql"));

            Files.writeString(target, "previous");
            ExportResult async = exporter.exportAsync(ExportRequest.builder().destination(target)
                    .listener(refusesFinished).build()).get(5, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(async.bytes()).isEqualTo(Files.size(target));
            assertThat(Files.readAllBytes(target)).isEqualTo(Golden.bytes("export_default.sql"));
        }
        assertThat(files(dir)).containsExactly("lab.sqlite", "out.sql");
    }

    @Test
    void aListenerThatThrowsBeforeFinishedAbortsTheExportAndKeepsThePreviousFile() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path target = dir.resolve("out.sql");
        Files.writeString(target, "previous");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).listener(e -> {
                if (e instanceof ExportEvent.DownloadProgress) {
                    throw new IllegalStateException("listener refuses");
                }
            }).build())).hasMessageContaining("listener refuses");
        }
        assertThat(target).hasContent("previous");
        assertThat(files(dir)).containsExactly("lab.sqlite", "out.sql");
    }

    @Test
    void columnListIsTheDefaultAndRequestOptionsApply() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab)) {
            exporter.export(ExportRequest.builder().tables("users").noSchema(true).destination(out).build());
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;\n"
                + "INSERT INTO \"users\" (\"id\",\"name\",\"email\",\"created_at\") VALUES(1,'Alice A.',"
                + "'alice@example.com','2024-01-01 00:00:00');\n"
                + "INSERT INTO \"users\" (\"id\",\"name\",\"email\",\"created_at\") VALUES(2,'Bob O''Brien',NULL,"
                + "'2024-01-02 00:00:00');\n"
                + "INSERT INTO \"users\" (\"id\",\"name\",\"email\",\"created_at\") VALUES(5,'Zoë 😀',"
                + "'zoe@example.com','2024-01-03 00:00:00');");
    }

    @Test
    void aFolderWithOneDatabaseUsesIt() throws Exception {
        Path state = Files.createDirectories(dir.resolve(".wrangler/state/v3/d1/miniflare-D1DatabaseObject"));
        Golden.copy("lab.sqlite", state);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve(".wrangler/state/v3/d1")
                + "?column-list=false")) {
            exporter.export(ExportRequest.builder().tables("users").destination(out).build());
        }
        assertThat(out.toByteArray()).isEqualTo(Golden.bytes("export_by_binding_name_DB.sql"));
    }

    @Test
    void wrangler4sStateFolderIsItsDatabaseNotMiniflaresMetadataBesideIt() throws Exception {
        // What wrangler 4.86 leaves: the database under a hashed name, and miniflare's metadata.sqlite beside it.
        Path state = Files.createDirectories(dir.resolve(".wrangler/state/v3/d1/miniflare-D1DatabaseObject"));
        Files.copy(Golden.copy("lab.sqlite", dir), state.resolve(
                "a36f84ea60804f30bb0c7f7cad9f5336a6cca0165abdab8b9241d93dbf0b6006.sqlite"));
        Path metadata = state.resolve("metadata.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + metadata);
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE _cf_ALARM (actor_id TEXT PRIMARY KEY, scheduled_time INTEGER) WITHOUT ROWID");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve(".wrangler/state/v3/d1")
                + "?column-list=false")) {
            exporter.export(ExportRequest.builder().tables("users").destination(out).build());
        }
        assertThat(out.toByteArray()).isEqualTo(Golden.bytes("export_by_binding_name_DB.sql"));

        // A metadata.sqlite with tables of its own is a database like any other: two, and the error lists both.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + metadata);
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE notes(x)");
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve(".wrangler/state/v3/d1"))) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(new ByteArrayOutputStream())
                    .build())).isInstanceOf(ExportConfigurationException.class)
                    .hasMessageContaining("Found 2 SQLite databases").hasMessageContaining("metadata.sqlite (tables: notes)");
        }
    }

    @Test
    void miniflaresMetadataIsNotListedAmongSeveralDatabases() throws Exception {
        // Two real databases and wrangler's state beside them: the error offers the databases only.
        Path state = Files.createDirectories(dir.resolve("data/wr/v3/d1/miniflare-D1DatabaseObject"));
        Files.copy(Golden.copy("lab.sqlite", dir), state.resolve("abc123.sqlite"));
        Golden.copy("lab_fts.sqlite", dir.resolve("data"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                + state.resolve("metadata.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)");
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve("data"))) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(new ByteArrayOutputStream())
                    .build())).isInstanceOf(ExportConfigurationException.class)
                    .hasMessageContaining("Found 2 SQLite databases")
                    .hasMessageContaining("abc123.sqlite (tables: users, posts")
                    .hasMessageContaining("lab_fts.sqlite (tables: ")
                    .hasMessageNotContaining("metadata.sqlite");
        }
    }

    @Test
    void aStateFolderHoldingOnlyMiniflaresMetadataIsThatDatabase() throws Exception {
        // Before wrangler has made the database itself: the one file there is the database, not a list of none.
        Path state = Files.createDirectories(dir.resolve("v3/d1/miniflare-D1DatabaseObject"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                + state.resolve("metadata.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE _cf_ALARM (actor_id TEXT PRIMARY KEY, scheduled_time INTEGER)"
                    + " WITHOUT ROWID");
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve("v3/d1"))) {
            assertThat(exporter.export(ExportRequest.builder().destination(new ByteArrayOutputStream()).build())
                    .filename()).isEqualTo("metadata.sql");
        }
    }

    @Test
    void aFileThatIsNoDatabaseIsListedAsUnreadableNotTakenForMiniflaresMetadata() throws Exception {
        Path state = Files.createDirectories(dir.resolve("d1/miniflare-D1DatabaseObject"));
        Golden.copy("lab.sqlite", dir.resolve("d1"));
        // Named and placed as miniflare's metadata, but not a database: whether it holds only _cf_ tables cannot be
        // told, so it is offered like any other file, with the reason its tables cannot be listed.
        Files.writeString(state.resolve("metadata.sqlite"), "not a database ".repeat(300));
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve("d1"))) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(new ByteArrayOutputStream())
                    .build())).isInstanceOf(ExportConfigurationException.class)
                    .hasMessageContaining("Found 2 SQLite databases")
                    .hasMessageContaining("(d1:sqlite:<file>): " + dir.resolve("d1/lab.sqlite")
                            + " (tables: users, posts")
                    .hasMessageContaining("); " + state.resolve("metadata.sqlite") + " (tables: unreadable: ")
                    .hasMessageContaining("not a database");
        }
    }

    @Test
    void aFolderWithSeveralDatabasesIsAnErrorListingEachWithItsTables() throws Exception {
        Path state = Files.createDirectories(dir.resolve("d1/x"));
        Golden.copy("lab.sqlite", state);
        Golden.copy("lab_fts.sqlite", dir.resolve("d1"));
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir.resolve("d1"))) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build()))
                    .isInstanceOf(ExportConfigurationException.class)
                    .hasMessageContaining("Found 2 SQLite databases")
                    .hasMessageContaining(state.resolve("lab.sqlite").toString())
                    .hasMessageContaining(dir.resolve("d1/lab_fts.sqlite").toString())
                    .hasMessageContaining("users, posts")
                    .hasMessageContaining("docs_fts")
                    .hasMessageContaining(dir.resolve("d1/lab_fts.sqlite") + " (tables: ")
                    .hasMessageNotContaining("\n");
        }
        assertThat(files(dir)).containsExactly("d1");
    }

    @Test
    void missingDatabaseIsATypedErrorNamingThePath() {
        Path missing = dir.resolve("nope.sqlite");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + missing)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build()))
                    .isInstanceOf(DatabaseNotFoundException.class).hasMessageContaining(missing.toString());
        }
    }

    @Test
    void aMissingRelativePathIsShownAsWrittenAndResolved() {
        String relative = "no-such-folder-" + Long.toHexString(System.nanoTime()) + "/app.sqlite";
        try (Exporter exporter = D1Export.open("d1:sqlite:" + relative)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build()))
                    .isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessage("No SQLite database at " + Path.of(relative) + " ("
                            + Path.of(relative).toAbsolutePath() + "): no such file or folder");
        }
        assertThat(dir.resolve("o.sql")).doesNotExist();
    }

    @Test
    void aPercentEscapedOrFileUriPathIsTakenAsWrittenAndTheErrorSaysWhatToWrite() throws Exception {
        Path spaced = Files.copy(Golden.copy("lab.sqlite", dir), dir.resolve("my lab é.sqlite"));
        String escaped = dir + "/my%20lab%20%C3%A9.sqlite";
        for (String written : List.of(escaped, spaced.toUri().toString())) {
            try (Exporter exporter = D1Export.open("d1:sqlite:" + written)) {
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                        .build()))
                        .as(written)
                        .isInstanceOfSatisfying(DatabaseNotFoundException.class, e -> assertThat(e.details().hint())
                                .hasValue("the path of a d1:sqlite: URL is taken as written, not percent-decoded nor"
                                        + " a file: URI; write the path itself: d1:sqlite:" + spaced));
            }
        }
        // A relative file: URI (an opaque URI: file:folder/app.sqlite) gets the relative path to write.
        Path relative = Path.of("").toAbsolutePath().relativize(spaced);
        String relativeUri = "file:" + relative.toString().replace(" ", "%20");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + relativeUri)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build()))
                    .as(relativeUri)
                    .isInstanceOfSatisfying(DatabaseNotFoundException.class, e -> assertThat(e.details().hint())
                            .hasValue("the path of a d1:sqlite: URL is taken as written, not percent-decoded nor"
                                    + " a file: URI; write the path itself: d1:sqlite:" + relative));
        }
        // A file: URI that is no URI at all (a space), or a malformed escape, suggests nothing, not the empty path.
        for (String written : List.of("file:no such.sqlite", dir + "/my%zzlab.sqlite")) {
            try (Exporter exporter = D1Export.open(ExportOptions.builder().provider("sqlite").target(written)
                    .build())) {
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                        .build()))
                        .as(written)
                        .isInstanceOfSatisfying(DatabaseNotFoundException.class, e -> assertThat(e.details().hint())
                                .isEmpty());
            }
        }
        // The path as written, when it exists, is the database, escapes and all.
        Path literal = Files.copy(spaced, dir.resolve("50%25.sqlite"));
        try (Exporter exporter = D1Export.open("d1:sqlite:" + literal)) {
            assertThat(exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build()).bytes())
                    .isPositive();
        }
        // A '?' or '#' a URL cannot carry goes in through the builder.
        Path odd = Files.copy(spaced, dir.resolve("why?#.sqlite"));
        try (Exporter exporter = D1Export.open(ExportOptions.builder().provider("sqlite").target(odd.toString())
                .build())) {
            assertThat(exporter.export(ExportRequest.builder().destination(dir.resolve("q.sql")).build()).filename())
                    .isEqualTo("why?#.sql");
        }
        // Nothing decoded exists either: no hint, rather than a guess.
        try (Exporter exporter = D1Export.open("d1:sqlite:" + dir + "/no%20such.sqlite")) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("p.sql"))
                    .build()))
                    .isInstanceOfSatisfying(DatabaseNotFoundException.class,
                            e -> assertThat(e.details().hint()).isEmpty());
        }
    }

    @Test
    void badOptionsFailWhenTheExporterIsOpened() {
        assertThatThrownBy(() -> D1Export.open("d1:sqlite:x.sqlite?virtual-tables=maybe"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("virtual-tables")
                .hasMessageContaining("maybe");
        assertThatThrownBy(() -> D1Export.open("d1:sqlite:x.sqlite?colum-list=false"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("colum-list");
    }

    @Test
    void aTargetWithAnAuthorityIsRefusedWithTheOneSlashForm() {
        assertThatThrownBy(() -> D1Export.open("d1:sqlite://tmp/db.sqlite"))
                .isInstanceOfSatisfying(InvalidExportUrlException.class, e -> {
                    assertThat(e.part()).isEqualTo("authority");
                    assertThat(e.url()).isEqualTo("d1:sqlite://tmp/db.sqlite");
                })
                .hasMessageContaining("'d1:sqlite:/tmp/db.sqlite'");
        assertThatThrownBy(() -> D1Export.open("d1:sqlite://tmp/db.sqlite?column-list=false"))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("'d1:sqlite:/tmp/db.sqlite?column-list=false'");
        // Options built in code, not parsed from a URL, are checked the same way; an empty authority (file:/// style,
        // which the URL parser refuses by itself) gets the one-slash form too.
        assertThatThrownBy(() -> D1Export.open(ExportOptions.builder().provider("sqlite").target("//" + dir).build()))
                .isInstanceOf(InvalidExportUrlException.class).hasMessageContaining("'d1:sqlite:" + dir + "'");
    }

    @Test
    void virtualTableFailureLeavesThePreviousFileUntouchedAndNoTemporaryFile() throws Exception {
        Path fts = Golden.copy("lab_fts.sqlite", dir);
        Path target = Files.writeString(dir.resolve("previous.sql"), "old dump");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + fts)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).build()))
                    .isInstanceOfSatisfying(ExportFailedException.class, e -> assertThat(e.summary())
                            .isEqualTo("D1 Export error: cannot export databases with Virtual Tables (fts5)"));
        }
        assertThat(Files.readString(target)).isEqualTo("old dump");
        assertThat(files(dir)).containsExactly("lab_fts.sqlite", "previous.sql");
    }

    /** A local file's own way out, not the CLI's generic advice about the server's message. */
    @Test
    void theVirtualTableErrorHintsAtATableFilterAndVirtualTablesSkip() throws Exception {
        Path fts = Golden.copy("lab_fts.sqlite", dir);
        Path target = dir.resolve("out.sql");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + fts)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).build()))
                    .isInstanceOfSatisfying(ExportFailedException.class, e -> assertThat(e.details().hint())
                            .hasValueSatisfying(hint -> assertThat(hint).contains("table filter (--table")
                                    .contains("virtual-tables=skip").contains("shadow tables")));
        }
        // Both ways out work.
        try (Exporter exporter = D1Export.open("d1:sqlite:" + fts + "?virtual-tables=skip")) {
            assertThat(exporter.export(ExportRequest.builder().destination(target).build()).skippedTables())
                    .contains("docs_fts", "docs_fts_data");
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + fts)) {
            exporter.export(ExportRequest.builder().destination(target).tables(List.of("users")).build());
            assertThat(Files.readString(target)).contains("INSERT INTO \"users\"");
        }
    }

    @Test
    void skippedVirtualTablesAreReportedInTheResultAndAsWarnings() throws Exception {
        Path fts = Golden.copy("lab_fts.sqlite", dir);
        List<ExportEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + fts + "?virtual-tables=skip&column-list=false")) {
            ExportResult result = exporter.export(ExportRequest.builder().destination(out).listener(events::add)
                    .build());
            assertThat(result.skippedTables()).containsExactly("docs_fts", "docs_fts_data", "docs_fts_idx",
                    "docs_fts_content", "docs_fts_docsize", "docs_fts_config");
            assertThat(result.path()).isEmpty();
        }
        assertThat(out.toByteArray()).isEqualTo(Golden.bytes("export_default.sql"));
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.Warning).hasSize(6)
                .first().asString().contains("docs_fts");
    }

    @Test
    void aNameThatMatchesNothingGivesD1sDumpAndAWarningNamingIt() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        List<ExportEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab + "?column-list=false")) {
            result = exporter.export(ExportRequest.builder().tables("does_not_exist").destination(out)
                    .listener(events::add).build());
        }
        assertThat(out.toByteArray()).as("what D1 writes").isEqualTo(Golden.bytes("export_table_nonexistent.sql"));
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.Warning).singleElement().asString()
                .contains("No table or other object is named 'does_not_exist'");
        assertThat(result.messages()).singleElement().asString().contains("'does_not_exist'");
        assertThat(result.unmatchedTables()).containsExactly("does_not_exist");
    }

    @Test
    void namesThatMatchNothingAreReportedInRequestOrderAndFailTheExportWhenAsked() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path target = Files.writeString(dir.resolve("out.sql"), "previous");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab)) {
            List<String> requested = List.of("zeta", "users", "alpha", "mid");
            ExportResult result = exporter.export(ExportRequest.builder().tables(requested)
                    .destination(new ByteArrayOutputStream()).build());
            assertThat(result.unmatchedTables()).containsExactly("zeta", "alpha", "mid");
            assertThat(result.messages()).hasSize(3).first().asString().contains("'zeta'");

            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().tables(requested)
                    .failOnUnmatchedTables(true).destination(target).build()))
                    .isInstanceOf(InvalidExportRequestException.class)
                    .hasMessageStartingWith("No table or other object is named 'zeta', 'alpha', 'mid', and the request"
                            + " fails on a name that matches nothing");
        }
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(files(dir)).containsExactly("lab.sqlite", "out.sql");
    }

    @Test
    void progressCountsOnlyGrow() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        for (List<String> tables : List.of(List.<String>of(), List.of("users"), List.of("posts", "users"))) {
            List<Long> counts = new ArrayList<>();
            try (Exporter exporter = D1Export.open("d1:sqlite:" + lab)) {
                exporter.export(ExportRequest.builder().tables(tables).destination(new ByteArrayOutputStream())
                        .listener(event -> {
                            if (event instanceof ExportEvent.DownloadProgress progress) {
                                counts.add(progress.bytes());
                            }
                        }).build());
            }
            assertThat(counts).as("tables %s", tables).isNotEmpty().isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void progressEndsWithTheDumpsSizeToldOnceWhateverTheOptions() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path empty = dir.resolve("empty.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + empty);
             Statement st = c.createStatement()) {
            // A file with a page but no object: the dump is its header alone.
            st.execute("PRAGMA user_version = 1");
        }
        List<String> queries = List.of("", "?column-list=false", "?lossless=true", "?virtual-tables=skip");
        List<ExportRequest.Builder> requests = List.of(ExportRequest.builder(), ExportRequest.builder().noData(true),
                ExportRequest.builder().noSchema(true), ExportRequest.builder().tables("users"),
                ExportRequest.builder().tables("no_such_table"));
        for (Path db : List.of(lab, empty)) {
            for (String query : queries) {
                for (int i = 0; i < requests.size(); i++) {
                    List<Long> counts = new ArrayList<>();
                    Path out = dir.resolve("out.sql");
                    ExportResult result;
                    try (Exporter exporter = D1Export.open("d1:sqlite:" + db + query)) {
                        result = exporter.export(requests.get(i).destination(out).listener(event -> {
                            if (event instanceof ExportEvent.DownloadProgress progress) {
                                assertThat(progress.totalBytes()).isEqualTo(-1);
                                counts.add(progress.bytes());
                            }
                        }).build());
                    }
                    assertThat(counts).as("%s%s, request %d", db.getFileName(), query, i).isNotEmpty().isSorted()
                            .doesNotHaveDuplicates().last().isEqualTo(result.bytes()).isEqualTo(Files.size(out));
                }
            }
        }
    }

    /**
     * Progress is told where each table ends, every few thousand rows within a long table, and at the very end (the
     * indexes after the last table included), each count once.
     */
    @Test
    void progressIsToldAtEachTablesEndWithinALongTableAndAtTheEnd() throws Exception {
        Path db = dir.resolve("progress.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE a (x)");
            st.execute("INSERT INTO a VALUES (1)");
            st.execute("CREATE TABLE b (x)");
            st.execute("INSERT INTO b VALUES (1), (2)");
            st.execute("CREATE TABLE c (x)");
            st.execute("INSERT INTO c WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                    + " SELECT i FROM n");
            st.execute("CREATE INDEX b_x ON b (x)");
        }
        List<Long> counts = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + db + "?column-list=false")) {
            result = exporter.export(ExportRequest.builder().destination(out).listener(event -> {
                if (event instanceof ExportEvent.DownloadProgress progress) {
                    counts.add(progress.bytes());
                }
            }).build());
        }
        String dump = out.toString(StandardCharsets.UTF_8);
        long endOfA = dump.indexOf("\nCREATE TABLE b");
        long endOfB = dump.indexOf("\nCREATE TABLE c");
        long endOfC = dump.indexOf("\nCREATE INDEX b_x");
        assertThat(counts).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(counts.get(0)).isEqualTo(endOfA);
        assertThat(counts.get(1)).isEqualTo(endOfB);
        assertThat(counts.get(2)).as("within table c's rows").isGreaterThan(endOfB + "CREATE TABLE c (x);".length())
                .isLessThan(endOfC);
        assertThat(dump.charAt(counts.get(2).intValue())).as("a row's end").isEqualTo('\n');
        assertThat(counts.get(3)).isEqualTo(endOfC);
        assertThat(counts.get(4)).isEqualTo(result.bytes()).isEqualTo(dump.length());
    }

    @Test
    void aNameThatDiffersOnlyInCaseIsPointedOut() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        List<ExportEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult result;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab + "?column-list=false")) {
            result = exporter.export(ExportRequest.builder().tables("USERS", "posts").destination(out)
                    .listener(events::add).build());
        }
        assertThat(events).filteredOn(e -> e instanceof ExportEvent.Warning).singleElement().asString()
                .contains("'USERS'").contains("did you mean 'users'?");
        assertThat(result.unmatchedTables()).containsExactly("USERS");
    }

    @Test
    void aFileThatIsNotADatabaseIsNotFoundWithAHintAndNothingIsWritten() throws Exception {
        Path text = Files.writeString(dir.resolve("dump.sql"), "CREATE TABLE t(x);\n".repeat(100));
        Path target = dir.resolve("out.sql");
        try (Exporter exporter = D1Export.open("d1:sqlite:" + text)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(target).build()))
                    .isInstanceOfSatisfying(DatabaseNotFoundException.class, e -> {
                        assertThat(e).hasMessageContaining(text + " is not a SQLite database");
                        assertThat(e.details().hint()).hasValueSatisfying(h -> assertThat(h)
                                .contains("takes a SQLite database file"));
                    });
        }
        assertThat(files(dir)).containsExactly("dump.sql");
    }

    @Test
    void aTimeoutThatPassesNamesTheDatabaseAndTheLimitAndWritesNothing() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        Path out = dir.resolve("dump.sql");
        // 20,000+ rows: the engine checks its deadline on the way, and a nanosecond has passed by the first check.
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().timeout(Duration.ofNanos(1))
                    .destination(out).build()))
                    .isInstanceOf(ExportTimeoutException.class)
                    .hasMessage("Export of " + lab + " did not finish within 0.000001ms; raise the request timeout");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aTimeoutIsKeptForFewRowsAndForWideOnes() throws Exception {
        // Far fewer rows than the engine's row step: one small table, and one table of a few 2 MiB blobs.
        Path small = dir.resolve("small.sqlite");
        Path wide = dir.resolve("wide.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + small);
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE t(x INTEGER)");
            st.executeUpdate("INSERT INTO t VALUES(1),(2),(3)");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wide);
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE blobs(b BLOB)");
            st.executeUpdate("INSERT INTO blobs SELECT zeroblob(2097152) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3)");
        }
        for (Path database : List.of(small, wide)) {
            Path out = dir.resolve(database.getFileName() + ".sql");
            try (Exporter exporter = D1Export.open("d1:sqlite:" + database)) {
                assertThatThrownBy(() -> exporter.export(ExportRequest.builder().timeout(Duration.ofNanos(1))
                        .destination(out).build())).as("%s", database).isInstanceOf(ExportTimeoutException.class);
            }
            assertThat(out).doesNotExist();
        }
        // The wide table's 12 MiB of hex: the export stops within its first megabytes, not at the table's end.
        AtomicLong written = new AtomicLong();
        java.io.OutputStream counting = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                written.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written.addAndGet(len);
            }
        };
        try (Exporter exporter = D1Export.open("d1:sqlite:" + wide)) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().timeout(Duration.ofNanos(1))
                    .destination(counting).build())).isInstanceOf(ExportTimeoutException.class);
        }
        assertThat(written.get()).as("bytes written before the timeout was seen").isLessThan(6L << 20);
    }

    @Test
    void aTimeoutTooLongForNanosecondsMeansNoDeadline() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        // 300 years overflow Duration.toNanos; 200 years do not, but now + 200 years may wrap past Long.MAX_VALUE.
        // The database has 20,000+ rows, so the engine checks its deadline several times on the way.
        for (Duration timeout : List.of(Duration.ofDays(365L * 300), Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofDays(365L * 200))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Exporter exporter = D1Export.open("d1:sqlite:" + lab + "?column-list=false")) {
                exporter.export(ExportRequest.builder().timeout(timeout).destination(out).build());
            }
            assertThat(out.toByteArray()).as("timeout %s", timeout).isEqualTo(Golden.bytes("export_default.sql"));
        }
    }

    @Test
    void losslessOptionIsHonoured() throws Exception {
        Path lab = Golden.copy("lab.sqlite", dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Exporter exporter = D1Export.open("d1:sqlite:" + lab + "?lossless=true")) {
            ExportResult result = exporter.export(ExportRequest.builder().tables("types").destination(out).build());
            assertThat(result.inexactValues()).hasValue(9);
            assertThat(result.messages()).anyMatch(m -> m.contains("written exactly"));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("9223372036854775807", "9e999");
    }
}
