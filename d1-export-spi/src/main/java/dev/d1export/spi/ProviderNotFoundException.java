package dev.d1export.spi;

import java.util.List;
import java.util.Objects;

/**
 * No provider serves the URL (or a pinned provider class is absent). The message lists every provider that was found,
 * with its class, and every provider that failed to load, so a missing dependency is obvious; a provider whose
 * {@code supports()} threw for this URL is listed among the failures only, not also as found.
 */
public class ProviderNotFoundException extends ExportConfigurationException {

    private static final long serialVersionUID = 1L;

    /** @serial names of the providers that were found. */
    private final List<String> available;
    private final transient List<ProviderLoadFailure> failures;

    /**
     * Creates the exception.
     *
     * @param message   what was looked for
     * @param available the providers found, as {@code name (class)}
     * @param failures  the providers that failed to load
     */
    public ProviderNotFoundException(String message, List<String> available, List<ProviderLoadFailure> failures) {
        super(Objects.requireNonNull(message, "message") + describe(Objects.requireNonNull(available, "available"),
                Objects.requireNonNull(failures, "failures")));
        this.available = List.copyOf(available);
        this.failures = List.copyOf(failures);
    }

    private static String describe(List<String> available, List<ProviderLoadFailure> failures) {
        StringBuilder sb = new StringBuilder();
        sb.append(". Providers found: ").append(available.isEmpty() ? "none" : String.join(", ", available));
        if (!failures.isEmpty()) {
            sb.append(". Providers that failed to load: ");
            for (int i = 0; i < failures.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(failures.get(i).describe());
            }
        }
        return sb.toString();
    }

    /**
     * The providers that were found.
     *
     * @return {@code name (class)} of each
     */
    public List<String> available() {
        return available;
    }

    /**
     * The providers that failed to load.
     *
     * @return the failures
     */
    public List<ProviderLoadFailure> failures() {
        return failures == null ? List.of() : failures;
    }
}
