package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --token-file -}: the token from standard input's first line, never from a file named {@code -}. */
class TokenFromStandardInputTest {

    private static final String TOKEN = "tok-Zq81-STDIN-do-not-print";

    @TempDir
    Path dir;

    @Test
    void theFirstLineOfStandardInputReachesTheProviderAsApiToken() {
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.runWithInput((TOKEN + "\nnot read\n").getBytes(StandardCharsets.UTF_8), false,
                "export", FIXTURE + "?auth=required&journal=" + journal, "--token-file", "-", "--verbose", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(FixtureJournal.named(journal).requests().get(0).options().get("api-token")).contains(TOKEN);
        assertThat(result.all()).doesNotContain(TOKEN);
        assertThat(dir.resolve("out.sql")).exists();
    }

    @Test
    void aTokenFileNamedDashEndingInASlashIsThatPathNotStandardInput() {
        String journal = UUID.randomUUID().toString();

        // A Path drops the trailing separator: "-/" must not read as "-".
        CliResult result = InProcess.runWithInput((TOKEN + "\n").getBytes(StandardCharsets.UTF_8), false, "export",
                FIXTURE + "?auth=required&journal=" + journal, "--token-file", "-/", "-o",
                dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result).get(0)).isEqualTo("d1-export: Token file -/ does not exist");
        assertThat(result.all()).doesNotContain(TOKEN);
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void anEmptyStandardInputIsAUsageErrorNamingItAndNothingIsExported() {
        String journal = UUID.randomUUID().toString();

        CliResult result = InProcess.runWithInput(new byte[0], false, "export", FIXTURE + "?auth=required&journal="
                + journal, "--token-file", "-", "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result)).containsExactly("d1-export: Standard input (--token-file -) is"
                + " empty", "hint: send just the API token on its first line, e.g. 'printf %s \"$TOKEN\" | d1-export"
                + " export ... --token-file -'; or set CLOUDFLARE_API_TOKEN instead");
        assertThat(FixtureJournal.named(journal).count()).as("refused before any work").isZero();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aTerminalThatCannotHideTheTokenIsRefusedRatherThanReadWithEcho() {
        // No console here (the test JVM's output is no terminal): a token typed at the terminal would show.
        CliResult result = InProcess.runWithInput((TOKEN + "\n").getBytes(StandardCharsets.UTF_8), true, "export",
                FIXTURE + "?auth=required", "--token-file", "-", "-o", dir.resolve("out.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodeTest.errorLines(result).get(0)).isEqualTo("d1-export: --token-file -: standard input is a"
                + " terminal, and with standard output redirected the token cannot be read there without showing it");
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @Test
    void aRealProcessReadsTheTokenPipedToItNotAFileNamedDash() throws IOException {
        Path input = Files.writeString(dir.resolve("input.txt"), TOKEN + "\n");
        // A file named "-" in the working folder is not what "-" means; ./- names it.
        Files.writeString(dir.resolve("-"), "");

        CliResult result = ChildJvm.mainOnTestClassPath().in(dir).inputFrom(input).run("export",
                FIXTURE + "?auth=required", "--token-file", "-", "-o", dir.resolve("out.sql").toString());
        CliResult withoutInput = ChildJvm.mainOnTestClassPath().in(dir).run("export", FIXTURE + "?auth=required",
                "--token-file", "-", "-o", dir.resolve("none.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.all()).doesNotContain(TOKEN);
        assertThat(withoutInput.exitCode()).as(withoutInput.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(withoutInput.err()).contains("Standard input (--token-file -) is empty");
    }
}
