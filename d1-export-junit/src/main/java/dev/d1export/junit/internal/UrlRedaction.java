package dev.d1export.junit.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;

/**
 * Shows a URL from an annotation or the configuration in a message without the secrets a user may have put in it by
 * mistake: a valid URL as {@link ExportOptions#toUrl()} gives it (secrets left out), anything else through
 * {@link ExportOptions#redact(String)} (user info, fragments and secret-looking query values masked).
 */
public final class UrlRedaction {

    /** What a hidden value is shown as, as the SPI shows it. */
    public static final String MASK = "****";

    private UrlRedaction() {
    }

    /**
     * The URL, safe to show.
     *
     * @param url the URL as written, valid or not
     * @return a valid URL as {@link ExportOptions#toUrl()} shows it; otherwise the URL with user info, the values of
     *         query parameters named like secrets (token, secret, password, credential, key...) and any fragment
     *         masked
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        try {
            return ExportOptions.parse(url).toUrl();
        } catch (D1ExportException | IllegalArgumentException e) {
            return redactInvalid(url);
        }
    }

    private static String redactInvalid(String url) {
        return ExportOptions.redact(url);
    }
}
