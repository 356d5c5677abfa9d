package dev.d1export.spi;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

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
        // Causes may form a cycle (a initCause b, b caused by a); stop at the first one seen twice.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (seen.add(root) && root.getCause() != null && !seen.contains(root.getCause())) {
            root = root.getCause();
        }
        return provider + " (" + root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage())
                + ")";
    }
}
