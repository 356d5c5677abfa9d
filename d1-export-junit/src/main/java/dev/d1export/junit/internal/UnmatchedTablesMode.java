package dev.d1export.junit.internal;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** What a snapshot does when a table it names matches nothing in the database. */
public enum UnmatchedTablesMode {
    /** Fail the tests that need it, naming the table. */
    FAIL,
    /** Log a warning and go on with the snapshot as D1 gives it. */
    WARN;

    /**
     * Parses a configuration value, case-insensitively.
     *
     * @param key   the configuration parameter, for the message
     * @param value the value
     * @return the mode
     * @throws ExtensionConfigurationException naming the bad value and the valid ones
     */
    public static UnmatchedTablesMode parse(String key, String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        for (UnmatchedTablesMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new ExtensionConfigurationException("Configuration parameter '" + key + "' has the invalid value '"
                + value + "'; expected fail or warn");
    }
}
