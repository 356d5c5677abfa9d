package dev.d1export.spi;

import java.util.Objects;

/**
 * A provider that could not be loaded or asked: its class is missing, its constructor or {@code supports} threw.
 * Reported (logged, and named in "no provider" errors) and skipped; the other providers keep working.
 *
 * @param provider the provider's class name, or the service entry that failed
 * @param error    what went wrong
 */
public record ProviderLoadFailure(String provider, Throwable error) {

    /**
     * Creates a failure record.
     *
     * @param provider the provider's class name, or the service entry that failed
     * @param error    what went wrong
     */
    public ProviderLoadFailure {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(error, "error");
    }

    /**
     * One line for messages and logs.
     *
     * @return e.g. {@code com.example.Broken (java.lang.IllegalStateException: boom)}
     */
    public String describe() {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return provider + " (" + root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage())
                + ")";
    }
}
