package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.ExportFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference export of wrangler 4.86 (flags from the golden README), reproduced byte for byte with the
 * wrangler 4.86 INSERT form.
 */
class GoldenDumpTest {

    @TempDir
    static Path dir;
    static Path lab;
    static Path labFts;

    @BeforeAll
    static void copyDatabases() {
        lab = Golden.copy("lab.sqlite", dir);
        labFts = Golden.copy("lab_fts.sqlite", dir);
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
                Arguments.of("export_table_users_twice.sql", List.of("users", "users"), false, false),
                Arguments.of("export_table_kv_gen_strict.sql",
                        List.of("kv", "gen_cols", "strict_t", "empty_tbl"), false, false),
                Arguments.of("export_table_quirky_names.sql", List.of("tricky_default", "it's table", "select",
                        "bracket_tbl", "backtick_tbl", "single_quoted_tbl", "lower_case_tbl"), false, false),
                Arguments.of("export_table_big_no_schema.sql", List.of("big"), false, true),
                Arguments.of("export_by_binding_name_DB.sql", List.of("users"), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labCases")
    void reproducesWranglerExport(String golden, List<String> tables, boolean noData, boolean noSchema)
            throws IOException {
        assertDump(lab, golden, tables, noData, noSchema);
    }

    static Stream<Arguments> ftsCases() {
        return Stream.of(
                Arguments.of("fts_export_table_users.sql", List.of("users")),
                Arguments.of("fts_export_table_shadow.sql", List.of("docs_fts_data", "docs_fts_idx",
                        "docs_fts_content", "docs_fts_docsize", "docs_fts_config")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ftsCases")
    void reproducesWranglerExportOfFtsDatabaseWhenFilterLeavesVirtualTableOut(String golden, List<String> tables)
            throws IOException {
        assertDump(labFts, golden, tables, false, false);
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
    void failsLikeWranglerWhenTheVirtualTableIsExported(List<String> tables, boolean noData, boolean noSchema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter writer = writer(tables, noData, noSchema);
        assertThatThrownBy(() -> writer.write(labFts, out))
                .isInstanceOf(ExportFailedException.class)
                .hasMessage("D1 Export error: cannot export databases with Virtual Tables (fts5)");
        assertThat(out.size()).as("nothing written before the failure").isZero();
    }

    /** A reference file added to the folder without a case here would otherwise never be compared. */
    @Test
    void everyReferenceExportInTheFolderHasACase() throws Exception {
        Path folder = Path.of(Objects.requireNonNull(GoldenDumpTest.class.getResource(Golden.FOLDER)).toURI());
        List<String> references;
        try (Stream<Path> files = Files.list(folder)) {
            references = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("(export|fts)_.*\\.sql")).sorted().toList();
        }
        List<String> covered = Stream.concat(labCases(), ftsCases()).map(a -> (String) a.get()[0]).sorted().toList();
        assertThat(references).hasSizeGreaterThanOrEqualTo(25).isEqualTo(covered);
    }

    @Test
    void emptyFilterResultIsTheHeaderAlone() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = writer(List.of("nothing_here"), false, false).write(lab, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;");
        assertThat(summary.bytes()).isEqualTo(31);
        assertThat(summary.rows()).isZero();
    }

    private static D1DumpWriter writer(List<String> tables, boolean noData, boolean noSchema) {
        return D1DumpWriter.builder().tables(tables).noData(noData).noSchema(noSchema).columnList(false).build();
    }

    private static void assertDump(Path db, String golden, List<String> tables, boolean noData, boolean noSchema)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSummary summary = writer(tables, noData, noSchema).write(db, out);
        byte[] expected = Golden.bytes(golden);
        byte[] actual = out.toByteArray();
        if (!java.util.Arrays.equals(expected, actual)) {
            // Show the first differing line, not a megabyte of text.
            String[] e = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
            String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < Math.min(e.length, a.length); i++) {
                assertThat(a[i]).as("line %d of %s", i + 1, golden).isEqualTo(e[i]);
            }
            assertThat(a.length).as("line count of %s", golden).isEqualTo(e.length);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(summary.bytes()).isEqualTo(expected.length);
    }
}
