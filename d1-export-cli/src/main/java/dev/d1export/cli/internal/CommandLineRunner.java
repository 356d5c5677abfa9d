package dev.d1export.cli.internal;

import dev.d1export.cli.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the picocli command tree for one run and executes it. Nothing is discovered or loaded before the command
 * line is parsed, so {@code --help} and {@code --version} stay fast.
 */
public final class CommandLineRunner {

    private CommandLineRunner() {
    }

    /**
     * Parses and runs a command line.
     *
     * @param env  the streams and settings of this run
     * @param args the arguments
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int execute(CliEnvironment env, String... args) {
        CommandLine commandLine = new CommandLine(new RootCommand(env));
        commandLine.addSubcommand(new ExportCommand(env));
        commandLine.addSubcommand(new ProvidersCommand(env));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli would read "@name" as a file of arguments: -t @t would export what a file t in the working folder
        // says, not the table @t. The command documents no such files.
        commandLine.setExpandAtFiles(false);
        commandLine.setOut(new PrintWriter(env.out(), true));
        commandLine.setErr(new PrintWriter(env.err(), true));
        commandLine.setParameterExceptionHandler(CommandLineRunner::usageError);
        commandLine.setExecutionStrategy(parsed -> {
            if (!runsAnExport(parsed)) {
                // The start-up hook (Main) holds a signal until the export has reported it. Nothing else has anything
                // to report or clean up on a signal, and its output (--help, providers) may block on a stdout pipe
                // nobody reads, which no interrupt frees: without the hook a signal ends the process at once.
                ShutdownCancellation.startupOver();
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Only what ExportCommand does not classify gets here (e.g. an Error): still one line and a hint.
            ErrorReport.print(env.err(), e, verboseRequested(parsed));
            return ExitCodes.INTERNAL;
        });
        return commandLine.execute(args);
    }

    private static int usageError(CommandLine.ParameterException reported, String[] args) {
        CommandLine.ParameterException e = UsageErrorMessage.clarified(reported);
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = UsageErrorMessage.of(e, args);
        String hint = "run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage";
        err.println("d1-export: " + TerminalText.oneLine(message));
        // Suggestions are names of our own options and commands, never what was typed.
        if (UsageErrorMessage.suggestionsFit(e, args)) {
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println("hint: " + hint);
        err.flush();
        CommandLineScan scan = CommandLineScan.of(args);
        if (scan.on("--json")) {
            // A script that asked for JSON gets it even when the command line itself is wrong.
            PrintWriter out = cmd.getOut();
            out.println(FailureJson.usage(e.getClass().getName(), message, hint, exportUrl(cmd, scan, args)));
            out.flush();
        }
        return ExitCodes.USAGE;
    }

    /**
     * The export's URL as picocli reads it ({@link CommandLineScan}: the first argument after the command's name), for
     * a usage error of the {@code export} command; {@code null} for another command or when no URL was given. Read
     * from the scan, not from picocli, which stops at the first error: a bad option value before the URL
     * ({@code export --timeout soon <url>}) leaves it unread there. The value of a secret-sounding option is never
     * the URL: {@code export --token <value> <url>} names the URL, not the value picocli took for it, which the
     * message masks ({@link UsageErrorMessage}) and a token too short to look like one would not be masked as a URL.
     */
    private static String exportUrl(CommandLine cmd, CommandLineScan scan, String[] args) {
        if (!cmd.getCommandSpec().name().equals("export")) {
            return null;
        }
        java.util.List<String> arguments = scan.arguments();
        if (arguments.isEmpty() || !arguments.get(0).equals("export")) {
            return null;
        }
        java.util.List<String> secrets = UsageErrorMessage.secretValues(args);
        return arguments.stream().skip(1).filter(argument -> !secrets.contains(argument)).findFirst().orElse(null);
    }

    /** Whether the parsed command line runs an export: the export command, without --help or --version. */
    private static boolean runsAnExport(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
                return false;
            }
            if (level.subcommand() == null) {
                return level.commandSpec().name().equals("export");
            }
        }
        return false;
    }

    private static boolean verboseRequested(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult sub = parsed.subcommand();
        return sub != null && sub.hasMatchedOption("--verbose");
    }
}
