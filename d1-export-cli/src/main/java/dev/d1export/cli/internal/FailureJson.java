package dev.d1export.cli.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.RateLimitedException;
import java.time.Duration;
import java.util.ArrayList;

/**
 * The {@code --json} object of a failed export: its family, exit code, message, hint and server details. Every
 * failure object has the same keys, whatever the family and however far the run got (a value that does not apply is
 * {@code null}, or an empty list): {@code status}, {@code exitCode}, {@code url}, {@code provider}, {@code error}, and
 * in {@code error} {@code family}, {@code type}, {@code message}, {@code hint}, {@code httpStatus}, {@code codes},
 * {@code serverMessages}, {@code rayId}, {@code retryAfterMillis}. The README's table of them is the contract;
 * {@code JsonContractTest} holds the two to each other.
 */
public final class FailureJson {

    private FailureJson() {
    }

    /** A URL as the export shows it: parsed and masked, or, when it does not parse, masked as given. */
    static String shown(String url) {
        try {
            return ExportOptions.parse(url).toUrl();
        } catch (RuntimeException e) {
            return ExportOptions.redact(url);
        }
    }

    /**
     * Describes a failure.
     *
     * @param url      the export's URL without secrets: the given URL masked as {@link ExportOptions#redact(String)}
     *                 masks it when it did not parse
     * @param provider the name of the provider chosen for the URL, or {@code null} if none was (yet)
     * @param error    the failure
     * @param exitCode the status the process ends with: the failure family's, or a signal's
     * @param verbose  whether the run prints the stack trace (the hint then points at it)
     * @return the JSON object
     */
    public static Json of(String url, String provider, Throwable error, int exitCode, boolean verbose) {
        FailureFamily family = FailureFamily.of(error);
        ErrorDetails details = error instanceof D1ExportException d1 ? d1.details() : ErrorDetails.none();
        Long retryAfter = error instanceof RateLimitedException limited
                ? limited.retryAfter().map(Duration::toMillis).orElse(null) : null;
        return object(exitCode, url, provider, family.id(), error.getClass().getName(), ErrorReport.line(error),
                ErrorReport.hint(error, verbose), details, retryAfter);
    }

    /**
     * Describes a failure before, or without, a provider chosen for the URL.
     *
     * @param url      the export's URL without secrets
     * @param error    the failure
     * @param exitCode the status the process ends with
     * @param verbose  whether the run prints the stack trace
     * @return the JSON object, its {@code provider} {@code null}
     */
    public static Json of(String url, Throwable error, int exitCode, boolean verbose) {
        return of(url, null, error, exitCode, verbose);
    }

    /**
     * Describes a command line that could not be parsed (unknown option, bad value, missing {@code -o}, ...). Its
     * {@code url} is the export's URL as the command line gives it, masked as the export's own failures show it
     * ({@link #shown(String)}), whether or not picocli reached it before the error; {@code provider} is {@code null},
     * as none was chosen.
     *
     * @param type    the parse failure's class name
     * @param message the failure's message, already without argument values
     * @param hint    what to do
     * @param url     the export's URL as the command line gives it, unmasked, or {@code null} (no URL given, or not the
     *                export command); never shown as given
     * @return the JSON object, with the same keys as {@link #of(String, String, Throwable, int, boolean)}; its
     *         {@code exitCode} the usage status, or a signal's status (130, 143, 129) when a signal came while the
     *         process started: the process then ends with that status, as after any other failure
     */
    public static Json usage(String type, String message, String hint, String url) {
        return object(SignalStatus.status().orElse(FailureFamily.USAGE.exitCode()), url == null ? null : shown(url),
                null, FailureFamily.USAGE.id(), type, message, hint, ErrorDetails.none(), null);
    }

    private static Json object(int exitCode, String url, String provider, String family, String type, String message,
            String hint, ErrorDetails details, Long retryAfterMillis) {
        Json description = new Json()
                .put("family", family)
                .put("type", type)
                .put("message", message)
                .put("hint", hint)
                .put("httpStatus", details.httpStatus().isPresent() ? details.httpStatus().getAsInt() : null)
                .put("codes", new ArrayList<Object>(details.errorCodes()))
                .put("serverMessages", details.errorMessages())
                .put("rayId", details.rayId().orElse(null))
                .put("retryAfterMillis", retryAfterMillis);
        return new Json()
                .put("status", "error")
                .put("exitCode", exitCode)
                .put("url", url)
                .put("provider", provider)
                .put("error", description);
    }
}
