package dev.d1export.cli.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.RateLimitedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code --json} object of a failed export: its family, exit code, message, hint and server details. */
public final class FailureJson {

    private FailureJson() {
    }

    /**
     * Describes a failure.
     *
     * @param url      the export's URL without secrets, or {@code null} if it did not parse
     * @param error    the failure
     * @param exitCode the status the process ends with: the failure family's, or a signal's
     * @param verbose  whether the run prints the stack trace (the hint then points at it)
     * @return the JSON object
     */
    public static Json of(String url, Throwable error, int exitCode, boolean verbose) {
        FailureFamily family = FailureFamily.of(error);
        ErrorDetails details = error instanceof D1ExportException d1 ? d1.details() : ErrorDetails.none();
        List<Object> codes = new ArrayList<>(details.errorCodes());
        Json description = new Json()
                .put("family", family.id())
                .put("type", error.getClass().getName())
                .put("message", ErrorReport.line(error))
                .put("hint", ErrorReport.hint(error, verbose))
                .put("httpStatus", details.httpStatus().isPresent() ? details.httpStatus().getAsInt() : null)
                .put("codes", codes)
                .put("serverMessages", details.errorMessages())
                .put("rayId", details.rayId().orElse(null));
        if (error instanceof RateLimitedException limited) {
            description.put("retryAfterMillis", limited.retryAfter().map(Duration::toMillis).orElse(null));
        }
        return new Json()
                .put("status", "error")
                .put("exitCode", exitCode)
                .put("url", url)
                .put("error", description);
    }

    /**
     * Describes a command line that could not be parsed (unknown option, bad value, missing {@code -o}, ...).
     *
     * @param type    the parse failure's class name
     * @param message the failure's message, already without argument values
     * @param hint    what to do
     * @return the JSON object, in the same shape as {@link #of(String, Throwable, int, boolean)}
     */
    public static Json usage(String type, String message, String hint) {
        Json description = new Json()
                .put("family", FailureFamily.USAGE.id())
                .put("type", type)
                .put("message", message)
                .put("hint", hint)
                .put("httpStatus", null)
                .put("codes", List.of())
                .put("serverMessages", List.of())
                .put("rayId", null);
        return new Json()
                .put("status", "error")
                .put("exitCode", FailureFamily.USAGE.exitCode())
                .put("url", null)
                .put("error", description);
    }
}
