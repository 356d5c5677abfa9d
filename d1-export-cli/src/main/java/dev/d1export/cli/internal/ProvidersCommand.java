package dev.d1export.cli.internal;

import dev.d1export.cli.ExitCodes;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ProviderLoadFailure;
import dev.d1export.spi.ProviderRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code d1-export providers}: the providers found, what each accepts, and those that failed to load. */
@Command(name = "providers", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "List the providers found, with their URLs and options, and those that failed to load.",
        footer = {"", "Options go in the URL's query (d1:sqlite:app.sqlite?option=value); secrets never do: use the "
                + "environment or --token-file."})
public final class ProvidersCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = "--json", description = "Print the list as JSON.")
    private boolean json;

    /**
     * Creates the command.
     *
     * @param env the streams and settings of this run
     */
    public ProvidersCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ProviderRegistry registry = ProviderRegistry.load(env.providerLoader());
        List<ExportProvider> providers = registry.providers();
        List<Json> described = new ArrayList<>();
        List<ProviderLoadFailure> failures = new ArrayList<>(registry.failures());
        for (ExportProvider provider : providers) {
            try {
                described.add(describe(provider));
            } catch (Exception | LinkageError e) {
                // Exception: a checked one thrown undeclared (Kotlin, a "sneaky throw") fails this provider only.
                failures.add(new ProviderLoadFailure(provider.getClass().getName(), e));
            }
        }
        if (json) {
            List<Json> failed = new ArrayList<>();
            for (ProviderLoadFailure failure : failures) {
                failed.add(new Json().put("provider", failure.provider()).put("error", failure.describe()));
            }
            env.out().println(new Json().put("providers", described).put("failures", failed));
        } else {
            printText(env.out(), described, failures);
        }
        env.out().flush();
        if (env.out().checkError()) {
            // A script checks an installation with this list: lost (stdout closed, a full disk behind the redirect),
            // it is no success to report with 0.
            env.err().println("d1-export: standard output cannot be written (closed, or the disk behind the redirect"
                    + " is full): the list of providers was not printed");
            env.err().println("hint: redirect standard output where it can be written");
            env.err().flush();
            return ExitCodes.FAILED;
        }
        return described.isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static Json describe(ExportProvider provider) {
        List<Json> options = new ArrayList<>();
        for (ExportOption<?> option : provider.supportedOptions()) {
            options.add(new Json().put("name", option.name()).put("expected", option.expected())
                    .put("secret", option.sensitive()));
        }
        return new Json()
                .put("name", provider.name())
                .put("class", provider.getClass().getName())
                // A string in --json whatever a third-party provider returns: "" when it has no description.
                .put("description", Objects.requireNonNullElse(provider.description(), ""))
                .put("options", options);
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintStream out, List<Json> providers, List<ProviderLoadFailure> failures) {
        if (providers.isEmpty()) {
            out.println("No providers found.");
        } else {
            out.println("Providers (" + providers.size() + "):");
        }
        for (Json provider : providers) {
            out.println();
            out.println("  " + provider.get("name") + "  (" + provider.get("class") + ")");
            String description = (String) provider.get("description");
            if (!description.isEmpty()) {
                // A third-party provider's text, like a load failure's message below: not trusted with the terminal.
                out.println("    " + TerminalText.oneLine(description));
            }
            List<Json> options = (List<Json>) provider.get("options");
            if (!options.isEmpty()) {
                out.println("    options:");
                int width = 0;
                for (Json option : options) {
                    width = Math.max(width, ((String) option.get("name")).length());
                }
                for (Json option : options) {
                    String name = (String) option.get("name");
                    boolean secret = (Boolean) option.get("secret");
                    out.println("      " + name + " ".repeat(width - name.length() + 2) + option.get("expected")
                            + (secret ? " (secret: never in the URL)" : ""));
                }
            }
        }
        if (!failures.isEmpty()) {
            out.println();
            out.println("Providers that failed to load (" + failures.size() + "):");
            for (ProviderLoadFailure failure : failures) {
                out.println("  " + TerminalText.oneLine(failure.describe()));
            }
        }
    }
}
