package dev.d1export.junit.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Shows a URL from an annotation or the configuration in a message without the secrets a user may have put in it by
 * mistake. The SPI has such a redaction, but in a package it does not export; this one follows the same rules (user
 * info and the values of secret-looking query parameters masked) and also masks a fragment, which could hold anything.
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
        String rest = url;
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = "#" + MASK;
            rest = rest.substring(0, hash);
        }
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        StringBuilder sb = new StringBuilder(maskUserInfo(rest));
        if (query != null) {
            sb.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                if (i > 0) {
                    sb.append('&');
                }
                int eq = pairs[i].indexOf('=');
                if (eq >= 0 && looksSecret(pairs[i].substring(0, eq))) {
                    sb.append(pairs[i], 0, eq + 1).append(MASK);
                } else {
                    sb.append(pairs[i]);
                }
            }
        }
        return sb.append(fragment).toString();
    }

    /** Masks {@code user:password@} after the first {@code //}, up to the end of the authority. */
    private static String maskUserInfo(String head) {
        int start = head.indexOf("//");
        if (start < 0) {
            return head;
        }
        int end = head.indexOf('/', start + 2);
        String authority = end < 0 ? head.substring(start + 2) : head.substring(start + 2, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return head;
        }
        return head.substring(0, start + 2) + MASK + authority.substring(at) + (end < 0 ? "" : head.substring(end));
    }

    /** The SPI's notion of a secret-looking option name, applied to the decoded name. */
    private static boolean looksSecret(String rawKey) {
        String key;
        try {
            key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            key = rawKey;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("token") || k.contains("secret") || k.contains("password") || k.contains("passwd")
                || k.contains("credential") || k.contains("authorization") || k.endsWith("key");
    }
}
