package dev.d1export.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code User-Agent} the provider sends: {@code d1-export/<version>}. */
final class UserAgent {

    /** The header value. */
    static final String VALUE = "d1-export/" + version();

    private UserAgent() {
    }

    private static String version() {
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown").trim();
            // An unfiltered resource (running from sources) still gives a well-formed header.
            return version.isEmpty() || version.startsWith("$") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
