package dev.d1export.http.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/** Which URLs the provider may talk to: {@code https} anywhere, plain {@code http} only on a loopback host. */
final class TransportSecurity {

    private TransportSecurity() {
    }

    /**
     * Why a URL may not be used, or {@code null} when it may.
     *
     * @param uri the URL
     * @return the problem, or {@code null}
     */
    static String problemWith(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "it has no host";
        }
        if (uri.getRawUserInfo() != null) {
            return "it carries user info; credentials never travel in a URL";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            return isLoopback(uri.getHost()) ? null
                    : "plain http is refused except on a loopback host (localhost, 127.0.0.1, ::1); use https";
        }
        return "scheme '" + uri.getScheme() + "' is not supported; use https";
    }

    /**
     * Whether a host names this machine: {@code localhost} or a loopback address literal. No DNS lookup is made.
     *
     * @param host the host of a URL
     * @return {@code true} for loopback
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean literal = h.matches("[0-9.]+") || h.contains(":");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
