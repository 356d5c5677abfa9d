package dev.d1export.cli.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.RateLimitedException;
import dev.d1export.spi.UnmatchedTablesException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a failure is shown: one line with what failed (plus HTTP status, API codes and {@code cf-ray} when a server
 * answered), one line with a hint, and the stack trace only when asked for (and not of a usage error). Exception
 * messages never hold secrets (an SPI rule); they may hold a server's text, so what reaches the terminal goes through
 * {@link TerminalText}.
 */
public final class ErrorReport {

    private ErrorReport() {
    }

    /**
     * Prints the report of a failure.
     *
     * @param err     where to print
     * @param error   the failure
     * @param verbose whether to add the stack trace
     * @return the failure's family
     */
    public static FailureFamily print(PrintStream err, Throwable error, boolean verbose) {
        return print(err, error, verbose, null);
    }

    /**
     * Prints the report of a failure with a hint that the command knows better (for {@code -o -}, where the usual
     * hints speak of a file).
     *
     * @param err     where to print
     * @param error   the failure
     * @param verbose whether to add the stack trace
     * @param hint    the hint to give, or {@code null} for the usual one
     * @return the failure's family
     */
    public static FailureFamily print(PrintStream err, Throwable error, boolean verbose, String hint) {
        FailureFamily family = FailureFamily.of(error);
        err.println("d1-export: " + TerminalText.oneLine(line(error)));
        err.println("hint: " + TerminalText.oneLine(hint != null ? hint : hint(error, verbose)));
        if (verbose && tracesHelp(error)) {
            StringWriter trace = new StringWriter();
            TerminalText.flatMessages(error).printStackTrace(new PrintWriter(trace));
            err.print(TerminalText.lines(trace.toString()));
        }
        err.flush();
        return family;
    }

    /**
     * Whether {@code --verbose} adds a failure's stack trace. Not for a usage error of its own (a refused command line,
     * URL or option, with no cause): its message and hint say what to change, and a trace of the command's checks,
     * printed as if something had broken, would bury them (as picocli's parse errors print none). One with a cause,
     * such as a provider that could not be loaded, keeps it: the cause is the detail -v is asked for.
     *
     * @param error the failure
     * @return whether its stack trace is worth printing
     */
    static boolean tracesHelp(Throwable error) {
        return FailureFamily.of(error) != FailureFamily.USAGE || error.getCause() != null;
    }

    /**
     * The one-line description of a failure, e.g.
     * {@code authentication failed [HTTP 401, code 10000: Authentication error, cf-ray 8a1b]}.
     *
     * @param error the failure
     * @return the line, without line breaks; other control characters are left for the caller (the JSON writer
     *         escapes them, {@link TerminalText} replaces them)
     */
    public static String line(Throwable error) {
        String text;
        if (error instanceof D1ExportException d1) {
            text = d1.summary() + describe(d1.details());
        } else {
            String message = error.getMessage();
            text = "internal error: " + error.getClass().getName() + (message == null ? "" : ": " + message);
        }
        return oneLine(text);
    }

    /**
     * The hint for a failure: the error's own hint when it has one, otherwise its family's; a family's hint to run
     * again with {@code --verbose} points at the stack trace instead when the run is verbose already.
     *
     * @param error   the failure
     * @param verbose whether the run prints the stack trace (on stderr)
     * @return the hint
     */
    public static String hint(Throwable error, boolean verbose) {
        if (error instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
            return oneLine("the server asked to wait " + Formats.duration(limited.retryAfter().get())
                    + " before trying again");
        }
        if (error instanceof UnmatchedTablesException) {
            // The request's flag is this command's option: say it in the command's words.
            return "names are matched exactly and case-sensitively, as D1 matches them; --unmatched-tables=warn"
                    + " exports what matches, as D1 does";
        }
        Optional<String> own = error instanceof D1ExportException d1 ? d1.details().hint() : Optional.empty();
        if (own.isPresent()) {
            return oneLine(own.get());
        }
        FailureFamily family = FailureFamily.of(error);
        if (verbose && family == FailureFamily.FAILED) {
            return "the stack trace (on stderr) has the details";
        }
        if (verbose && family == FailureFamily.INTERNAL) {
            return "this is a bug: report it with the stack trace (on stderr)";
        }
        return oneLine(family.defaultHint());
    }

    private static String describe(ErrorDetails details) {
        List<String> parts = new ArrayList<>();
        details.httpStatus().ifPresent(status -> parts.add("HTTP " + status));
        List<Integer> codes = details.errorCodes();
        List<String> messages = details.errorMessages();
        for (int i = 0; i < codes.size(); i++) {
            parts.add("code " + codes.get(i) + (i < messages.size() && codes.size() == messages.size()
                    ? ": " + messages.get(i) : ""));
        }
        details.rayId().ifPresent(ray -> parts.add("cf-ray " + ray));
        return parts.isEmpty() ? "" : " [" + String.join(", ", parts) + "]";
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
