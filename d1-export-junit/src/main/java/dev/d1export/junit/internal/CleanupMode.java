package dev.d1export.junit.internal;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** When snapshot files are deleted at the end of a run, like {@code @TempDir}'s cleanup modes. */
public enum CleanupMode {
    /** Always delete them. */
    ALWAYS,
    /** Delete them unless a test that used them failed. */
    ON_SUCCESS,
    /** Keep them. */
    NEVER;

    /**
     * Parses a configuration value, case-insensitively ({@code -} may stand for {@code _}).
     *
     * @param key   the configuration parameter, for the message
     * @param value the value
     * @return the mode
     * @throws ExtensionConfigurationException naming the bad value and the valid ones
     */
    public static CleanupMode parse(String key, String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CleanupMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new ExtensionConfigurationException("Configuration parameter '" + key + "' has the invalid value '"
                + value + "'; expected always, on_success or never");
    }
}
