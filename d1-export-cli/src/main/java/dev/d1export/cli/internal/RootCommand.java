package dev.d1export.cli.internal;

import dev.d1export.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code d1-export}: without a subcommand, prints the usage and fails. */
@Command(name = "d1-export", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Export Cloudflare D1 databases (or local SQLite files) as SQL dumps.",
        footer = {"", "Credentials come from the environment (CLOUDFLARE_API_TOKEN) or --token-file, never from an "
                + "argument.", "Exit codes: see 'd1-export export --help'."})
public final class RootCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    private CommandSpec spec;

    /**
     * Creates the command.
     *
     * @param env the streams of this run
     */
    public RootCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().println("d1-export: a command is required (export or providers)");
        spec.commandLine().usage(env.err());
        return ExitCodes.USAGE;
    }
}
