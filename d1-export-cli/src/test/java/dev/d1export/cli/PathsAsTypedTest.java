package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's own messages quote {@code --token-file} (and {@code -o}) as typed: a {@link Path} drops a trailing
 * separator and a doubled one, and would name a file the user never typed ({@code -/} as {@code -}). The SPI's
 * destination messages name the path it writes ({@code backups/} for {@code -o backups//}, the same folder), and are
 * shown as they are.
 */
class PathsAsTypedTest {

    private static final String TOKEN = "tok-Zq81-TYPED-do-not-print";

    @TempDir
    Path dir;

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
