package dev.d1export.spi;

import java.util.List;
import java.util.Map;

/**
 * The entry point, in the role of JDBC's {@code DriverManager}: opens an {@link Exporter} for a URL with the provider
 * that serves it, found through {@link java.util.ServiceLoader} with the SPI's own class loader.
 *
 * <pre>{@code
 * try (Exporter exporter = D1Export.open("d1:sqlite:.wrangler/state/v3/d1")) {
 *     ExportResult result = exporter.export(ExportRequest.builder().destination(Path.of("dump.sql")).build());
 * }
 * }</pre>
 *
 * <p>Each call discovers providers afresh: no registry, provider instance or exporter is cached between calls. To
 * choose a class loader, pin a provider or reuse one discovery, use a {@link ProviderRegistry}.
 *
 * <p>Not free of global state, though: the SPI keeps, for the life of the JVM and shared by every caller, which
 * provider load failures it has already logged at {@code WARNING} (later calls log them at {@code DEBUG}; see
 * {@link ProviderRegistry}), and the option names declared secret with {@link ExportOption#secret(String)} (masked
 * in every {@link ExportOptions} from then on). Neither changes which provider is chosen. Provider classes are
 * loaded once per class loader, as any class, so a provider's own static state, or a static initialiser that
 * failed, lasts as long as its class loader.
 */
public final class D1Export {

    private D1Export() {
    }

    /**
     * Opens an exporter for a URL.
     *
     * @param url {@code d1:<provider>:<provider part>[?option=value&...]}
     * @return a new exporter; close it
     * @throws InvalidExportUrlException   if the URL is malformed, or carries an option the provider declared secret
     * @throws ProviderNotFoundException   if no provider serves it
     * @throws AmbiguousProviderException  if several do and none is pinned
     * @throws ExportConfigurationException what else the provider's {@link ExportProvider#create create} refuses: a
     *                                      bad option ({@link InvalidOptionException}), or a class it needs that is
     *                                      missing from the class path
     * @throws MissingCredentialsException  if the provider needs credentials and finds none
     */
    public static Exporter open(String url) {
        return ProviderRegistry.load().open(url);
    }

    /**
     * Opens an exporter for a URL plus properties (secrets such as {@code api-token} belong here, never in the URL).
     *
     * @param url        {@code d1:<provider>:<provider part>[?option=value&...]}
     * @param properties more options; they take precedence over the URL's query
     * @return a new exporter; close it
     * @throws InvalidExportUrlException   if the URL is malformed, or carries an option the provider declared secret
     * @throws ProviderNotFoundException   if no provider serves it
     * @throws AmbiguousProviderException  if several do and none is pinned
     * @throws ExportConfigurationException what else the provider's {@link ExportProvider#create create} refuses: a
     *                                      bad option ({@link InvalidOptionException}), or a class it needs that is
     *                                      missing from the class path
     * @throws MissingCredentialsException  if the provider needs credentials and finds none
     */
    public static Exporter open(String url, Map<String, String> properties) {
        return ProviderRegistry.load().open(url, properties);
    }

    /**
     * Opens an exporter for a URL plus properties with the providers visible to a class loader (e.g. a plugin's).
     *
     * @param url         {@code d1:<provider>:<provider part>[?option=value&...]}
     * @param properties  more options; they take precedence over the URL's query
     * @param classLoader the loader to search for providers
     * @return a new exporter; close it
     * @throws InvalidExportUrlException   if the URL is malformed, or carries an option the provider declared secret
     * @throws ProviderNotFoundException   if no provider serves it
     * @throws AmbiguousProviderException  if several do and none is pinned
     * @throws ExportConfigurationException what else the provider's {@link ExportProvider#create create} refuses: a
     *                                      bad option ({@link InvalidOptionException}), or a class it needs that is
     *                                      missing from the class path
     * @throws MissingCredentialsException  if the provider needs credentials and finds none
     */
    public static Exporter open(String url, Map<String, String> properties, ClassLoader classLoader) {
        return ProviderRegistry.load(classLoader).open(url, properties);
    }

    /**
     * Opens an exporter for typed options.
     *
     * @param options the options
     * @return a new exporter; close it
     * @throws ProviderNotFoundException   if no provider serves them
     * @throws AmbiguousProviderException  if several do and none is pinned
     * @throws ExportConfigurationException what else the provider's {@link ExportProvider#create create} refuses: a
     *                                      bad option ({@link InvalidOptionException}), or a class it needs that is
     *                                      missing from the class path
     * @throws MissingCredentialsException  if the provider needs credentials and finds none
     */
    public static Exporter open(ExportOptions options) {
        return ProviderRegistry.load().open(options);
    }

    /**
     * The providers that load with the SPI's class loader.
     *
     * @return the providers, in discovery order
     */
    public static List<ExportProvider> providers() {
        return ProviderRegistry.load().providers();
    }

    /**
     * The providers that load with a class loader.
     *
     * @param classLoader the loader to search
     * @return the providers, in discovery order
     */
    public static List<ExportProvider> providers(ClassLoader classLoader) {
        return ProviderRegistry.load(classLoader).providers();
    }
}
