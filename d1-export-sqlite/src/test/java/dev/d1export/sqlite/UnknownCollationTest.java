package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Collation;

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
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            Collation.create(c, "uint", new Collation() {
                @Override
                protected int xCompare(String a, String b) {
                    return a.compareTo(b);
                }
            });
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t(k TEXT COLLATE uint PRIMARY KEY, v INTEGER) WITHOUT ROWID");
                s.execute("INSERT INTO t VALUES ('a2', 1), ('a10', 2)");
            }
        }
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
}
