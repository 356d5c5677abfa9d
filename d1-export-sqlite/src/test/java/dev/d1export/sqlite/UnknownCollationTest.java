package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made by a program that defined a collation of its own (the {@code sqlite3} shell's {@code uint}, an
 * application's) cannot be read where that collation is missing, by us as by D1 and wrangler: the error names the
 * collation and says so, instead of suggesting the file is damaged.
 */
class UnknownCollationTest {

    @TempDir
    Path dir;

    @Test
    void aCollationOnlyTheProgramThatMadeTheFileDefinesIsNamedNotBlamedOnTheFile() throws Exception {
        Path database = dir.resolve("app.sqlite");
        ApplicationCollation.run(database,
                "CREATE TABLE t(k TEXT COLLATE uint PRIMARY KEY, v INTEGER) WITHOUT ROWID",
                "INSERT INTO t VALUES ('a2', 1), ('a10', 2)");
        Path dump = Files.writeString(dir.resolve("app.sql"), "the previous dump");

        assertThatThrownBy(() -> {
            try (Exporter exporter = D1Export.open("d1:sqlite:" + database)) {
                exporter.export(ExportRequest.builder().destination(dump).build());
            }
        }).isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("uint")
                .satisfies(e -> assertThat(((ExportFailedException) e).details().hint()).hasValueSatisfying(hint ->
                        assertThat(hint).contains("collation 'uint'").doesNotContain("integrity_check")));
        assertThat(Files.readString(dump)).isEqualTo("the previous dump");
    }

    @Test
    void anOrdinaryIndexWithSuchACollationDoesNotStopTheExportAndIsCopiedAsWritten() throws Exception {
        // Rows of a rowid table are read by rowid: the index is never walked, only its CREATE statement copied.
        Path database = dir.resolve("indexed.sqlite");
        ApplicationCollation.run(database,
                "CREATE TABLE c(x TEXT, y TEXT UNIQUE COLLATE uint)",
                "CREATE INDEX ci ON c(x COLLATE uint)",
                "INSERT INTO c VALUES ('a2', 'b2'), ('a10', 'b10')");
        Path dump = dir.resolve("indexed.sql");

        try (Exporter exporter = D1Export.open("d1:sqlite:" + database)) {
            exporter.export(ExportRequest.builder().destination(dump).build());
        }

        assertThat(Files.readString(dump)).contains("CREATE INDEX ci ON c(x COLLATE uint);")
                .contains("INSERT INTO \"c\" (\"x\",\"y\") VALUES('a2','b2');");
    }

    @Test
    void onlyTheUnknownCollationIsNamedNotTheBuiltInOnesInWhateverCaseTheSchemaSpellsThem() throws Exception {
        // index_xinfo reports each collation as the schema spells it, BINARY for a column without one.
        Path database = dir.resolve("mixed.sqlite");
        ApplicationCollation.run(database,
                "CREATE TABLE t(k TEXT COLLATE uint PRIMARY KEY, n TEXT COLLATE NOCASE, r TEXT COLLATE rTrim,"
                        + " b TEXT COLLATE Binary, v) WITHOUT ROWID",
                "CREATE INDEX tn ON t(n)", "CREATE INDEX tr ON t(r)", "CREATE INDEX tb ON t(b, v)",
                "INSERT INTO t VALUES ('a2', 'x', 'y', 'z', 1)");

        assertThatThrownBy(() -> {
            try (Exporter exporter = D1Export.open("d1:sqlite:" + database)) {
                exporter.export(ExportRequest.builder().destination(dir.resolve("mixed.sql")).build());
            }
        }).isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("it uses the collation 'uint', which the program that made it defined")
                .satisfies(e -> assertThat(((ExportFailedException) e).details().hint()).hasValueSatisfying(hint ->
                        assertThat(hint).startsWith("collation 'uint' exists only")));
    }
}
