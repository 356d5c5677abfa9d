package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tables named like SQLite's statistics tables, against wrangler 4.86's exports of the same files (see the README
 * beside them). A differential test found the dump taking every name that starts with {@code sqlite_stat} for one,
 * where D1's test is {@code /^sqlite_stat./}, and refusing a virtual table of such a name, which D1 writes.
 */
class StatisticsTableNamesTest {

    private static final String FOLDER = "/golden/wrangler-4.86-statistics-names/";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stat-exact", "stat-nl", "statvirt"})
    void isWrittenAsD1WritesIt(String name) throws IOException {
        Path db = Files.write(dir.resolve(name + ".sqlite"), Golden.bytes(FOLDER, name + ".sqlite"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        D1DumpWriter.builder().columnList(false).build().write(db, out);

        assertThat(out.toByteArray()).isEqualTo(Golden.bytes(FOLDER, name + ".sql"));
    }
}
