package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that quotes {@code -o} or {@code --token-file} quotes it as typed: a {@link Path} drops a trailing
 * separator and a doubled one, and would name a file the user never typed ({@code -/} as {@code -}).
 */
class PathsAsTypedTest {

    private static final String TOKEN = "tok-Zq81-TYPED-do-not-print";

    @TempDir
    Path dir;

    @Test
    void aFolderOutputEndingInTwoSlashesIsQuotedWithBoth() {
        String typed = dir.resolve("backups") + "//";
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.run("export", FIXTURE + "?journal=" + journal, "-o", typed, "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        String message = "Cannot write " + typed + ": folder " + dir.resolve("backups") + " does not exist";
        assertThat(ExitCodeTest.errorLines(result)).as(result.toString()).containsExactly("d1-export: " + message,
                "hint: a name ending in / is a folder: create it first, or leave the / out to name the dump file");
        assertThat(((Map<?, ?>) JsonReader.object(result.out()).get("error")).get("message")).isEqualTo(message);
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileOutputWithADoubledSeparatorIsQuotedAsTyped() {
        String typed = dir + "//missing/x.sql";

        CliResult result = InProcess.run("export", FIXTURE, "-o", typed);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(ExitCodeTest.errorLines(result).get(0)).isEqualTo("d1-export: Cannot write " + typed + ": folder "
                + dir.resolve("missing") + " does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aMissingTokenFileIsNamedAsTyped() {
        String journal = UUID.randomUUID().toString();

        for (String typed : new String[] {"-/", dir + "//nope.txt", dir + "/nope.txt/"}) {
            CliResult result = InProcess.runWithInput((TOKEN + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    false, "export", FIXTURE + "?auth=required&journal=" + journal, "--token-file", typed, "-o",
                    dir.resolve("out.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(ExitCodeTest.errorLines(result).get(0)).isEqualTo("d1-export: Token file " + typed
                    + " does not exist");
            assertThat(result.all()).doesNotContain(TOKEN);
        }
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void theTokenFileRefusedAsTheOutputIsNamedAsTyped() throws IOException {
        Path token = Files.writeString(dir.resolve("token.txt"), TOKEN + "\n");
        String typed = dir + "//token.txt";

        CliResult result = InProcess.run("export", FIXTURE, "--token-file", typed, "-o", token.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DESTINATION);
        assertThat(ExitCodeTest.errorLines(result).get(0)).isEqualTo("d1-export: Refusing to write the dump to "
                + token + ": it is the token file (--token-file " + typed + "); choose another destination");
        assertThat(token).hasContent(TOKEN + "\n");
    }
}
