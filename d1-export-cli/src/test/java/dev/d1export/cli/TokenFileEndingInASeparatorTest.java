package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --token-file} that ends in a separator as typed ({@code token.txt/}) names a folder, and a folder is never
 * a token file: a {@link Path} drops the separator and would read {@code token.txt}, where {@code cat token.txt/}
 * fails with "Not a directory". A file of that name is a usage error and is not read; a folder is the folder error;
 * nothing there is "does not exist" (in {@link PathsAsTypedTest}).
 */
class TokenFileEndingInASeparatorTest {

    private static final String TOKEN = "tok-Zq81-SLASH-do-not-print";

    private static final String FILE_HINT = "hint: a name ending in / names a folder: leave the / out to read the token"
            + " from that file";

    @TempDir
    Path dir;

    @Test
    void aFileNamedWithASeparatorAtTheEndIsAUsageErrorAndIsNotRead() throws IOException {
        Files.writeString(dir.resolve("token.txt"), TOKEN + "\n");
        String typed = dir + "/token.txt/";
        Path out = dir.resolve("out.sql");
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?auth=required&journal=" + journal, "--token-file",
                typed, "--json", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        String message = "Token file " + typed + " ends in / but names a file";
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: " + message,
                FILE_HINT);
        Map<?, ?> error = (Map<?, ?>) JsonReader.object(result.out()).get("error");
        assertThat(error.get("family")).isEqualTo("usage");
        assertThat(error.get("message")).isEqualTo(message);
        assertThat(result.all()).doesNotContain(TOKEN);
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(out).doesNotExist();
    }

    /**
     * {@code -o token.txt --token-file token.txt/}: the token file named with a separator is no token file, so the
     * destination check does not take it for one (that said exit 12, "it is the token file"); reading it is the
     * usage error, before anything is written.
     */
    @Test
    void theSameFileAsOutputIsStillTheUsageErrorAndIsKept() throws IOException {
        Path token = Files.writeString(dir.resolve("token.txt"), TOKEN + "\n");
        String typed = dir + "/token.txt/";

        CliResult result = InProcess.run("export", FIXTURE + "?auth=required", "--token-file", typed, "-o",
                token.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: Token file "
                + typed + " ends in / but names a file", FILE_HINT);
        assertThat(Files.readString(token)).isEqualTo(TOKEN + "\n");
    }

    @Test
    void aFolderNamedWithASeparatorAtTheEndIsTheFolderError() throws IOException {
        Files.createDirectory(dir.resolve("tokens"));
        String typed = dir + "/tokens/";
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?auth=required&journal=" + journal, "--token-file",
                typed, "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: Token file "
                + typed + " is a folder", "hint: give the file that holds the token");
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void dashSlashWithAFileNamedDashIsTheSameUsageError() throws IOException {
        // -/ is a path (only a bare - is standard input), relative to the working folder: a child process run there.
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve("-"), TOKEN + "\n");
        Path out = dir.resolve("out.sql");

        CliResult result = ChildJvm.mainOnTestClassPath().in(work)
                .run("export", FIXTURE + "?auth=required", "--token-file", "-/", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: Token file -/"
                + " ends in / but names a file", FILE_HINT);
        assertThat(result.all()).doesNotContain(TOKEN);
        assertThat(out).doesNotExist();
        try (var files = Files.list(work)) {
            assertThat(files).containsExactly(work.resolve("-"));
        }
    }

    @Test
    void dashSlashWithAFolderNamedDashIsTheFolderError() throws IOException {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.createDirectory(work.resolve("-"));
        Path out = dir.resolve("out.sql");

        CliResult result = ChildJvm.mainOnTestClassPath().in(work)
                .run("export", FIXTURE + "?auth=required", "--token-file", "-/", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: Token file -/"
                + " is a folder", "hint: give the file that holds the token");
        assertThat(out).doesNotExist();
        assertThat(List.of(work.resolve("-").toFile().list())).isEmpty();
    }
}
