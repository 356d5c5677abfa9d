package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference export of wrangler 4.86, made end to end by the {@code cloudflare} provider against FakeD1Server
 * (real HTTP, polling, signed-URL download), gives the golden bytes and the same bytes as the {@code sqlite} provider
 * writes directly from the same file.
 */
class CloudflareGoldenEndToEndTest {

    static final String TOKEN = "golden-token";
    static final String LAB_ID = "4a1b0000-0000-4000-8000-00000000001a";
    static final String FTS_ID = "4a1b0000-0000-4000-8000-0000000000f5";

    @TempDir
    static Path shared;

    @RegisterExtension
    static final FakeD1Server SERVER = FakeD1Server.builder().apiToken(TOKEN).insertColumnList(false)
            .pollsUntilComplete(1).build();

    static Path lab;
    static Path labFts;

    @TempDir
    Path dir;

    static synchronized void registerDatabases() {
        if (lab == null) {
            lab = Golden.copy("lab.sqlite", shared);
            labFts = Golden.copy("lab_fts.sqlite", shared);
            SERVER.addDatabase(new FakeDatabase(LAB_ID, "lab", lab));
            SERVER.addDatabase(new FakeDatabase(FTS_ID, "lab_fts", labFts));
        }
    }

    @AfterEach
    void noCredentialEverReachedTheDownloadListener() {
        assertThat(SERVER.journal().credentialLeaks()).isEmpty();
    }

    static Stream<Arguments> labCases() {
        return Stream.of(
                Arguments.of("export_default.sql", List.of(), false, false),
                Arguments.of("export_no_data.sql", List.of(), true, false),
                Arguments.of("export_no_schema.sql", List.of(), false, true),
                Arguments.of("export_table_types.sql", List.of("types"), false, false),
                Arguments.of("export_tables_users_posts.sql", List.of("users", "posts"), false, false),
                Arguments.of("export_tables_posts_users_reversed.sql", List.of("posts", "users"), false, false),
                Arguments.of("export_table_equals_syntax.sql", List.of("users", "posts"), false, false),
                Arguments.of("export_table_users_no_data.sql", List.of("users"), true, false),
                Arguments.of("export_table_users_no_schema.sql", List.of("users"), false, true),
                Arguments.of("export_table_odd_name.sql", List.of("odd \"table\" ñame 🚀"), false, false),
                Arguments.of("export_table_sqlite_sequence.sql", List.of("sqlite_sequence"), false, false),
                Arguments.of("export_table_sqlite_sequence_no_schema.sql", List.of("sqlite_sequence"), false, true),
                Arguments.of("export_table_sqlite_stat1.sql", List.of("sqlite_stat1"), false, false),
                Arguments.of("export_table_users_and_index.sql",
                        List.of("users", "idx_users_lower_name", "users_au"), false, false),
                Arguments.of("export_table_view.sql", List.of("user_posts"), false, false),
                Arguments.of("export_table_nonexistent.sql", List.of("does_not_exist"), false, false),
                Arguments.of("export_table_cf_metadata.sql", List.of("_cf_METADATA"), false, false),
                Arguments.of("export_table_case_USERS.sql", List.of("USERS"), false, false),
                // wrangler --table users --table users; the SPI refuses duplicates, so the request names it once.
                Arguments.of("export_table_users_twice.sql", List.of("users"), false, false),
                Arguments.of("export_table_kv_gen_strict.sql",
                        List.of("kv", "gen_cols", "strict_t", "empty_tbl"), false, false),
                Arguments.of("export_table_quirky_names.sql", List.of("tricky_default", "it's table", "select",
                        "bracket_tbl", "backtick_tbl", "single_quoted_tbl", "lower_case_tbl"), false, false),
                Arguments.of("export_table_big_no_schema.sql", List.of("big"), false, true),
                Arguments.of("export_by_binding_name_DB.sql", List.of("users"), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labCases")
    void cloudflareProviderAgainstTheFakeServerGivesTheGoldenBytes(String golden, List<String> tables,
            boolean noData, boolean noSchema) throws Exception {
        registerDatabases();
        // The binding-name case goes by database name (resolved with GET /d1/database?name=), the others by UUID.
        String database = golden.equals("export_by_binding_name_DB.sql") ? "lab" : LAB_ID;
        assertCloudflareMatches(database, lab, golden, tables, noData, noSchema);
    }

    static Stream<Arguments> ftsCases() {
        return Stream.of(
                Arguments.of("fts_export_table_users.sql", List.of("users")),
                Arguments.of("fts_export_table_shadow.sql", List.of("docs_fts_data", "docs_fts_idx",
                        "docs_fts_content", "docs_fts_docsize", "docs_fts_config")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ftsCases")
    void aFilterThatLeavesTheVirtualTableOutExportsTheFtsDatabase(String golden, List<String> tables)
            throws Exception {
        registerDatabases();
        assertCloudflareMatches(FTS_ID, labFts, golden, tables, false, false);
    }

    static Stream<Arguments> failingFtsCases() {
        return Stream.of(
                Arguments.of(List.of(), false, false),
                Arguments.of(List.of(), true, false),
                Arguments.of(List.of(), false, true),
                Arguments.of(List.of("docs_fts"), false, false),
                Arguments.of(List.of("users", "docs_fts"), false, false));
    }

    @ParameterizedTest(name = "tables={0} noData={1} noSchema={2}")
    @MethodSource("failingFtsCases")
    void exportingTheVirtualTableFailsAsOnD1AndWritesNothing(List<String> tables, boolean noData, boolean noSchema)
            throws Exception {
        registerDatabases();
        Path out = dir.resolve("fts.sql");
        Files.writeString(out, "previous");
        try (Exporter exporter = D1Export.open(SERVER.exportUrl(FTS_ID), SERVER.clientProperties(TOKEN))) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().tables(tables).noData(noData)
                    .noSchema(noSchema).destination(out).build()))
                    .isInstanceOf(ExportFailedException.class)
                    .hasMessageContaining("D1 Export error: cannot export databases with Virtual Tables (fts5)")
                    .satisfies(e -> assertThat(((ExportFailedException) e).details().hint()).isPresent());
        }
        assertThat(Files.readString(out)).isEqualTo("previous");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    private void assertCloudflareMatches(String database, Path file, String golden, List<String> tables,
            boolean noData, boolean noSchema) throws Exception {
        Path viaCloudflare = dir.resolve("cloudflare.sql");
        Path viaSqlite = dir.resolve("sqlite.sql");
        List<ExportEvent> events = new ArrayList<>();
        ExportResult result;
        try (Exporter exporter = D1Export.open(SERVER.exportUrl(database), SERVER.clientProperties(TOKEN))) {
            result = exporter.export(ExportRequest.builder().tables(tables).noData(noData).noSchema(noSchema)
                    .destination(viaCloudflare).listener(events::add).build());
        }
        try (Exporter exporter = D1Export.open("d1:sqlite:" + file, Map.of("column-list", "false"))) {
            exporter.export(ExportRequest.builder().tables(tables).noData(noData).noSchema(noSchema)
                    .destination(viaSqlite).build());
        }
        byte[] expected = Golden.bytes(golden);
        byte[] actual = Files.readAllBytes(viaCloudflare);
        if (!java.util.Arrays.equals(expected, actual)) {
            String[] e = new String(expected, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
            String[] a = new String(actual, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < Math.min(e.length, a.length); i++) {
                assertThat(a[i]).as("line %d of %s", i + 1, golden).isEqualTo(e[i]);
            }
        }
        assertThat(actual).as(golden).isEqualTo(expected);
        assertThat(actual).as("cloudflare via FakeD1Server = sqlite provider").isEqualTo(
                Files.readAllBytes(viaSqlite));
        assertThat(result.provider()).isEqualTo("cloudflare");
        assertThat(result.bytes()).isEqualTo(expected.length);
        assertThat(result.polls()).isEqualTo(2);
        assertThat(result.messages()).first().asString().startsWith("Generating ");
        assertThat(events).filteredOn(ExportEvent.Poll.class::isInstance).extracting(e -> ((ExportEvent.Poll) e)
                .status()).containsExactly("active", "complete");
    }
}
