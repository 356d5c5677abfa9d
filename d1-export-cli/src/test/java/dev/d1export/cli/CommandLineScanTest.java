package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.CliEnvironment;
import dev.d1export.cli.internal.CommandLineScan;
import dev.d1export.cli.internal.ExportCommand;
import dev.d1export.cli.internal.RootCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line as read before picocli parses it (the provider logs' level from {@code --verbose} and
 * {@code --quiet}) or when picocli could not ({@code --json} on a usage error): as picocli reads it, alone, long, in a
 * cluster of short options, with {@code =true} attached, never as an option's value nor after {@code --}.
 */
class CommandLineScanTest {

    private static boolean verbose(String... args) {
        return CommandLineScan.of(args).on("--verbose");
    }

    @Test
    void aFlagIsFoundAloneLongOrInACluster() {
        assertThat(verbose("export", "u", "-v")).isTrue();
        assertThat(verbose("export", "u", "--verbose")).isTrue();
        assertThat(verbose("export", "u", "-qv")).isTrue();
        assertThat(verbose("export", "u", "-vq")).isTrue();
        assertThat(verbose("export", "u", "-vo", "x.sql")).isTrue();
        assertThat(verbose("export", "u", "-vqtusers")).isTrue();
        assertThat(CommandLineScan.of("export", "-vq").on("--quiet")).isTrue();
    }

    @Test
    void aFlagWithTrueAttachedIsOnAndWithFalseOff() {
        assertThat(verbose("export", "u", "--verbose=true")).isTrue();
        assertThat(verbose("export", "u", "--verbose=TRUE")).isTrue();
        assertThat(verbose("export", "u", "-v=true")).isTrue();
        assertThat(verbose("export", "u", "-qv=True")).isTrue();
        assertThat(CommandLineScan.of("export", "u", "--quiet=true").on("--quiet")).isTrue();
        assertThat(CommandLineScan.of("export", "u", "--json=tRUE").on("--json")).isTrue();
        assertThat(verbose("export", "u", "--verbose=false")).isFalse();
        assertThat(verbose("export", "u", "-v=false")).isFalse();
        assertThat(verbose("export", "u", "-qv=FALSE")).isFalse();
        assertThat(verbose("export", "u", "--verbose=yes")).as("a usage error").isFalse();
        assertThat(CommandLineScan.of("export", "u", "--json=false").on("--json")).isFalse();
    }

    @Test
    void aValueOrAnArgumentAfterDoubleDashIsNoFlag() {
        assertThat(verbose("export", "u", "-ov.sql")).as("-o takes the rest as its file").isFalse();
        assertThat(verbose("export", "u", "-tv")).as("-t takes the rest as its table").isFalse();
        assertThat(verbose("export", "u", "-t", "-qv")).as("a table named -qv").isFalse();
        assertThat(verbose("export", "u", "--table", "-qv")).as("a table named -qv").isFalse();
        assertThat(verbose("export", "u", "--table=--verbose")).isFalse();
        assertThat(verbose("export", "u", "--", "-v")).isFalse();
        assertThat(verbose("export", "u", "--version")).isFalse();
        assertThat(verbose("export", "u", "-o", "-")).isFalse();
        assertThat(CommandLineScan.of("export", "u", "-o", "x.sql", "--", "--json").on("--json")).isFalse();
        assertThat(CommandLineScan.of("export", "u", "-t--json").on("--json")).isFalse();
        assertThat(CommandLineScan.of("export", "u", "-o", "x.sql", "--", "--", "--json").on("--json")).isFalse();
        assertThat(CommandLineScan.of("export", "u", "-o", "@args", "--json").on("--json"))
                .as("@file is not expanded: a file name like any other").isTrue();
    }

    @Test
    void aWordPicocliRefusesAsAValueCountsAsTheOptionItFound() {
        // picocli: "Expected parameter for option '--output' but found '--json'": a usage error that names --json.
        assertThat(CommandLineScan.of("export", "u", "-o", "--json").on("--json")).isTrue();
        assertThat(CommandLineScan.of("export", "u", "--timeout", "--json=true").on("--json")).isTrue();
        assertThat(verbose("export", "u", "-t", "--verbose")).isTrue();
        // -t has a check of its own (AttachedTableName): an option with a value attached is no table name either.
        assertThat(CommandLineScan.of("export", "u", "-t", "--json=true").on("--json")).isTrue();
        assertThat(verbose("export", "u", "--table", "--verbose=TRUE")).isTrue();
        assertThat(verbose("export", "u", "-t", "-x=v")).as("a table named -x=v").isFalse();
        assertThat(verbose("export", "u", "-o", "-v.sql")).as("-v then a cluster picocli does not take").isTrue();
        assertThat(verbose("export", "u", "-o", "-x.sql")).as("a file -x.sql").isFalse();
        assertThat(verbose("export", "u", "--token-file", "-xv")).as("a file -xv").isFalse();
    }

    @Test
    void theArgumentsAreTheCommandItsUrlAndWhatFollowsDoubleDash() {
        assertThat(CommandLineScan.of("export", "-o", "d1:cloudflare://a/out", "-t", "d1:cloudflare://a/t",
                "--timeout", "9s", "-v", "d1:sqlite:x").arguments()).containsExactly("export", "d1:sqlite:x");
        assertThat(CommandLineScan.of("export", "-o", "x.sql", "--", "-v").arguments()).containsExactly("export", "-v");
        assertThat(CommandLineScan.of("providers", "-o", "x").arguments()).as("only export's -o takes a value")
                .containsExactly("providers", "x");
    }

    /** A new option of the export command that takes a value must be known to the scan, or its value is a flag. */
    @Test
    void theScanKnowsWhichOfTheExportCommandsOptionsTakeAValue() {
        List<String> checked = new ArrayList<>();
        for (CommandLine.Model.OptionSpec option : commandLine().getSubcommands().get("export").getCommandSpec()
                .options()) {
            for (String name : option.names()) {
                List<String> arguments = CommandLineScan.of("export", name, "d1:sqlite:x").arguments();
                if (option.arity().min() > 0) {
                    assertThat(arguments).as(name + " takes the next word as its value").containsExactly("export");
                } else {
                    assertThat(arguments).as(name + " takes no value").containsExactly("export", "d1:sqlite:x");
                    assertThat(CommandLineScan.of("export", name + "=true").on(option.longestName()))
                            .as(name + "=true").isTrue();
                }
                checked.add(name);
            }
        }
        assertThat(checked).contains("-o", "--output", "-t", "--timeout", "--json", "-q", "--verbose");
    }

    /**
     * Every command line of up to three of these words after a valid export line that picocli parses: the scan finds
     * --verbose, --quiet and --json on exactly when picocli does, and the same arguments.
     */
    @Test
    void theScanAgreesWithPicocliOnEveryLineItParses() {
        List<String> words = List.of("-v", "-q", "--verbose=true", "--verbose=FALSE", "-v=false", "--quiet=True",
                "--json", "--json=false", "-t", "-qv", "--table=-v", "--", "-vt", "--timeout", "-x", "--no-sync");
        CommandLine commandLine = commandLine();
        List<List<String>> lines = new ArrayList<>();
        for (String a : words) {
            lines.add(List.of(a));
            for (String b : words) {
                lines.add(List.of(a, b));
                for (String c : words) {
                    lines.add(List.of(a, b, c));
                }
            }
        }
        int parsed = 0;
        for (List<String> tail : lines) {
            List<String> line = new ArrayList<>(List.of("export", "u", "-o", "x.sql"));
            line.addAll(tail);
            String[] args = line.toArray(String[]::new);
            CommandLine.ParseResult export;
            try {
                export = commandLine.parseArgs(args).subcommand();
            } catch (CommandLine.ParameterException e) {
                continue;
            }
            parsed++;
            CommandLineScan scan = CommandLineScan.of(args);
            for (String flag : List.of("--verbose", "--quiet", "--json")) {
                assertThat(scan.on(flag)).as(flag + " in " + line).isEqualTo(export.matchedOptionValue(flag, false));
            }
            assertThat(scan.arguments()).as("arguments of " + line).containsExactly("export", "u");
        }
        assertThat(parsed).as("lines picocli parses").isGreaterThan(300);
    }

    private static CommandLine commandLine() {
        PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        CliEnvironment env = new CliEnvironment(nowhere, nowhere, false, FlagScanTest.class.getClassLoader(), false);
        CommandLine commandLine = new CommandLine(new RootCommand(env));
        commandLine.addSubcommand(new ExportCommand(env));
        // As CommandLineRunner sets it up.
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExpandAtFiles(false);
        return commandLine;
    }

}
