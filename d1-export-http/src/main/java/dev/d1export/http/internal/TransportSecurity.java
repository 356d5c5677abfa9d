package dev.d1export.http.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which URLs the provider may talk to: {@code https} anywhere, plain {@code http} only on a loopback host. */
final class TransportSecurity {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:]+");
    /** The text after an authority's last ':' outside brackets and user info: its port, if it has one. */
    private static final Pattern PORT_TEXT = Pattern.compile(":([^:@\\]]*)$");
    private static final Pattern PORT_NUMBER = Pattern.compile("-?[0-9]{1,30}");
    private static final String USER_INFO = "it carries user info; credentials never travel in a URL";

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
            return noHost(uri.getRawAuthority());
        }
        if (uri.getRawUserInfo() != null) {
            return USER_INFO;
        }
        // URI takes any number of digits; the HTTP clients would throw an untyped error for it only when called.
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "port " + uri.getPort() + " is out of range (1-65535)";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            return isLoopback(uri.getHost()) ? null
                    : "plain http is refused except on a loopback host (localhost, 127.x.x.x, [::1]); use https";
        }
        return "scheme '" + uri.getScheme() + "' is not supported; use https";
    }

    /**
     * Why an authority gave no host. {@link URI} reads one it cannot split into a host and a port (a port past
     * {@code Integer.MAX_VALUE} or negative, a {@code _} in a host name, an IPv6 address without brackets) as a
     * registry name, without a host: saying "no host" there sent users looking for a host that is plainly in the URL,
     * and saying "port 443 is out of range" sent them to a port that is fine. Only a port made of digits is quoted:
     * the authority itself may hold user info or a pasted secret.
     */
    private static String noHost(String authority) {
        if (authority == null || authority.isEmpty()) {
            return "it has no host";
        }
        if (authority.contains("@")) {
            return USER_INFO;
        }
        Matcher port = PORT_TEXT.matcher(authority);
        String host = authority;
        if (port.find()) {
            String text = port.group(1);
            host = authority.substring(0, port.start());
            boolean number = PORT_NUMBER.matcher(text).matches();
            // A port in range is not why: the host before it is (::1:443, a second colon, a '_').
            if (number && !inRange(text)) {
                return "port " + text + " is out of range (1-65535)";
            }
            if (!number && !text.isEmpty()) {
                return "its port is not a number from 1 to 65535";
            }
        }
        // Only the fixed example is shown, never the authority (see above).
        boolean bareIpv6 = host.indexOf(':') != host.lastIndexOf(':')
                && IPV6_CHARS.matcher(host.toLowerCase(Locale.ROOT)).matches();
        return "its host is not a valid host name or IP address"
                + (bareIpv6 ? " (an IPv6 address is written in brackets, as in https://[::1]:443)" : "");
    }

    /** Whether a port's digits (at most 30, see PORT_NUMBER) are a port from 1 to 65535. */
    private static boolean inRange(String digits) {
        java.math.BigInteger port = new java.math.BigInteger(digits);
        return port.signum() > 0 && port.compareTo(java.math.BigInteger.valueOf(65535)) <= 0;
    }

    /**
     * Whether a host is loopback without asking any resolver: exactly {@code localhost}, an IPv4 literal in
     * {@code 127.0.0.0/8} (four decimal parts) or the IPv6 literal {@code ::1} (bracketed in a URL). Names under
     * {@code .localhost} are refused: whether they resolve to loopback is up to the resolver, and plain HTTP with
     * credentials must not depend on it.
     *
     * @param host the host of a URL
     * @return {@code true} for loopback
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (IPV4.matcher(h).matches()) {
            String[] parts = h.split("\\.");
            for (String part : parts) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(parts[0]) == 127;
        }
        if (h.startsWith("[") && h.endsWith("]") && h.length() > 2) {
            return isIpv6Loopback(h);
        }
        return false;
    }

    private static boolean isIpv6Loopback(String bracketed) {
        String literal = bracketed.substring(1, bracketed.length() - 1);
        if (!IPV6_CHARS.matcher(literal).matches()) {
            return false;
        }
        try {
            // Bracketed, the name is parsed as an IPv6 literal and never looked up; a v4-mapped form becomes an
            // Inet4Address and is refused.
            InetAddress address = InetAddress.getByName(bracketed);
            return address instanceof Inet6Address && address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
