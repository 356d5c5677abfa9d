package dev.d1export.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Masks secrets before a request is journaled: credentials in headers (also any header whose name contains
 * {@code token}, {@code key} or {@code secret}), signatures in signed URLs.
 */
public final class Redaction {

    /** What a secret is replaced with. */
    public static final String MASK = "****";

    private Redaction() {
    }

    /**
     * The headers with secrets masked; names in lower case.
     *
     * @param headers the raw headers
     * @return a redacted copy
     */
    public static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            for (String v : e.getValue()) {
                values.add(redact(name, v));
            }
            out.merge(name, values, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        return out;
    }

    private static String redact(String name, String value) {
        switch (name) {
            // Proxy-Authorization carries a proxy's credential as Authorization carries the API's.
            case "authorization":
            case "proxy-authorization": {
                int space = value.indexOf(' ');
                return space < 0 ? MASK : value.substring(0, space) + " " + MASK;
            }
            case "x-auth-key":
            case "cookie":
                return MASK;
            default:
                // Any header named like a credential (X-Api-Key, CF-Access-Client-Secret, X-Upstream-Token, ...).
                return isSecretName(name) ? MASK : value;
        }
    }

    private static boolean isSecretName(String lowerCaseName) {
        return lowerCaseName.contains("token") || lowerCaseName.contains("key") || lowerCaseName.contains("secret");
    }

    /**
     * A query with its signature masked.
     *
     * @param query the raw query, may be {@code null}
     * @return the redacted query, empty when none
     */
    public static String query(String query) {
        if (query == null) {
            return "";
        }
        return query.replaceAll("(?i)(signature=)[^&]*", "$1" + MASK);
    }
}
