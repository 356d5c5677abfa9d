package dev.d1export.http;

import dev.d1export.http.internal.CloudflareExporter;
import dev.d1export.http.internal.CloudflareSettings;
import dev.d1export.spi.ExportConfigurationException;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Provider {@code cloudflare}: exports a D1 database through the Cloudflare API, as Cloudflare's own CLI does, and
 * downloads the dump from the signed URL the API hands out.
 *
 * <p>URLs: {@code d1:cloudflare://<account_id>/<database>}, or {@code d1:cloudflare:<database>} with the account from
 * {@link CloudflareOptions#ACCOUNT_ID} or {@code CLOUDFLARE_ACCOUNT_ID}. {@code <database>} is a UUID or a database
 * name, which is resolved through the API. Credentials and the other options: see {@link CloudflareOptions}.
 *
 * <pre>{@code
 * try (Exporter exporter = D1Export.open("d1:cloudflare://" + account + "/my-db", Map.of("api-token", token))) {
 *     exporter.export(ExportRequest.builder().destination(Path.of("backup.sql")).build());
 * }
 * // With your own HttpClient (proxy, TLS); it must not follow redirects:
 * Exporter exporter = CloudflareExportProvider.create(options, HttpClient.newBuilder().proxy(proxy).build());
 * }</pre>
 *
 * <p>Without a client of yours, the API is called through an {@code HttpClient} of the exporter's own and the dump is
 * downloaded over an HTTP/1.1 connection of its own, which reads the body into one reused buffer and writes it to the
 * file from there (the JDK client's pipeline copies each buffer several times); when the default
 * {@link java.net.ProxySelector} names a proxy for the signed URL, the download goes through the JDK client, which
 * applies it. A client of yours carries every request, the download included.
 *
 * <p>Errors: every failure is a {@link dev.d1export.spi.D1ExportException} carrying, in its
 * {@link dev.d1export.spi.D1ExportException#details() details}, the HTTP status, the API's error codes and messages
 * and the {@code cf-ray} id. A failed API answer maps by the first matching row (transient statuses, 408, 429 and 5xx,
 * are retried first, see {@link CloudflareOptions#MAX_RETRIES}; the exception is that of the last answer):
 * <table>
 * <caption>Failed API answers and their exceptions</caption>
 * <tr><th>answer</th><th>exception</th></tr>
 * <tr><td>any status, the error says "Currently processing a long-running export"</td>
 *     <td>{@link dev.d1export.spi.ExportBusyException}</td></tr>
 * <tr><td>any status, the error names virtual tables (FTS5)</td>
 *     <td>{@link dev.d1export.spi.ExportFailedException} with a hint</td></tr>
 * <tr><td>3xx (redirects are never followed)</td><td>{@link dev.d1export.spi.ProtocolViolationException}</td></tr>
 * <tr><td>any status with API error code 10000 ("Authentication error", e.g. 403 for an expired token)</td>
 *     <td>{@link dev.d1export.spi.AuthenticationException}</td></tr>
 * <tr><td>any status with API error code 7404</td><td>{@link dev.d1export.spi.DatabaseNotFoundException}</td></tr>
 * <tr><td>401</td><td>{@link dev.d1export.spi.AuthenticationException}</td></tr>
 * <tr><td>403</td><td>{@link dev.d1export.spi.PermissionDeniedException}</td></tr>
 * <tr><td>404</td><td>{@link dev.d1export.spi.DatabaseNotFoundException}</td></tr>
 * <tr><td>409</td><td>{@link dev.d1export.spi.ExportBusyException}</td></tr>
 * <tr><td>429</td><td>{@link dev.d1export.spi.RateLimitedException}, with the server's {@code Retry-After}</td></tr>
 * <tr><td>5xx</td><td>{@link dev.d1export.spi.D1ExportException} itself (the SPI has no server-error type); its
 *     message says "server error (HTTP &lt;status&gt;)"</td></tr>
 * <tr><td>600 to 999 (beyond HTTP's classes, yet let through by {@code java.net.http})</td>
 *     <td>{@link dev.d1export.spi.D1ExportException} itself; its message says "an unexpected HTTP status
 *     (&lt;status&gt;)"</td></tr>
 * <tr><td>other 4xx, including 400, 408 and 422</td><td>{@link dev.d1export.spi.ExportFailedException}</td></tr>
 * <tr><td>2xx whose body is not the documented JSON, or a running export without a bookmark, or a complete one
 *     without a signed URL</td><td>{@link dev.d1export.spi.ProtocolViolationException}</td></tr>
 * <tr><td>2xx with export status {@code error} or an inner {@code success:false}</td>
 *     <td>{@link dev.d1export.spi.ExportFailedException} with the server's reason</td></tr>
 * </table>
 * Besides: no connection or no answer after the retries, {@link dev.d1export.spi.D1ExportException}; the deadline
 * passed, {@link dev.d1export.spi.ExportTimeoutException}; the thread interrupted,
 * {@link dev.d1export.spi.ExportCancelledException}; the signed-URL download refused or broken for good,
 * {@link dev.d1export.spi.DownloadFailedException}; a database name with no or several matches,
 * {@link dev.d1export.spi.DatabaseNotFoundException}; a database list that does not page (it answers another page
 * than the one asked for, or a page of only databases already listed),
 * {@link dev.d1export.spi.ProtocolViolationException}.
 *
 * <p>Each exporter builds its own {@link HttpClient} on first use and releases it in {@link Exporter#close()} (on
 * Java 21 and later by closing it); an {@code HttpClient} given through {@link Builder#httpClient(HttpClient)} is
 * shared as is and never closed by the provider.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CloudflareExportProvider implements ExportProvider {

    /** The provider name. */
    public static final String NAME = "cloudflare";

    private final HttpClient httpClient;
    private final Function<String, String> environment;

    /** Creates the provider with its own HTTP client and the process environment; {@link java.util.ServiceLoader} calls this. */
    public CloudflareExportProvider() {
        this(null, System::getenv);
    }

    private CloudflareExportProvider(HttpClient httpClient, Function<String, String> environment) {
        this.httpClient = httpClient;
        this.environment = environment;
    }

    /**
     * A builder for a provider with a chosen HTTP client or environment.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates an exporter that sends every request through the given client, e.g. one with a proxy or custom TLS.
     *
     * @param options    options of the {@code cloudflare} provider
     * @param httpClient the client; it must not follow redirects ({@link HttpClient.Redirect#NEVER}, the default)
     * @return the exporter
     * @throws IllegalArgumentException if the client follows redirects
     * @throws dev.d1export.spi.MissingCredentialsException if no credentials are set anywhere
     * @throws dev.d1export.spi.InvalidOptionException naming a bad option
     */
    public static Exporter create(ExportOptions options, HttpClient httpClient) {
        return builder().httpClient(httpClient).build().create(options);
    }

    /**
     * Starts, on a daemon thread, the one-time work of this JVM's first export: setting up the JDK's default TLS
     * context and Yasson's JSON models, about 0.2 s together. Call it early in a short-lived process that is about to
     * export (the {@code d1-export} command does, while it parses its command line) and the first export finds both
     * ready; an exporter starts the JSON part itself anyway. Idempotent, never fails, returns at once.
     */
    public static void warmUp() {
        dev.d1export.http.internal.WarmUp.start(true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "A database in Cloudflare D1, exported over the API: d1:cloudflare://<account_id>/<database id or name>";
    }

    @Override
    public List<ExportOption<?>> supportedOptions() {
        return CloudflareOptions.all();
    }

    /**
     * Validates the options, finds the credentials and creates an exporter. Does no network work.
     *
     * @param options options of the {@code cloudflare} provider
     * @return the exporter
     * @throws dev.d1export.spi.MissingCredentialsException naming what to set when there are no credentials
     * @throws dev.d1export.spi.InvalidOptionException naming a bad or unknown option
     * @throws dev.d1export.spi.InvalidExportUrlException if the URL names no database
     * @throws ExportConfigurationException if a library the provider needs (JSON-B with Yasson, JSON-P) is missing
     *                                      from the class path
     */
    @Override
    public Exporter create(ExportOptions options) {
        Objects.requireNonNull(options, "options");
        options.requireKnown(CloudflareOptions.all());
        CloudflareSettings settings = CloudflareSettings.from(options, environment, httpClient);
        try {
            return new CloudflareExporter(settings);
        } catch (ExceptionInInitializerError e) {
            // Not a missing library: a bug to see as it is.
            throw e;
        } catch (LinkageError | java.util.ServiceConfigurationError e) {
            // A jar left out of a hand-made class path (a shaded or copied build), or two that do not match: say
            // which, not NoClassDefFoundError.
            throw missingLibrary(e);
        } catch (RuntimeException e) {
            // JSON-P's own "provider not found" (its API without Parsson); matched by name, since the API may be the
            // very class that is missing.
            if (e.getClass().getName().startsWith("jakarta.json.")) {
                throw missingLibrary(e);
            }
            throw e;
        }
    }

    private static ExportConfigurationException missingLibrary(Throwable e) {
        return new ExportConfigurationException("The cloudflare provider cannot run, as a library it needs is missing"
                + " or does not match: " + e + "; it needs jakarta.json.bind-api with Yasson (org.eclipse:yasson) and"
                + " jakarta.json-api with Parsson (org.eclipse.parsson) on the class path or module path, which the"
                + " d1-export-http artifact brings as its dependencies", e);
    }

    @Override
    public String toString() {
        return "CloudflareExportProvider{" + (httpClient == null ? "own HttpClient" : "given HttpClient") + "}";
    }

    /** Builds a {@link CloudflareExportProvider} with a chosen HTTP client or environment. Not thread-safe. */
    public static final class Builder {

        private HttpClient httpClient;
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /**
         * Sends every request, the dump's download included, through this client instead of the provider's own. The
         * client stays the caller's: closing an exporter never closes it.
         *
         * @param httpClient the client; it must not follow redirects, so that credentials never leave the API host
         * @return this builder
         * @throws IllegalArgumentException if the client follows redirects
         */
        public Builder httpClient(HttpClient httpClient) {
            Objects.requireNonNull(httpClient, "httpClient");
            if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("The HttpClient follows redirects (" + httpClient.followRedirects()
                        + "); build it with followRedirects(HttpClient.Redirect.NEVER) so credentials never follow a"
                        + " redirect");
            }
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Reads environment variables ({@code CLOUDFLARE_API_TOKEN} and the others) through this function instead of
         * {@link System#getenv(String)}.
         *
         * @param environment returns a variable's value, or {@code null} when it is not set
         * @return this builder
         */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         */
        public CloudflareExportProvider build() {
            return new CloudflareExportProvider(httpClient, environment);
        }
    }
}
