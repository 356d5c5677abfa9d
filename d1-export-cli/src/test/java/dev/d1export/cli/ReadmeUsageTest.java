package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's usage synopsis (its "Usage" section, which the CLI module's README copies) and the command's
 * {@code --help} name the same options, every name of each, and the synopsis's value lists are the ones the command
 * takes: an option added to, renamed in or dropped from the command, or a new value, must reach the reference.
 */
class ReadmeUsageTest {

    private static final Path ROOT = Path.of(System.getProperty("d1export.examples")).getParent();

    /** An option's name in the synopsis: a word that starts with one or two dashes and a letter. */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][\\w-]*");

    /** An option's names in --help: {@code   -t, --table=<table>} or {@code       --json}. */
    private static final Pattern HELP_OPTION = Pattern.compile("^  (?:(-[A-Za-z]), |    )(--[\\w-]+)");

    @TempDir
    Path dir;

    @Test
    void theExportSynopsisNamesEveryOptionOfExportHelpAndNoOther() throws IOException {
        assertThat(synopsisOptions("d1-export export")).isEqualTo(helpOptions("export", "--help"));
    }

    @Test
    void theProvidersSynopsisNamesEveryOptionOfProvidersHelpAndNoOther() throws IOException {
        assertThat(synopsisOptions("d1-export providers")).isEqualTo(helpOptions("providers", "--help"));
    }

    @Test
    void theCommandsAloneTakeOnlyHelpAndVersion() throws IOException {
        assertThat(synopsisOptions("d1-export [")).isEqualTo(helpOptions("--help"));
        CliResult help = InProcess.run("--help");
        assertThat(help.out()).as("the commands the synopsis lists").contains("\n  export ")
                .contains("\n  providers ");
    }

    /** A value list in the synopsis ({@code --progress auto|live|plain}) is the one the command names when refusing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"--progress", "--unmatched-tables"})
    void theSynopsisListsTheValuesTheCommandTakes(String option) throws IOException {
        Matcher listed = Pattern.compile(Pattern.quote(option) + " ([\\w|]+)").matcher(synopsis());
        assertThat(listed.find()).as(option + " with its values in the synopsis").isTrue();

        CliResult refused = InProcess.run("export", "d1:sqlite:app.sqlite", "-o", dir.resolve("x.sql").toString(),
                option + "=nonsense");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        Matcher taken = Pattern.compile("expected one of ([\\w, ]+) but was").matcher(refused.err());
        assertThat(taken.find()).as(refused.toString()).isTrue();
        assertThat(listed.group(1).replace("|", ", ")).isEqualTo(taken.group(1));
    }

    /** The code block after the README's "### Usage" heading. */
    private static String synopsis() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int usage = readme.indexOf("\n### Usage\n");
        assertThat(usage).as("the README's Usage section").isPositive();
        int start = readme.indexOf("```\n", usage) + 4;
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** The options of the synopsis lines that start with {@code start}, with their continuation lines. */
    private static Set<String> synopsisOptions(String start) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : synopsis().lines().toList()) {
            in = line.startsWith(start) || in && line.startsWith(" ");
            if (in) {
                lines.add(line.substring(line.startsWith(start) ? start.length() : 0));
            }
        }
        assertThat(lines).as("synopsis lines for " + start).isNotEmpty();
        Set<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(String.join("\n", lines));
        while (m.find()) {
            options.add(m.group());
        }
        if (!start.endsWith("[")) {
            // The last line, "d1-export [export | providers] -V|--version | -h|--help", holds for each command.
            options.addAll(synopsisOptions("d1-export ["));
        }
        return options;
    }

    private static Set<String> helpOptions(String... args) {
        CliResult help = InProcess.run(args);
        assertThat(help.exitCode()).as(help.toString()).isZero();
        Set<String> options = new TreeSet<>();
        for (String line : help.out().lines().toList()) {
            Matcher m = HELP_OPTION.matcher(line);
            if (m.find()) {
                if (m.group(1) != null) {
                    options.add(m.group(1));
                }
                options.add(m.group(2));
            }
        }
        assertThat(options).as(help.out()).contains("--help");
        return options.stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
