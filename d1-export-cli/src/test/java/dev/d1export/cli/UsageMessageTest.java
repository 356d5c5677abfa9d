package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors name what the user typed wrong, in words a user of any other command-line tool knows. */
class UsageMessageTest {

    private static final String TOKEN = "tok-Zq81-SECRET-do-not-print";

    @TempDir
    Path dir;

    @Test
    void aMistypedOutputOptionIsNamedNotReportedAsAMissingOutput() {
        Path out = dir.resolve("out.sql");

        CliResult result = InProcess.run("export", FIXTURE, "--out", out.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .startsWith("d1-export: Unknown option: '--out'")
                .contains("--output")
                .doesNotContain("Missing required option")
                .contains("hint: run 'd1-export export --help' for usage");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void aMistypedOptionWithAnAttachedSecretIsNamedWithoutTheSecret() {
        CliResult result = InProcess.run("export", FIXTURE, "--api-token=" + TOKEN, "--json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).startsWith("d1-export: Unknown option: '--api-token'");
        assertThat(result.out()).as("--json still gets its object").contains("\"exitCode\":2");
        assertThat(result.all()).doesNotContain(TOKEN).doesNotContain("SECRET");
    }

    @Test
    void aTableNamedLikeAnOptionIsAValueSoTheMissingOutputIsStillTheError() {
        CliResult result = InProcess.run("export", FIXTURE, "-t", "--odd-table");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .startsWith("d1-export: Missing required option: '--output=<file>'")
                .doesNotContain("Unknown option");
    }

    @Test
    void aTableNamedLikeAnOptionInAClusterIsAValueToo() {
        CliResult missing = InProcess.run("export", FIXTURE, "-qt", "--odd");
        CliResult given = InProcess.run("export", FIXTURE, "-qt", "--odd", "-o", dir.resolve("t.sql").toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).as(missing.toString())
                .startsWith("d1-export: Missing required option: '--output=<file>'")
                .doesNotContain("Unknown option");
        assertThat(given.exitCode()).as(given.toString()).isZero();
    }

    @Test
    void anOptionAfterTheEndOfOptionsIsNotCalledUnknown() {
        CliResult result = InProcess.run("export", "--", "--output-like-url");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .startsWith("d1-export: Missing required option: '--output=<file>'");
    }

    @Test
    void anOptionLikeWordAfterTheEndOfOptionsIsAnUnexpectedArgumentWithoutSuggestions() {
        // After "--" every word is an argument (-- --json asks for no JSON): "Unknown option: '--json'" followed by
        // "Possible solutions: --json" contradicted itself, and sent the user to type what they had typed.
        Path out = dir.resolve("t.sql");

        CliResult json = InProcess.run("export", FIXTURE, "-o", out.toString(), "--", "--json");
        CliResult mixed = InProcess.run("export", "-o", out.toString(), "--jsn", "--", FIXTURE, "-v", "-x");

        assertThat(json.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(json.err()).as(json.toString()).isEqualTo("d1-export: 1 unexpected argument after '--', where no"
                + " word is an option (not shown: it may be a secret)\nhint: run 'd1-export export --help' for usage\n");
        assertThat(json.out()).as("-- --json asks for no JSON").isEmpty();
        assertThat(mixed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mixed.err()).as(mixed.toString()).startsWith("d1-export: Unknown option: '--jsn'; 2 unexpected"
                + " arguments after '--', where no word is an option (not shown: it may be a secret)\n")
                .contains("--json").doesNotContain("'-v'").doesNotContain("'-x'");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aContentOptionGivenTwiceIsSaidAsForAnyOtherOption() {
        CliResult noData = InProcess.run("export", FIXTURE, "--no-data", "--no-data", "-o",
                dir.resolve("a.sql").toString());
        CliResult noSchema = InProcess.run("export", FIXTURE, "--no-schema", "--no-schema", "-o",
                dir.resolve("a.sql").toString());
        CliResult noSync = InProcess.run("export", FIXTURE, "--no-sync", "--no-sync", "-o",
                dir.resolve("a.sql").toString());

        assertThat(noData.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noData.err()).as(noData.toString())
                .startsWith("d1-export: option '--no-data' should be specified only once\n");
        assertThat(noSchema.err()).as(noSchema.toString())
                .startsWith("d1-export: option '--no-schema' should be specified only once\n");
        assertThat(noSync.err()).as("the wording picocli uses for other options").as(noSync.toString())
                .startsWith("d1-export: option '--no-sync' should be specified only once\n");
        assertThat(Files.exists(dir.resolve("a.sql"))).isFalse();
    }

    @Test
    void bothContentOptionsAreRefusedWithoutSayingErrorTwice() {
        CliResult result = InProcess.run("export", FIXTURE, "--no-data", "--no-schema", "-o",
                dir.resolve("a.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .startsWith("d1-export: --no-data, --no-schema are mutually exclusive (specify only one)\n");
    }

    /**
     * A secret-named word that picocli takes as another option's value ({@code --timeout --api-key=...}) is masked in
     * the message that shows that value: whole, when a shorter secret given earlier is part of it; an empty value is
     * no secret to mask, and a secret-named option last on the line has no value to mask.
     */
    @Test
    void aSecretNamedWordTakenAsAnotherOptionsValueIsShownMasked() {
        String out = dir.resolve("a.sql").toString();
        CliResult attached = InProcess.run("export", FIXTURE, "-o", out, "--timeout", "--api-key=" + TOKEN, "--json");
        CliResult prefixFirst = InProcess.run("export", FIXTURE, "-o", out, "--token=" + TOKEN.substring(0, 8),
                "--timeout", "--api-key=" + TOKEN);
        CliResult empty = InProcess.run("export", FIXTURE, "-o", out, "--timeout", "--api-token=");
        CliResult last = InProcess.run("export", FIXTURE, "-o", out, "--timeout", "--api-key");

        for (CliResult result : List.of(attached, prefixFirst)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(result.toString())
                    .startsWith("d1-export: Invalid value for option '--timeout': '--api-key=***' is not a duration");
            assertThat(result.all()).as(result.toString()).doesNotContain(TOKEN.substring(0, 8))
                    .doesNotContain("SECRET");
        }
        assertThat(attached.out()).as(attached.toString()).contains("'--api-key=***' is not a duration");
        assertThat(empty.err()).as(empty.toString())
                .startsWith("d1-export: Invalid value for option '--timeout': '--api-token=' is not a duration");
        assertThat(last.exitCode()).as(last.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).as(last.toString())
                .startsWith("d1-export: Invalid value for option '--timeout': '--api-key' is not a duration");
        assertThat(Files.exists(dir.resolve("a.sql"))).isFalse();
    }

    /**
     * {@code --token-file} with its file forgotten: picocli refuses the option that follows as the file, and the
     * message names both, as for any other option. The word after a secret-named option is masked only when it is
     * that option's value; an option name is none (it was masked, and "-t" even inside "--token-file").
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--output", "-t", "--json", "-qv"})
    void aTokenFileWithoutItsFileNamesTheOptionFoundInItsPlace(String next) {
        String out = dir.resolve("a.sql").toString();
        CliResult result = next.equals("--output")
                ? InProcess.run("export", FIXTURE, "--token-file", next, out)
                : InProcess.run("export", FIXTURE, "-o", out, "--token-file", next);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString())
                .startsWith("d1-export: Expected parameter for option '--token-file' but found '" + next + "'\n");
        assertThat(Files.exists(dir.resolve("a.sql"))).isFalse();
    }
}
