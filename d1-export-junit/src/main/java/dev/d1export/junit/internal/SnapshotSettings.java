package dev.d1export.junit.internal;

import dev.d1export.junit.D1Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run's configuration as the extension reads it: JUnit configuration parameters first (which include system
 * properties and {@code junit-platform.properties}), then environment variables where documented on
 * {@link D1Snapshot}. Read afresh from the context each time: nothing is cached outside the store.
 */
public final class SnapshotSettings {

    private final Function<String, Optional<String>> parameters;
    private final Function<String, String> environment;

    SnapshotSettings(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    /**
     * The settings of a run.
     *
     * @param context any context of the run
     * @return the settings
     */
    public static SnapshotSettings of(ExtensionContext context) {
        return new SnapshotSettings(context::getConfigurationParameter, System::getenv);
    }

    /**
     * The default URL.
     *
     * @return {@value D1Snapshot#URL_PROPERTY_NAME}, else {@value D1Snapshot#URL_ENVIRONMENT_VARIABLE}
     */
    public Optional<String> defaultUrl() {
        Optional<String> configured = parameters.apply(D1Snapshot.URL_PROPERTY_NAME).filter(v -> !v.isBlank());
        if (configured.isPresent()) {
            return configured.map(String::trim);
        }
        return Optional.ofNullable(environment.apply(D1Snapshot.URL_ENVIRONMENT_VARIABLE))
                .filter(v -> !v.isBlank()).map(String::trim);
    }

    /**
     * The configured snapshot folder.
     *
     * @return the folder of {@value D1Snapshot#DIR_PROPERTY_NAME}, if set
     * @throws ExtensionConfigurationException if it is not a valid path, or names a file
     */
    public Optional<Path> directory() {
        Optional<String> dir = parameters.apply(D1Snapshot.DIR_PROPERTY_NAME).filter(v -> !v.isBlank());
        Optional<Path> path;
        try {
            path = dir.map(v -> Path.of(v.trim()).toAbsolutePath());
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("Configuration parameter '" + D1Snapshot.DIR_PROPERTY_NAME
                    + "' is not a valid path: '" + dir.orElse("") + "'", e);
        }
        if (path.isPresent() && Files.exists(path.get()) && !Files.isDirectory(path.get())) {
            throw new ExtensionConfigurationException("Configuration parameter '" + D1Snapshot.DIR_PROPERTY_NAME
                    + "' names a file, not a folder: '" + path.get() + "'");
        }
        return path;
    }

    /**
     * The cleanup policy.
     *
     * @return {@value D1Snapshot#CLEANUP_PROPERTY_NAME}, default {@link CleanupMode#ALWAYS}
     */
    public CleanupMode cleanup() {
        return mode(D1Snapshot.CLEANUP_PROPERTY_NAME, CleanupMode.class, CleanupMode.ALWAYS);
    }

    /**
     * What to do without credentials.
     *
     * @return {@value D1Snapshot#MISSING_CREDENTIALS_PROPERTY_NAME}, default {@link MissingCredentialsMode#SKIP}
     */
    public MissingCredentialsMode missingCredentials() {
        return mode(D1Snapshot.MISSING_CREDENTIALS_PROPERTY_NAME, MissingCredentialsMode.class,
                MissingCredentialsMode.SKIP);
    }

    /**
     * Whether configured option keys are checked for slips.
     *
     * @return {@code false} when {@value D1Snapshot#PROPERTY_CHECK_PROPERTY_NAME} is {@code off}
     * @throws ExtensionConfigurationException for a value other than {@code fail} or {@code off}
     */
    public boolean propertyCheck() {
        Optional<String> value = parameters.apply(D1Snapshot.PROPERTY_CHECK_PROPERTY_NAME).map(String::trim)
                .filter(v -> !v.isEmpty());
        if (value.isEmpty() || value.get().equalsIgnoreCase("fail")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("off")) {
            return false;
        }
        throw new ExtensionConfigurationException("Configuration parameter '" + D1Snapshot.PROPERTY_CHECK_PROPERTY_NAME
                + "' has the invalid value '" + value.get() + "'; expected fail or off");
    }

    /**
     * What a snapshot does when a table it names matches nothing.
     *
     * @return {@value D1Snapshot#UNMATCHED_TABLES_PROPERTY_NAME}, default {@link UnmatchedTablesMode#FAIL}
     */
    public UnmatchedTablesMode unmatchedTables() {
        return mode(D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME, UnmatchedTablesMode.class, UnmatchedTablesMode.FAIL);
    }

    /**
     * A configured mode: the constant the value names, case-insensitively ({@code -} may stand for {@code _}).
     *
     * @param key      the configuration parameter
     * @param type     the modes
     * @param fallback the mode when the parameter is not set
     * @return the mode
     * @throws ExtensionConfigurationException naming the bad value and the valid ones
     */
    private <E extends Enum<E>> E mode(String key, Class<E> type, E fallback) {
        Optional<String> value = parameters.apply(key).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        String normalized = value.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> names = new ArrayList<>();
        for (E mode : type.getEnumConstants()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
            names.add(mode.name().toLowerCase(Locale.ROOT));
        }
        String last = names.remove(names.size() - 1);
        throw new ExtensionConfigurationException("Configuration parameter '" + key + "' has the invalid value '"
                + value.get() + "'; expected " + String.join(", ", names) + " or " + last);
    }

    /**
     * A provider option from the configuration.
     *
     * @param option the option's name, e.g. {@code api-token}
     * @return {@value D1Snapshot#PROPERTY_PREFIX}{@code <option>}, else the environment variable
     *         {@value D1Snapshot#PROPERTY_ENVIRONMENT_PREFIX}{@code <OPTION>}
     */
    public Optional<String> property(String option) {
        Optional<String> configured = parameters.apply(D1Snapshot.PROPERTY_PREFIX + option);
        if (configured.isPresent()) {
            return configured;
        }
        return Optional.ofNullable(environment.apply(environmentName(option)));
    }

    /**
     * Where {@link #property(String)} found an option's value, for messages about it.
     *
     * @param option the option's name
     * @return e.g. {@code configuration parameter 'd1.snapshot.property.lossless'}
     */
    public String propertySource(String option) {
        return parameters.apply(D1Snapshot.PROPERTY_PREFIX + option).isPresent()
                ? "configuration parameter '" + D1Snapshot.PROPERTY_PREFIX + option + "'"
                : "environment variable '" + environmentName(option) + "'";
    }

    /**
     * The environment variable for a provider option.
     *
     * @param option e.g. {@code api-token}
     * @return e.g. {@code D1_SNAPSHOT_PROPERTY_API_TOKEN}
     */
    public static String environmentName(String option) {
        return D1Snapshot.PROPERTY_ENVIRONMENT_PREFIX
                + option.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
