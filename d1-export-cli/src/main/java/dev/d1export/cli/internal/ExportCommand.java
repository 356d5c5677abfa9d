package dev.d1export.cli.internal;

import dev.d1export.cli.ExitCodes;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.StagedOutput;
import dev.d1export.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code d1-export export <url> -o <file>}: runs one export and reports it. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = {"Export a database as a SQL dump (D1's format) to a file.",
            "The file appears only when the dump is complete; a previous file is replaced atomically, and kept as it "
                + "was if the export fails."},
        footer = {"", "Credentials: the cloudflare provider reads CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID) from "
                + "the environment; --token-file passes a token from a file. Never pass a token as an argument.",
            "", "Examples:",
            "  d1-export export d1:sqlite:examples/sample.sqlite -o sample.sql",
            "  d1-export export d1:cloudflare://<account>/<db> -t users -o users.sql"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the dump was written",
            "1:another d1-export error",
            "2:usage: bad arguments, URL, option or token file; no provider for the URL; a -t that names nothing"
                + " with --unmatched-tables=fail",
            "3:authentication: credentials missing or refused",
            "4:permission: the token may not export this database or use the account; a local file (or a folder on"
                + " its path) not readable",
            "5:not found: no such database or file, or not a SQLite file",
            "6:rate limited: retries spent",
            "7:the export failed (on the server, or as D1's would for a local database), or a local database could"
                + " not be read (damaged, a hot journal, a value larger than the heap)",
            "8:busy: another export of the database is running; a local database locked",
            "9:timeout: not finished within --timeout; without it, within the cloudflare URL's 'timeout' option"
                + " (default 1h)",
            "10:download of the finished dump failed",
            "11:protocol: the server answered something unexpected",
            "12:destination: the output file (or, with -o - or --json, standard output) could not be written",
            "70:internal error (a bug)",
            "130:cancelled (interrupted: Ctrl-C; 143 SIGTERM, 129 SIGHUP)"})
public final class ExportCommand implements Callable<Integer> {

    /** The provider option a --token-file's content is passed as. */
    static final String TOKEN_OPTION = "api-token";

    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "<url>",
            description = "d1:<provider>:<target>, e.g. d1:sqlite:app.sqlite or d1:cloudflare://<account_id>/<database>;"
                    + " 'd1-export providers' lists what is available")
    private String url;

    /** The options the URL set, once it is read (without {@code --token-file}'s): what a timeout's hint names. */
    private ExportOptions urlOptions;

    /** The name of the provider chosen for the URL, once it is: the failure object's {@code provider}. */
    private String providerName;

    @Option(names = {"-t", "--table"}, paramLabel = "<table>", preprocessor = AttachedTableName.class,
            description = "Export only this table (repeat for more). Default: every table. A name that is also an"
                    + " option of this command is written attached: --table=-o.")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--unmatched-tables", paramLabel = "<mode>", defaultValue = "warn",
            description = "What a --table that names nothing in the database does: warn (as D1: the dump has nothing"
                    + " for it, exit code 0) or fail (exit code 2 before the export starts; nothing is written)."
                    + " Default: warn.")
    private UnmatchedTablesMode unmatchedTables;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Content content;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "<file>",
            description = "The dump file (required). An existing file is replaced only on success; an existing "
                    + "folder (a name ending in '/' must be one) receives the provider's file name; a device, pipe"
                    + " or socket, and a file you may not write (chmod 444), are refused. '-' writes to standard"
                    + " output as the dump arrives: check the exit code, as a failed export leaves part of a dump"
                    + " there.", converter = PathConverter.class)
    private Path output;

    @Spec
    private CommandSpec spec;

    @Option(names = "--no-sync", description = "Do not wait for the file to reach the disk before it is moved into "
            + "place (faster; a crash soon after may leave it incomplete). Default: synced.")
    private boolean noSync;

    @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Give up after this long, e.g. 90s, 10m, 1h. Default: the provider's.")
    private Duration timeout;

    @Option(names = "--token-file", paramLabel = "<file>", converter = PathConverter.class,
            description = "Read the API token from this file (passed to the provider as 'api-token'); '-' reads it"
                    + " from standard input's first line (typed at a terminal: without echo, after a prompt).")
    private Path tokenFile;

    @Option(names = "--progress", paramLabel = "<mode>", defaultValue = "auto",
            description = "How progress shows on stderr: auto (live on a terminal, else plain), live, plain. Not"
                    + " with -q.")
    private ProgressMode progress;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (not with -v or --progress).")
    private boolean quiet;

    @Option(names = "--json", description = "Print a machine-readable summary (or error) on stdout.")
    private boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show the provider and options, and stack traces of errors.")
    private boolean verbose;

    /** How long a signal's hook waits for an export to {@code -o -} to end by itself. */
    private static final long STDOUT_WAIT_MILLIS = 1000;

    /** The sink of {@code -o -}, once the request is built. */
    private StandardOutputSink standardOutput;

    /** {@code --no-data} or {@code --no-schema}: at most one. */
    static final class Content {
        @Option(names = "--no-data", required = true, description = "Schema only: no INSERT statements.")
        boolean noData;

        @Option(names = "--no-schema", required = true, description = "Data only: no CREATE statements.")
        boolean noSchema;
    }

    /**
     * Creates the command.
     *
     * @param env the streams and settings of this run
     */
    public ExportCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ProgressView view = progressView();
        ShutdownCancellation cancellation = !env.cancelOnSignal() ? null : !toStandardOutput()
                ? ShutdownCancellation.install(Thread.currentThread())
                // Nothing staged to clean up; a write to a pipe nobody reads blocks and cannot be interrupted.
                : ShutdownCancellation.install(Thread.currentThread(), STDOUT_WAIT_MILLIS, this::stuckOnStandardOutput);
        if (env.cancelOnSignal() && view != ProgressView.SILENT) {
            // The process's own run (Main.main, which installed the handler): log lines print above the status line.
            ProviderLogHandler.showAbove(view);
        }
        // Shown even when the URL cannot be parsed; masked as any URL in a message, and as the failures after the URL
        // is read show it (toUrl()) when it parses: -q with -v, or a signal during the start, come before that.
        String shownUrl = FailureJson.shown(url);
        try {
            if (env.cancelOnSignal() && (SignalStatus.status().isPresent() || ShutdownCancellation.signalled())) {
                // A signal came while the process started (the start-up hook waited for this thread): nothing began.
                throw new ExportCancelledException("Export of " + shownUrl + " was cancelled before it started (the"
                        + " process received a signal); nothing was written and a previous file at the destination is"
                        + " untouched");
            }
            if (quiet && verbose) {
                // Opposite asks: either one silently winning would hide what the other was given for.
                throw new InvalidOptionException("-q (--quiet) and -v (--verbose) ask for opposite output: use one of"
                        + " them", null, ErrorDetails.none().withHint("-q prints nothing but errors; -v adds the"
                                + " provider, its options and stack traces"));
            }
            if (quiet && !spec.findOption("--progress").originalStringValues().isEmpty()) {
                // Only a --progress typed on this command line: its default (auto) is no ask, and nothing else sets it.
                String mode = progress.name().toLowerCase(Locale.ROOT);
                throw new InvalidOptionException("-q (--quiet) and --progress " + mode + " ask for opposite output: use"
                        + " one of them", null,
                        ErrorDetails.none().withHint("-q prints nothing but errors, no progress; --progress sets how"
                                + " progress shows without -q"));
            }
            // Before the URL is read: a path or table name the JVM could not decode would be looked up as it came.
            UnreadableArgument.refuse("The URL", url, shownUrl);
            for (String table : tables) {
                UnreadableArgument.refuse("-t", table, table);
            }
            ExportOptions options = ExportOptions.parse(url);
            urlOptions = options;
            shownUrl = options.toUrl();
            ExportRequest request = request(view);
            if (!toStandardOutput()) {
                checkDestination(options, request.destination());
            }
            ProviderRegistry registry = ProviderRegistry.load(env.providerLoader());
            ExportProvider provider = registry.find(options);
            providerName = provider.name();
            List<ExportOption<?>> supported = provider.supportedOptions();
            if (tokenFile != null && !supported.isEmpty()
                    && supported.stream().noneMatch(option -> option.name().equals(TOKEN_OPTION))) {
                // Said of the option the user typed, not of the provider option it became ('api-token').
                throw new InvalidOptionException("--token-file: provider '" + provider.name() + "' takes no API"
                        + " token", null, ErrorDetails.none().withHint("leave --token-file out for " + provider.name()
                        + " URLs"));
            }
            if (tokenFile != null) {
                // Read once the provider is known to take a token: the file is no concern of one that takes none.
                options = ExportOptions.parse(url, properties(shownUrl));
            }
            if (verbose) {
                // The options as toString() shows them: secrets, and an authority that looks like one, masked.
                env.err().println(TerminalText.oneLine("d1-export: provider " + provider.name() + " ("
                        + provider.getClass().getName() + "), " + options));
            }
            ExportResult result;
            // Through the registry, which reports a provider whose dependencies are missing as a configuration error.
            try (Exporter exporter = registry.open(options)) {
                result = exporter.export(request);
            }
            ClassArchiveMarker.exportCompleted();
            view.close();
            ExportSummary summary = new ExportSummary(shownUrl, request, result,
                    toStandardOutput() ? null : output);
            // The file is in place; a signal that came meanwhile still ends the process with its status.
            int exitCode = SignalStatus.status().orElse(ExitCodes.OK);
            if (json) {
                Json summaryJson = summary.toJson(exitCode);
                env.out().println(summaryJson);
                env.out().flush();
                if (env.out().checkError()) {
                    // The summary is what the script asked for; lost (stdout closed, a full disk behind the redirect),
                    // the run is no success to report with 0, though the dump is in place. The one report left: stderr.
                    env.err().println(TerminalText.oneLine("d1-export: standard output cannot be written (closed, or"
                            + " the disk behind the redirect is full): the --json summary was not printed; the dump"
                            + " itself is complete: " + summaryJson.get("file")));
                    env.err().println("hint: redirect standard output where it can be written, or leave --json out"
                            + " and read the summary on stderr");
                    env.err().flush();
                    return SignalStatus.status().orElse(ExitCodes.DESTINATION);
                }
            } else if (!quiet) {
                summary.printText(env.err());
            }
            return exitCode;
        } catch (Throwable thrown) {
            // LinkageError: a provider jar that does not match its dependencies is a failure to report, not a crash.
            // Any other Error (a provider's failed assert, out of memory), and a checked exception that a provider's
            // export() or close() throws undeclared (Kotlin, a "sneaky throw"), ends as an internal error: one line,
            // the exit code, and --json's object, as for any failure.
            view.close();
            // A provider's "no credentials" names its options, which this command cannot set: said in its words.
            // Likewise a timeout's advice to raise a setting: the hint names the one that ran out, in its words.
            Throwable e = TimeoutMessage.inCommandWords(MissingCredentialsMessage.inCommandWords(thrown), urlOptions);
            FailureFamily family = ErrorReport.print(env.err(), e, verbose, standardOutputHint(e));
            if (standardOutput != null && standardOutput.written() > 0) {
                env.err().println("note: standard output received " + standardOutput.written() + " bytes of the"
                        + " dump, which are not a complete dump");
                env.err().flush();
            }
            // Ended by a signal, the process exits with the signal's status; the JSON says so too.
            int exitCode = SignalStatus.status().orElse(family.exitCode());
            if (json) {
                env.out().println(FailureJson.of(shownUrl, providerName, e, exitCode, verbose));
                env.out().flush();
                if (env.out().checkError()) {
                    // The exit code is the failure's already; a script that finds no object learns why here.
                    env.err().println("note: standard output cannot be written (closed, or the disk behind the"
                            + " redirect is full): the --json object of this failure was not printed");
                    env.err().flush();
                }
            }
            return exitCode;
        } finally {
            ProviderLogHandler.showAbove(null);
            if (cancellation != null) {
                cancellation.finished();
            }
        }
    }

    private ProgressView progressView() {
        if (quiet) {
            return ProgressView.SILENT;
        }
        boolean live = progress == ProgressMode.LIVE || (progress == ProgressMode.AUTO && env.terminal());
        return live ? new LiveProgress(env.err(), System::nanoTime) : new PlainProgress(env.err(), System::nanoTime);
    }

    /** The hint for an empty or blank {@code --token-file}. */
    private static final String NAME_THE_TOKEN_FILE =
            "name the file that holds the token, or leave --token-file out to use CLOUDFLARE_API_TOKEN";

    private Map<String, String> properties(String shownUrl) {
        if (tokenFile != null && tokenFile.toString().isEmpty()) {
            // An unset variable in a script (--token-file "$TOKEN_FILE"): the working directory is no token file.
            throw new InvalidOptionException("--token-file: the file name is empty", null, ErrorDetails.none()
                    .withHint(NAME_THE_TOKEN_FILE));
        }
        if (tokenFile == null) {
            return Map.of();
        }
        String blank = blankName("--token-file", tokenFile);
        if (blank != null) {
            // A file named " " is no more a token file than the working directory is: refused as a blank -o is.
            throw new InvalidOptionException(blank, null, ErrorDetails.none().withHint(NAME_THE_TOKEN_FILE));
        }
        if (!readsTokenFromStandardInput()) {
            return Map.of(TOKEN_OPTION, TokenFile.read(tokenFile, typed("--token-file", tokenFile)));
        }
        if (!env.inTerminal()) {
            return Map.of(TOKEN_OPTION, awaitToken(() -> TokenFile.readStandardInput(env.in()), shownUrl));
        }
        // Typed at a terminal: read without echo, which only the console can turn off. Java gives one only when
        // standard output is a terminal too; without it the token would show on the screen as it is typed.
        java.io.Console console = System.console();
        if (console == null) {
            throw new InvalidOptionException("--token-file -: standard input is a terminal, and with standard output"
                    + " redirected the token cannot be read there without showing it", null, ErrorDetails.none()
                    .withHint("pipe the token in (printf %s \"$TOKEN\" | d1-export export ... --token-file -), name"
                            + " a file that holds it, or set CLOUDFLARE_API_TOKEN"));
        }
        return Map.of(TOKEN_OPTION, awaitToken(() -> TokenFile.readFromTerminal(console, env.err()), shownUrl));
    }

    /**
     * Reads the token from standard input on a thread of its own and waits for it. A read of standard input cannot be
     * interrupted: on this thread a signal would hold the process for the shutdown hook's whole wait and then end it
     * without a word ({@code --json}'s object lost). Waited for here, the hook's interrupt ends the wait as a
     * cancelled export; the reading thread is a daemon and dies with the JVM.
     */
    private String awaitToken(Supplier<String> read, String shownUrl) {
        if (verbose) {
            env.err().println("d1-export: waiting for the API token on standard input");
        }
        CompletableFuture<String> token = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                token.complete(read.get());
            } catch (Throwable t) {
                token.completeExceptionally(t);
            }
        }, "d1-export-token-input");
        reader.setDaemon(true);
        reader.start();
        try {
            return token.get();
        } catch (InterruptedException e) {
            throw new ExportCancelledException("Export of " + shownUrl + " was cancelled while it waited for the API"
                    + " token on standard input; nothing was written and a previous file at the destination is"
                    + " untouched");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Whether {@code --token-file -} reads the token from standard input (not a file named {@code -}: {@code ./-}):
     * {@code --token-file} as typed, since the {@link Path} of {@code -/} has dropped the separator and reads {@code -}.
     */
    private boolean readsTokenFromStandardInput() {
        return tokenFile != null && typed("--token-file", tokenFile).equals("-");
    }

    /** What to do after a failure of {@code -o -}, where the usual hints speak of a file; {@code null} otherwise. */
    private String standardOutputHint(Throwable failure) {
        if (standardOutput == null || standardOutput.written() == 0 && !standardOutput.failed()) {
            return null;
        }
        if (SignalStatus.status().isPresent() || FailureFamily.of(failure) == FailureFamily.CANCELLED) {
            return "interrupted: what standard output got is part of a dump; run the command again to export";
        }
        if (standardOutput.failed()) {
            return "the reader of standard output ended early (as head does) or the disk behind the redirect is"
                    + " full";
        }
        return null;
    }

    /** The shutdown hook's word when the export is stuck writing to standard output (a reader that stopped). */
    private void stuckOnStandardOutput() {
        env.err().println("d1-export: interrupted while standard output was not being read"
                + (standardOutput == null ? "" : "; it received " + standardOutput.written() + " bytes of the dump,"
                        + " which are not a complete dump"));
        env.err().flush();
    }

    /**
     * Whether {@code -o -} sends the dump to standard output: {@code -o} as typed, since the {@link Path} of
     * {@code -o -/} (the folder {@code -}) has dropped the separator and reads {@code -} too.
     */
    private boolean toStandardOutput() {
        return output.toString().equals("-") && typedSeparator() == null;
    }

    /** The hint for an empty or blank {@code -o}. */
    private static final String NAME_THE_FILE =
            "name the dump file (-o backup.sql), or a folder (-o .) for the provider's file name there";

    private ExportDestination destination() {
        if (output.toString().isEmpty()) {
            // An unset variable in a script (-o "$OUT"): the working directory would get the dump unasked.
            throw new InvalidOptionException("-o: the file name is empty", null,
                    ErrorDetails.none().withHint(NAME_THE_FILE));
        }
        String blank = blankName("-o", output);
        if (blank != null) {
            // A file named " " is as unintended as the working directory, and as hard to see: refused as -t " " is.
            throw new InvalidOptionException(blank, null, ErrorDetails.none().withHint(NAME_THE_FILE));
        }
        if (toStandardOutput()) {
            if (json) {
                throw new InvalidOptionException("--json and -o - both write to standard output: use one of them",
                        null, ErrorDetails.none().withHint("write the dump to a file (-o <file>) to get --json's"
                                + " summary, or leave --json out"));
            }
            if (env.outTerminal()) {
                throw new InvalidOptionException("-o -: standard output is a terminal, and a dump is raw database text"
                        + " (which may hold what a terminal acts on)", null, ErrorDetails.none().withHint("redirect"
                        + " it (-o - > file.sql, -o - | gzip > file.sql.gz) or name a file with -o <file>"));
            }
            if (noSync) {
                throw new InvalidOptionException("--no-sync applies to a file, and -o - writes to standard output,"
                        + " which is never synced", null, ErrorDetails.none().withHint("leave --no-sync out"));
            }
            standardOutput = new StandardOutputSink(env.out());
            return ExportDestination.stream(standardOutput);
        }
        // A Path drops the trailing separator: as a file destination, "-o backups/" with backups missing would be
        // written to a file named backups. A folder destination is never written but inside its folder.
        ExportDestination path = typedSeparator() != null ? ExportDestination.folder(output)
                : ExportDestination.file(output);
        return noSync ? path.withoutSync() : path;
    }

    /**
     * The separator {@code -o} ends in as typed ({@code -o backups/}), which makes it a folder; {@code null} if none.
     * Read from the argument, as the {@link Path} keeps no trailing separator.
     */
    private String typedSeparator() {
        return PathConverter.separatorAtEnd(typedOutput());
    }

    /**
     * The refusal of a path option whose last name is blank or whitespace-only ({@code " "}, {@code "dir/ "}), quoting
     * the value as typed so that the spaces show; {@code null} if its last name is not blank.
     *
     * @param option the option's name
     * @param parsed its value as a path
     */
    private String blankName(String option, Path parsed) {
        Path name = parsed.getFileName();
        if (name == null || !name.toString().isBlank()) {
            return null;
        }
        String typed = typed(option, parsed);
        // A token pasted as the token file's name, with a stray "/ " after it, stays out of the message.
        String quoted = option.equals("--token-file") && TokenFile.hidesAToken(typed) ? TokenFile.NOT_SHOWN
                : "'" + typed + "'";
        return option + ": the file name is blank (" + (typed.isBlank() ? quoted
                : quoted + " ends in '" + name + "'") + ")";
    }

    /** {@code -o} as typed: the last one given, as picocli keeps the last. */
    private String typedOutput() {
        return typed("-o", output);
    }

    /**
     * A path option as typed, the last one given (as picocli keeps the last): a {@link Path} drops a trailing
     * separator, which says a folder ({@code -o backups/}) and keeps {@code -/} from reading as {@code -}.
     *
     * @param option the option's name
     * @param parsed its value as a path, for when it was not typed
     */
    private String typed(String option, Path parsed) {
        return spec.findOption(option).originalStringValues().stream().reduce((first, last) -> last)
                .orElse(parsed.toString());
    }

    private ExportRequest request(ProgressView view) {
        ExportDestination destination = destination();
        return ExportRequest.builder()
                .tables(tables)
                .noData(content != null && content.noData)
                .noSchema(content != null && content.noSchema)
                .failOnUnmatchedTables(unmatchedTables == UnmatchedTablesMode.FAIL)
                .destination(destination)
                .timeout(timeout)
                .listener(view)
                .build();
    }

    /**
     * Fails before any work (a remote export can take minutes) when the dump could not be written anyway: a missing
     * folder, one that takes no new file, a device, pipe or socket (as root even /dev/null) that would be replaced, a
     * read-only file (which a rename would replace, where cp refuses it); or should not be: the {@code --token-file}
     * file, by any name, whose token the dump would replace. Not when a {@code sqlite} URL names the
     * output file or one of its side files ({@code d1:sqlite:app.sqlite -o app.sqlite}, {@code -o app.sqlite-wal}):
     * the provider refuses that first, as the database being exported, where a read-only refusal would only lead,
     * after a {@code chmod}, to that refusal. Other providers keep the check: only sqlite is known to refuse its own
     * source as the output. A folder ({@code -o backups/}) must exist: the SPI names the folder to create.
     *
     * @param options     the parsed URL
     * @param destination the request's destination, a file or a folder
     */
    private void checkDestination(ExportOptions options, ExportDestination destination) {
        if (destination.isFolder()) {
            try {
                StagedOutput.checkWritable(destination);
            } catch (DestinationException e) {
                if (Files.isDirectory(output)) {
                    throw e;
                }
                // The SPI's words, which name the folder to create, with the command's hint: its other way out is
                // the separator typed. The SPI's exception stays the cause, for --verbose.
                String separator = typedSeparator();
                String hint = Files.exists(output)
                        ? "a name ending in " + separator + " is a folder, and this is a file: name a folder, or leave"
                                + " the " + separator + " out to replace the file with the dump"
                        : "a name ending in " + separator + " is a folder: create it first, or leave the " + separator
                                + " out to name the dump file";
                throw new DestinationException(e.summary(), e, e.details().withHint(hint));
            }
            // An existing folder: neither the token file nor the URL's database, which are files.
            return;
        }
        if (isTheTokenFile()) {
            // The only copy of a secret, replaced by a slip of -o: refused as sqlite refuses the database it reads.
            throw new DestinationException("Refusing to write the dump to " + typedOutput() + ": it is the token file"
                    + " (--token-file " + typed("--token-file", tokenFile) + "); choose another destination", null,
                    ErrorDetails.none().withHint("write the dump to another file: this one holds the API token"));
        }
        if (isTheUrlsFile(options)) {
            return;
        }
        StagedOutput.checkWritable(destination);
    }

    /** Whether {@code -o} names the {@code --token-file} file, by any name (another spelling, a link). */
    private boolean isTheTokenFile() {
        if (tokenFile == null || tokenFile.toString().isEmpty() || readsTokenFromStandardInput()
                // token.txt/ names a folder: reading the token refuses it as a usage error, before anything is written.
                || PathConverter.separatorAtEnd(typed("--token-file", tokenFile)) != null
                || !Files.isRegularFile(output)
                || !Files.isRegularFile(tokenFile)) {
            return false;
        }
        try {
            return Files.isSameFile(output, tokenFile);
        } catch (IOException e) {
            // Either is unreadable as a file: not known to be the same, and reading the token says what is wrong.
            return false;
        }
    }

    /**
     * Whether {@code -o} names an existing file that a {@code sqlite} URL's target, read as a local path (as that
     * provider reads it), names too, or one of its side files ({@code -wal}, {@code -shm}, {@code -journal}) next to
     * the database as named or next to the file a link leads to (where SQLite keeps them), by any name (another
     * spelling, a symbolic or hard link). A folder target, where the provider picks the database itself, is not
     * resolved here: the read-only refusal comes first there. This goes by the URL's provider name, before the
     * provider is looked up: a provider of another name keeps the early check.
     */
    private boolean isTheUrlsFile(ExportOptions options) {
        if (!"sqlite".equals(options.provider()) || options.authority().isPresent() || !Files.isRegularFile(output)) {
            return false;
        }
        try {
            Path database = Path.of(options.path());
            if (!Files.isRegularFile(database)) {
                return false;
            }
            for (Path named : List.of(database, database.toRealPath())) {
                Path name = named.getFileName();
                for (String suffix : SQLITE_FILE_SUFFIXES) {
                    Path file = named.resolveSibling(name + suffix);
                    if (Files.exists(file) && Files.isSameFile(output, file)) {
                        return true;
                    }
                }
            }
        } catch (IOException | InvalidPathException e) {
            // Not a path, or not a file there: the URL does not name the output.
        }
        return false;
    }

    /** The database file and the side files SQLite keeps next to it, which the sqlite provider never replaces. */
    private static final List<String> SQLITE_FILE_SUFFIXES = List.of("", "-wal", "-shm", "-journal");
}
