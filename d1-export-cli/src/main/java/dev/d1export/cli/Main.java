package dev.d1export.cli;

import dev.d1export.cli.internal.CliEnvironment;
import dev.d1export.cli.internal.CommandLineRunner;
import dev.d1export.cli.internal.CommandLineScan;
import dev.d1export.cli.internal.ProviderLogHandler;
import dev.d1export.cli.internal.ShutdownCancellation;
import dev.d1export.cli.internal.SignalStatus;
import dev.d1export.cli.internal.TerminalSafeLogFormatter;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The {@code d1-export} command's entry point (the executable jar's {@code Main-Class}).
 *
 * <pre>
 * d1-export export d1:sqlite:examples/sample.sqlite -o sample.sql
 * d1-export export d1:cloudflare://&lt;account_id&gt;/&lt;database&gt; --table users -o users.sql
 * d1-export providers
 * </pre>
 *
 * <p>Exit codes are listed in {@link ExitCodes}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command and exits the JVM with its {@link ExitCodes exit code}. On SIGINT/SIGTERM a running export is
     * interrupted so that its temporary file is removed and a previous output file stays as it was, and the process ends
     * with the signal's status (130 for SIGINT, 143 for SIGTERM).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // Before anything else: which signal ends the process is what --json reports on the way out.
        SignalStatus.install();
        // A signal before the export command has its own hook (while the JVM loads classes, sets up logging and
        // parses the command line: up to a second or more) must not end the process before the command says so: the
        // JVM waits for this thread, and the export command, seeing the signal, ends as a cancelled export (with
        // --json's object) instead of leaving stdout empty. The export command takes over once its hook is in; any
        // other command (--help, --version, providers) drops it once the command line is parsed (CommandLineRunner).
        ShutdownCancellation.installForStartup(Thread.currentThread());
        int code;
        try {
            // Read as picocli will read it (CommandLineScan), so that the logs and the command agree.
            CommandLineScan scan = CommandLineScan.of(args);
            routeProviderLogs(scan);
            tuneHttpClient();
            warmUpCloudflare(scan);
            code = CommandLineRunner.execute(new CliEnvironment(System.out, System.err, isTerminal(2), isTerminal(1),
                    Main.class.getClassLoader(), true, System.in, isTerminal(0)), args);
            System.out.flush();
        } finally {
            ShutdownCancellation.startupOver();
        }
        if (ShutdownCancellation.signalled()) {
            // The shutdown under way ends the process with the signal's status (130 for Ctrl-C, 143 for SIGTERM).
            return;
        }
        System.exit(code);
    }

    /**
     * Runs the command in this JVM, for embedding (a build tool, a test). Signals are not handled: the caller owns
     * the process. Providers are found with this class's class loader. Standard input is not read: the caller's
     * streams are given, and {@code --token-file -} finds it empty.
     *
     * @param args     the command line
     * @param out      where {@code --json}, {@code --help}, {@code --version} and {@code providers} print, and where
     *                 {@code -o -} writes the dump
     * @param err      where progress, the summary and errors print
     * @param terminal whether {@code err} is an interactive terminal (live progress) or not (one line per event)
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        return CommandLineRunner.execute(new CliEnvironment(out, err, terminal, Main.class.getClassLoader(), false),
                args);
    }

    /**
     * Providers log their progress through {@code System.Logger} (JUL by default), which would repeat on stderr what
     * the progress view already shows: warnings only, errors only with {@code --quiet}, and with {@code --verbose}
     * d1-export's own debug lines (each export's steps, requests and {@code cf-ray} ids) besides everything at INFO.
     * They print in the command's style, above the live status line ({@link ProviderLogHandler}), cleaned for the
     * terminal as the command's own lines are; without {@code --verbose} that handler leaves out the cloudflare
     * provider's retry and give-up warnings, which the progress view and the error report already show. A logging
     * setup of the user's own ({@code java.util.logging.config.file} or {@code .class}) keeps its handlers and the
     * levels it gives, its output cleaned of control characters. Only for the process entry point; an embedding
     * application keeps its own logging setup. The flags are read before picocli parses the line, as picocli reads
     * them ({@code --verbose=true}, {@code -qv}, not a table named {@code -v}, nothing after {@code --}).
     */
    private static void routeProviderLogs(CommandLineScan scan) {
        boolean verbose = scan.on("--verbose");
        java.util.logging.Level level = verbose
                ? java.util.logging.Level.INFO
                : scan.on("--quiet")
                        ? java.util.logging.Level.SEVERE
                        : java.util.logging.Level.WARNING;
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(level);
        if (verbose) {
            // Only d1-export's loggers go down to DEBUG (JUL FINE); the JDK's and the libraries' stay at INFO.
            OWN_LOGGER.setLevel(java.util.logging.Level.FINE);
        }
        boolean usersOwnSetup = System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null;
        for (java.util.logging.Handler handler : root.getHandlers()) {
            if (handler instanceof java.util.logging.ConsoleHandler && !usersOwnSetup) {
                // The JDK's default console lines (a date line, then "WARNING: ...") give way to the command's style.
                root.removeHandler(handler);
            } else if (!(handler.getFormatter() instanceof TerminalSafeLogFormatter)) {
                // A handler the user configured (a file, say) keeps its format, cleaned of control characters.
                handler.setFormatter(new TerminalSafeLogFormatter(handler.getFormatter()));
            }
        }
        if (!usersOwnSetup) {
            ProviderLogHandler console = new ProviderLogHandler(System.err, verbose);
            console.setLevel(verbose ? java.util.logging.Level.FINE : level);
            root.addHandler(console);
        }
    }

    /**
     * The JDK HTTP client hands a response body over in buffers of {@code jdk.httpclient.bufsize} bytes (16 KiB by
     * default), one thread hand-off each; a dump of hundreds of MiB is read far faster in larger buffers. Just under
     * 512 KiB: the client allocates a new buffer per read, and an array of half a G1 region (1 MiB regions in a small
     * heap such as {@code -Xmx64m}) or more is a humongous object, each of which costs a GC; 1 MiB buffers made a
     * 1 GiB download run about 115 extra GCs and take 20% longer. Set only when the process owns the JVM and the user
     * has not chosen a size. The provider downloads over a connection of its own, so this matters for a download only
     * when a proxy is configured for the signed URL's host and the JDK client carries it.
     */
    private static void tuneHttpClient() {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", String.valueOf(BODY_BUFFER_BYTES));
        }
    }

    /**
     * For a Cloudflare URL, lets the provider set up TLS and JSON-B (about 0.2 s) on a daemon thread while picocli
     * builds its model and parses the command line. Looked up by name: the command depends on providers at run time
     * only, and a jar without this provider simply skips it. Only for a URL among the arguments, not for an option's
     * value ({@code -o d1:cloudflare:x} is a file name).
     */
    private static void warmUpCloudflare(CommandLineScan scan) {
        if (scan.arguments().stream().noneMatch(arg -> arg.startsWith("d1:cloudflare:"))) {
            return;
        }
        try {
            Class.forName("dev.d1export.http.CloudflareExportProvider", true, Main.class.getClassLoader())
                    .getMethod("warmUp").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Only a head start; without it the export does the same work when it needs it.
        }
    }

    /** Held here: JUL keeps loggers only weakly, and a collected one would forget the level set on it. */
    private static final java.util.logging.Logger OWN_LOGGER = java.util.logging.Logger.getLogger("dev.d1export");

    /** 511 KiB: the largest round size under half of a 1 MiB G1 region (array header included). */
    static final int BODY_BUFFER_BYTES = 511 * 1024;

    /**
     * Whether standard output (1) or standard error (2) is a terminal: each on its own, since progress goes to one
     * and {@code -o -} writes to the other, and either may be redirected while the other is not. The launcher script
     * knows ({@code [ -t 1 ]}) and says so in {@code d1export.tty} (the digits of the streams that are terminals);
     * on Linux the stream's file tells; else {@link System#console()}, which on Java 17 exists only when standard
     * input and output both are terminals, is the best guess for both.
     */
    private static boolean isTerminal(int fd) {
        String told = System.getProperty("d1export.tty");
        if (told != null) {
            return told.indexOf((char) ('0' + fd)) >= 0;
        }
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd))
                    .toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // Not Linux, or no /proc: the console decides.
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+: a console exists for redirected streams too; it knows whether it is a terminal.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
