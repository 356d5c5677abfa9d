package dev.d1export.cli.internal;

import dev.d1export.spi.ExportTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's timeout message in the command's words. A provider tells a library user which setting to raise: the
 * request's timeout ({@code ...; raise the request's timeout.}, {@code ...; raise the request timeout}), perhaps with
 * an aside and another sentence after it. In the
 * command that setting is {@code --timeout}, which the family's hint names; a user of the command has no "request",
 * so that advice is left out of the message, and an aside that followed it (what the server does with an export no
 * longer polled) is kept as a clause of its own. Advice naming anything else (the {@code cloudflare} provider's
 * {@code 'timeout'} option, which the URL sets) stays. The provider's exception stays the cause, with its own words,
 * for {@code --verbose}.
 */
public final class TimeoutMessage {

    /**
     * The advice to raise the request's timeout, with the aside in parentheses that may follow it, up to the end of
     * its sentence (a sentence may follow: {@code The export was still 'active' after 56 calls.}).
     */
    private static final Pattern REQUEST_ADVICE = Pattern.compile(
            "; raise the request(?:'s)? timeout(?: \\(([^()]+)\\))?(\\.|$)");

    private TimeoutMessage() {
    }

    /**
     * The failure to report: an {@link ExportTimeoutException} (that class itself, so that {@code --json}'s
     * {@code error.type} stays true) whose message advises raising the request's timeout, as a new one without that
     * advice, with the same details (hint included) and the provider's exception as its cause; any other failure as
     * it is.
     *
     * @param failure what the export threw
     * @return the failure to report
     */
    public static Throwable inCommandWords(Throwable failure) {
        if (failure == null || failure.getClass() != ExportTimeoutException.class) {
            return failure;
        }
        ExportTimeoutException timeout = (ExportTimeoutException) failure;
        String text = text(timeout.summary());
        if (text.equals(timeout.summary())) {
            return failure;
        }
        ExportTimeoutException translated = new ExportTimeoutException(text, timeout, timeout.details());
        // Where the provider threw it, not where the command caught it.
        translated.setStackTrace(timeout.getStackTrace());
        return translated;
    }

    /**
     * The message in the command's words.
     *
     * @param summary the provider's one-line message
     * @return the message without the advice to raise the request's timeout; an aside in parentheses after the
     *         advice becomes a clause of its own
     */
    static String text(String summary) {
        Matcher advice = REQUEST_ADVICE.matcher(summary);
        if (!advice.find()) {
            return summary;
        }
        String aside = advice.group(1);
        return summary.substring(0, advice.start()) + (aside == null ? "" : "; " + aside) + advice.group(2)
                + summary.substring(advice.end());
    }
}
