package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.sqlite.golden.GoldenCases;
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
        // wrangler was given --table users --table users once; the SPI refuses duplicate names, so each request names
        // a table once (the dump is the same).
        return GoldenCases.labCases().map(a -> {
            Object[] args = a.get();
            args[1] = List.copyOf(new java.util.LinkedHashSet<>((List<?>) args[1]));
            return Arguments.of(args);
        });
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
        return GoldenCases.ftsCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ftsCases")
    void aFilterThatLeavesTheVirtualTableOutExportsTheFtsDatabase(String golden, List<String> tables)
            throws Exception {
        registerDatabases();
        assertCloudflareMatches(FTS_ID, labFts, golden, tables, false, false);
    }

    static Stream<Arguments> failingFtsCases() {
        return GoldenCases.failingFtsCases();
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
        ExportResult viaSqliteResult;
        try (Exporter exporter = D1Export.open("d1:sqlite:" + file, Map.of("column-list", "false"))) {
            viaSqliteResult = exporter.export(ExportRequest.builder().tables(tables).noData(noData)
                    .noSchema(noSchema).destination(viaSqlite).build());
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
        // A requested name that matches nothing: the same notices from both providers, before D1's own messages.
        List<String> notices = viaSqliteResult.messages().stream()
                .filter(m -> m.startsWith("No table or other object is named")).toList();
        assertThat(result.messages().subList(0, notices.size())).isEqualTo(notices);
        assertThat(result.messages().subList(notices.size(), result.messages().size())).first().asString()
                .startsWith("Generating ");
        assertThat(events).filteredOn(ExportEvent.Poll.class::isInstance).extracting(e -> ((ExportEvent.Poll) e)
                .status()).containsExactly("active", "complete");
    }
}
