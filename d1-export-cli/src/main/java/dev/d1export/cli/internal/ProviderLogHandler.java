package dev.d1export.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Where the command prints what providers and the SPI log through {@code System.Logger} (JUL by default): on stderr,
 * one line per record in the command's own style ({@code warning: ...}; with {@code --verbose} also the level's
 * source, e.g. {@code debug dev.d1export.http: ...}, and a stack trace), printed above the live
 * status line rather than glued onto it. JUL's console format (a date line, then {@code WARNING: ...}) would read as
 * noise between the command's lines. Text from outside is cleaned as the command's own lines are.
 *
 * <p>Installed by the process entry point only; an embedding application keeps its own logging setup.
 */
public final class ProviderLogHandler extends Handler {

    /** The cloudflare provider's logger (and the parent of any it adds). */
    static final String CLOUDFLARE_LOGGER = "dev.d1export.http";

    // The running export's view, which may be drawing a status line; process-wide as the logging setup is.
    private static volatile ProgressView activeView;

    // Only its formatMessage (parameters and resource bundle filled in) is used, which keeps no state.
    private static final SimpleFormatter MESSAGES = new SimpleFormatter();

    private final PrintStream err;
    private final boolean verbose;

    /**
     * Creates the handler.
     *
     * @param err     the stream for lines while no export shows progress
     * @param verbose whether lines name their logger and carry stack traces
     */
    public ProviderLogHandler(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * Sends log lines to a view while an export runs, so that they print above its status line.
     *
     * @param view the running export's view, or {@code null} when the export is over
     */
    public static void showAbove(ProgressView view) {
        activeView = view;
    }

    /**
     * Whether the record prints: at the handler's level, and without {@code --verbose} not a warning of the cloudflare
     * provider. Those are its retries (each shown by the progress view) and the call it gave up on (shown by the
     * error report); left out here only, so a handler of the user's own still gets them.
     *
     * @param record the record
     * @return whether it prints
     */
    @Override
    public boolean isLoggable(LogRecord record) {
        if (!super.isLoggable(record)) {
            return false;
        }
        String logger = record.getLoggerName();
        boolean cloudflare = logger != null && (logger.equals(CLOUDFLARE_LOGGER)
                || logger.startsWith(CLOUDFLARE_LOGGER + "."));
        return verbose || !cloudflare || record.getLevel().intValue() >= Level.SEVERE.intValue();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = line(record);
        } catch (RuntimeException e) {
            reportError("Could not format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        ProgressView view = activeView;
        if (view != null) {
            view.printAbove(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    /**
     * The text for a record: its message on one line, led by its level; with {@code --verbose} its logger and
     * stack trace too.
     *
     * @param record the record
     * @return the line (several with a stack trace)
     */
    String line(LogRecord record) {
        StringBuilder sb = new StringBuilder(levelWord(record.getLevel()));
        if (verbose && record.getLoggerName() != null) {
            sb.append(' ').append(record.getLoggerName());
        }
        String message = MESSAGES.formatMessage(record);
        Throwable thrown = record.getThrown();
        if (thrown != null && !verbose) {
            // Its message, not its class: the class and the trace are for --verbose.
            message = message + " (" + (thrown.getMessage() != null ? thrown.getMessage()
                    : thrown.getClass().getSimpleName()) + ")";
        }
        sb.append(": ").append(TerminalText.oneLine(message));
        if (thrown != null && verbose) {
            StringWriter trace = new StringWriter();
            TerminalText.flatMessages(thrown).printStackTrace(new PrintWriter(trace));
            sb.append(System.lineSeparator()).append(TerminalText.lines(trace.toString().stripTrailing()));
        }
        return sb.toString();
    }

    private static String levelWord(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warning";
        }
        if (value >= Level.INFO.intValue()) {
            return "info";
        }
        return value >= Level.FINE.intValue() ? "debug" : level.getName().toLowerCase(Locale.ROOT);
    }

    @Override
    public void flush() {
        err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
