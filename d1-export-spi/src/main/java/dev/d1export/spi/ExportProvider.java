package dev.d1export.spi;

import java.util.List;

/**
 * A way of exporting a D1 database, found through {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are registered both in {@code META-INF/services/dev.d1export.spi.ExportProvider} and with
 * {@code provides dev.d1export.spi.ExportProvider with ...} in their {@code module-info}. They need a public no-argument
 * constructor, hold no state of their own and must be safe to use from several threads.
 */
public interface ExportProvider {

    /**
     * The provider's name: the {@code <provider>} segment of the URLs it serves, e.g. {@code cloudflare} for
     * {@code d1:cloudflare://...}. Lower case; never changes.
     *
     * @return the provider name
     */
    String name();

    /**
     * Whether this provider can serve these options. Must be cheap and free of I/O: it is called for every provider
     * on every lookup. The default accepts options whose {@link ExportOptions#provider() provider} is {@link #name()}.
     *
     * @param options parsed options
     * @return {@code true} if {@link #create(ExportOptions)} would accept them
     */
    default boolean supports(ExportOptions options) {
        return name().equals(options.provider());
    }

    /**
     * Creates an exporter for these options. Validates the options and fails fast on bad ones
     * ({@link InvalidOptionException}, {@link InvalidExportUrlException}), on missing credentials
     * ({@link MissingCredentialsException}, for a provider that needs them) and on a class it needs that is missing from
     * the class path ({@link ExportConfigurationException} naming it, rather than a bare {@code NoClassDefFoundError});
     * does no network or file work beyond that.
     *
     * @param options parsed options, {@linkplain #supports(ExportOptions) supported} by this provider
     * @return a new exporter, owned (and closed) by the caller
     */
    Exporter create(ExportOptions options);

    /**
     * A one-line description of what this provider exports and the URL form it accepts, for listings such as
     * {@code d1-export providers}.
     *
     * @return a human-readable description; empty by default
     */
    default String description() {
        return "";
    }

    /**
     * The options this provider reads, for listings and documentation.
     *
     * @return the provider's options; empty by default
     */
    default List<ExportOption<?>> supportedOptions() {
        return List.of();
    }
}
