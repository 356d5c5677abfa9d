package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.ExportFailedException;
import dev.d1export.sqlite.golden.GoldenCases;
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
        return GoldenCases.labCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labCases")
    void reproducesWranglerExport(String golden, List<String> tables, boolean noData, boolean noSchema)
            throws IOException {
        assertDump(lab, golden, tables, noData, noSchema);
    }

    static Stream<Arguments> ftsCases() {
        return GoldenCases.ftsCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ftsCases")
    void reproducesWranglerExportOfFtsDatabaseWhenFilterLeavesVirtualTableOut(String golden, List<String> tables)
            throws IOException {
        assertDump(labFts, golden, tables, false, false);
    }

    static Stream<Arguments> failingFtsCases() {
        return GoldenCases.failingFtsCases();
    }

    @ParameterizedTest(name = "tables={0} noData={1} noSchema={2}")
    @MethodSource("failingFtsCases")
    void failsLikeWranglerWhenTheVirtualTableIsExported(List<String> tables, boolean noData, boolean noSchema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        D1DumpWriter writer = writer(tables, noData, noSchema);
        assertThatThrownBy(() -> writer.write(labFts, out))
                .isInstanceOfSatisfying(ExportFailedException.class, e -> assertThat(e.summary())
                        .isEqualTo("D1 Export error: cannot export databases with Virtual Tables (fts5)"));
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
