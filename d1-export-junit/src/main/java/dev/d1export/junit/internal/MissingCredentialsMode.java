package dev.d1export.junit.internal;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** What a test that needs a snapshot does when the provider has no credentials. */
public enum MissingCredentialsMode {
    /** Skip the test (aborted), saying what to set. */
    SKIP,
    /** Fail the test. */
    FAIL;

    /**
     * Parses a configuration value, case-insensitively.
     *
     * @param key   the configuration parameter, for the message
     * @param value the value
     * @return the mode
     * @throws ExtensionConfigurationException naming the bad value and the valid ones
     */
    public static MissingCredentialsMode parse(String key, String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        for (MissingCredentialsMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new ExtensionConfigurationException("Configuration parameter '" + key + "' has the invalid value '"
                + value + "'; expected skip or fail");
    }
}
