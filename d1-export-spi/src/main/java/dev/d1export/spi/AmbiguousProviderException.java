package dev.d1export.spi;

import java.util.List;

/**
 * Several providers claim the same URL. d1-export never picks one by class-path order: pin one with the
 * {@code provider-class} option or {@link ProviderRegistry.Builder#pin(String)}.
 */
public class AmbiguousProviderException extends ExportConfigurationException {

    private static final long serialVersionUID = 1L;

    /** @serial names of the providers that all claimed the URL. */
    private final List<String> candidates;

    /**
     * Creates the exception.
     *
     * @param provider   the URL's provider name
     * @param candidates the class names of every provider that claimed it
     */
    public AmbiguousProviderException(String provider, List<String> candidates) {
        super("Several providers claim provider '" + provider + "': " + String.join(", ", candidates)
                + ". Pin one with the option '" + ExportOptions.PROVIDER_CLASS.name() + "=<class name>'");
        this.candidates = List.copyOf(candidates);
    }

    /**
     * The class names of the providers that claimed the URL.
     *
     * @return the candidates, in discovery order
     */
    public List<String> candidates() {
        return candidates;
    }
}
