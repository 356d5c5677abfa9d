package dev.d1export.cli.internal;

import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's timeout message in the command's words, with one piece of advice, in the hint, naming the setting that
 * ran out. A provider tells a library user which setting to raise: the request's timeout ({@code ...; raise the
 * request's timeout.}, {@code ...; raise the request timeout}) or, when the request set none, its own option
 * ({@code ...; raise the 'timeout' option.}, the {@code cloudflare} provider's), perhaps with an aside and another
 * sentence after it. That advice is left out of the message, and an aside that followed it (what the server does with
 * an export no longer polled) is kept as a clause of its own. The hint names the setting in the command's words: the
 * request's timeout is {@code --timeout}, the family's hint; so is the default of a provider's {@code 'timeout'}
 * option (the URL did not set it), which {@code --timeout} replaces; an option the URL set is named as the URL's
 * option, the limit that ran out ({@code --timeout}, not given, was none). The default of any other option is no
 * setting {@code --timeout} raises: that advice stays in the message as the provider words it. The provider's
 * exception stays the cause, with its own words, for {@code --verbose}.
 */
public final class TimeoutMessage {

    /**
     * The advice to raise the request's timeout or a provider option ({@code group(1)}, its name), with the aside in
     * parentheses that may follow it ({@code group(2)}), up to the end of its sentence ({@code group(3)}; a sentence
     * may follow: {@code The export was still 'active' after 56 calls.}).
     */
    private static final Pattern ADVICE = Pattern.compile(
            "; raise (?:the request(?:'s)? timeout|the '([^'()]+)' option)(?: \\(([^()]+)\\))?(\\.|$)");

    /** The provider option that {@code --timeout} replaces (the request's timeout, the {@code cloudflare} one's). */
    private static final String REPLACED_BY_TIMEOUT = "timeout";

    private TimeoutMessage() {
    }

    /**
     * The failure to report: an {@link ExportTimeoutException} (that class itself, so that {@code --json}'s
     * {@code error.type} stays true) whose message advises raising a setting, as a new one without that advice, with
     * the same details and the provider's exception as its cause, and, when the setting is an option the URL set, a
     * hint naming it; any other failure as it is.
     *
     * @param failure what the export threw
     * @param url     the options the URL set, or {@code null} if it was not read
     * @return the failure to report
     */
    public static Throwable inCommandWords(Throwable failure, ExportOptions url) {
        if (failure == null || failure.getClass() != ExportTimeoutException.class) {
            return failure;
        }
        ExportTimeoutException timeout = (ExportTimeoutException) failure;
        Matcher advice = ADVICE.matcher(timeout.summary());
        if (!advice.find()) {
            return failure;
        }
        String option = advice.group(1);
        if (option != null && !option.equals(REPLACED_BY_TIMEOUT) && (url == null || !url.has(option))) {
            // A default of another option ran out: --timeout, the family's hint, does not raise it, so the
            // provider's advice, the only one naming it, stays.
            return failure;
        }
        ErrorDetails details = timeout.details();
        if (option != null && url != null && url.has(option)) {
            // The URL's option was the limit: "--timeout", the family's hint, would name a setting that was not set.
            details = details.withHint("allow more time with the URL's '" + option + "' option, the limit that ran"
                    + " out (large databases take minutes)");
        }
        ExportTimeoutException translated = new ExportTimeoutException(text(timeout.summary(), advice), timeout,
                details);
        // Where the provider threw it, not where the command caught it.
        translated.setStackTrace(timeout.getStackTrace());
        return translated;
    }

    /**
     * The message in the command's words: without the advice to raise a setting; an aside in parentheses after the
     * advice becomes a clause of its own.
     */
    private static String text(String summary, Matcher advice) {
        String aside = advice.group(2);
        return summary.substring(0, advice.start()) + (aside == null ? "" : "; " + aside) + advice.group(3)
                + summary.substring(advice.end());
    }
}
