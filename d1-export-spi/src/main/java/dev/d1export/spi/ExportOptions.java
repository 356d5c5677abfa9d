package dev.d1export.spi;

import dev.d1export.spi.internal.ControlCharacters;
import dev.d1export.spi.internal.Secrets;
import dev.d1export.spi.internal.UrlParser;
import dev.d1export.spi.internal.ValueParsers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Immutable, parsed export options: the provider name, the provider part of the URL (its target), and named option
 * values. Made by {@link #parse(String)} from a URL of the form {@code d1:<provider>:<provider part>[?key=value&...]},
 * or with a {@link #builder()}.
 *
 * <pre>{@code
 * ExportOptions a = ExportOptions.parse("d1:sqlite:data/app.sqlite?column-list=false");
 * ExportOptions b = ExportOptions.parse("d1:cloudflare://0123.../my-db", Map.of("api-token", token));
 * ExportOptions c = ExportOptions.builder().provider("fixture").target("classpath:users.sql").build();
 * }</pre>
 *
 * <p>Options whose name marks them as secret (tokens, keys, passwords), that were set with
 * {@link Builder#secret(String, String)} or a {@linkplain ExportOption#sensitive() sensitive} option, or whose name an
 * {@link ExportOption#secret(String)} created in this JVM bears, are redacted in
 * {@link #toString()} and {@link #toUrl()}, and are refused in URLs. A value that is itself a URL with an authority
 * ({@code https://...}, e.g. a base URL) is shown there without its query and fragment and with any user info
 * masked, since a token may sit in any of them.
 */
public final class ExportOptions {

    /**
     * Pins the provider implementation by class name when several providers claim the same URL. Matched on the
     * class {@link java.util.ServiceLoader} reports, so other providers are not even instantiated.
     */
    public static final ExportOption<String> PROVIDER_CLASS = ExportOption.string("provider-class");

    private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");

    private final String provider;
    private final String target;
    private final Map<String, String> values;
    private final Set<String> secretKeys;
    private final Set<String> urlKeys;

    private ExportOptions(Builder builder) {
        this.provider = builder.provider;
        this.target = builder.target;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(builder.values));
        this.secretKeys = Collections.unmodifiableSet(new LinkedHashSet<>(builder.secretKeys));
        this.urlKeys = Collections.unmodifiableSet(new LinkedHashSet<>(builder.urlKeys));
    }

    /**
     * Parses a URL.
     *
     * @param url e.g. {@code d1:sqlite:app.sqlite?column-list=false}
     * @return the options
     * @throws InvalidExportUrlException naming the part of the URL that is wrong
     */
    public static ExportOptions parse(String url) {
        return parse(url, Map.of());
    }

    /**
     * Parses a URL and adds properties, which take precedence over the URL's query parameters. Secrets (tokens,
     * keys) belong in the properties, never in the URL.
     *
     * @param url        e.g. {@code d1:cloudflare://<account>/<database>}
     * @param properties more options, e.g. {@code api-token}; may be empty
     * @return the options
     * @throws InvalidExportUrlException naming the part of the URL that is wrong
     */
    public static ExportOptions parse(String url, Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        UrlParser.Parsed parsed = UrlParser.parse(url);
        Builder builder = builder().provider(parsed.provider()).target(parsed.target());
        parsed.query().forEach(builder::option);
        builder.urlKeys.addAll(parsed.query().keySet());
        // A property replaces a query parameter of the same name, and is no longer from the URL (option says so).
        properties.forEach(builder::option);
        return builder.build();
    }

    /**
     * A URL as it may be shown in messages and logs: user info, fragments and the values of secret-looking query
     * parameters are masked, and URL-valued parameters lose their own query, fragment and user info. Works on
     * malformed URLs too.
     *
     * @param url any text meant as a d1 URL, may be {@code null}
     * @return the masked URL
     */
    public static String redact(String url) {
        return UrlParser.redact(url);
    }

    /**
     * A provider part, or a name a provider took from it, as messages, logs and {@code toString} may show it: masked
     * exactly as {@link #toUrl()} masks the provider part, so that a provider does not print whole, beside the masked
     * URL, a token pasted where the target belongs ({@code d1:sqlite:<token>}). A word of more than 32 letters,
     * digits, {@code -} and {@code _} alone (between white space or the ends; not a UUID) is shown as {@code ****},
     * and so are, in an authority target, an authority of more than 32 characters without a dot and such a path
     * segment. A folder or file name inside a longer path stays shown.
     *
     * @param text a provider part such as {@code //account/db} or {@code app.sqlite}
     * @return the same, or with token-like words masked
     */
    public static String redactTarget(String text) {
        return UrlParser.maskSecretLikeTarget(Objects.requireNonNull(text, "text"));
    }

    /**
     * A new, empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts with these options, to derive changed copies.
     *
     * @return the builder
     */
    public Builder mutate() {
        Builder builder = new Builder();
        builder.provider = provider;
        builder.target = target;
        builder.values.putAll(values);
        builder.secretKeys.addAll(secretKeys);
        builder.urlKeys.addAll(urlKeys);
        return builder;
    }

    /**
     * The provider name: the URL's {@code <provider>} segment, lower case.
     *
     * @return e.g. {@code sqlite}
     */
    public String provider() {
        return provider;
    }

    /**
     * The provider part of the URL, without its query: a path, {@code //authority/path}, or any provider-defined text.
     *
     * @return e.g. {@code data/app.sqlite} or {@code //0123abcd/my-db}
     */
    public String target() {
        return target;
    }

    /**
     * The authority of a hierarchical provider part ({@code //authority/path}).
     *
     * @return e.g. the account id of {@code d1:cloudflare://<account>/<database>}; empty for non-hierarchical targets
     */
    public Optional<String> authority() {
        if (!target.startsWith("//")) {
            return Optional.empty();
        }
        int slash = target.indexOf('/', 2);
        return Optional.of(slash < 0 ? target.substring(2) : target.substring(2, slash));
    }

    /**
     * The path of the provider part: everything after the authority (without its leading {@code /}) for a
     * hierarchical target, else the whole target.
     *
     * @return e.g. {@code my-db} for {@code //account/my-db}, {@code data/app.sqlite} for {@code data/app.sqlite}
     */
    public String path() {
        if (!target.startsWith("//")) {
            return target;
        }
        int slash = target.indexOf('/', 2);
        return slash < 0 ? "" : target.substring(slash + 1);
    }

    /**
     * A raw option value.
     *
     * @param key the option name
     * @return the value, if set
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * A typed option value.
     *
     * @param option the option
     * @param <T>    the value type
     * @return the converted value, if set
     * @throws InvalidOptionException if the value does not convert
     */
    public <T> Optional<T> get(ExportOption<T> option) {
        if (option.sensitive() && urlKeys.contains(option.name())) {
            throw new InvalidOptionException("Option '" + option.name() + "' of provider '" + provider + "' "
                    + Secrets.NOT_IN_URL);
        }
        String raw = values.get(option.name());
        return raw == null ? Optional.empty() : Optional.of(option.convert(raw, isSecret(option.name())));
    }

    /**
     * A typed option value, or a default.
     *
     * @param option       the option
     * @param defaultValue used when the option is not set
     * @param <T>          the value type
     * @return the converted value or the default
     * @throws InvalidOptionException if the value does not convert
     */
    public <T> T get(ExportOption<T> option, T defaultValue) {
        return get(option).orElse(defaultValue);
    }

    /**
     * Whether an option is set.
     *
     * @param key the option name
     * @return {@code true} if set
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The names of every option set, in the order they were set.
     *
     * @return the names
     */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * Whether the option's value is a secret, which is never shown.
     *
     * @param key the option name
     * @return {@code true} for secrets
     */
    public boolean isSecret(String key) {
        return secretKeys.contains(key) || Secrets.isSecret(key);
    }

    /**
     * Checks that every option set is one the provider knows (or {@link #PROVIDER_CLASS}), so a misspelt option
     * fails instead of being ignored.
     *
     * @param known the provider's options
     * @throws InvalidOptionException naming the unknown option and listing the known ones
     */
    public void requireKnown(Collection<? extends ExportOption<?>> known) {
        Set<String> names = new HashSet<>();
        names.add(PROVIDER_CLASS.name());
        List<String> listed = new ArrayList<>();
        for (ExportOption<?> option : known) {
            names.add(option.name());
            listed.add(option.name());
        }
        for (String key : values.keySet()) {
            if (!names.contains(key)) {
                throw new InvalidOptionException("Unknown option '" + UrlParser.shownName(key) + "' for provider '"
                        + provider + "'; known options: " + (listed.isEmpty() ? "none" : String.join(", ", listed)));
            }
        }
    }

    /**
     * The options as a URL for messages and logs, with secrets left out (they never travel in URLs) and URL-valued
     * options shown without their query, fragment and user info (see the class description). Parses back to equal
     * options unless something was left out or masked (a secret, a URL-valued option's query, fragment or user info,
     * a target or path segment that looks like a token, an identifier option's value that does, such as an
     * {@code account-id} of more than 32 letters and digits, or an option name of more than 32 characters, shown as
     * {@code ****}), or the options were built with what a URL cannot hold: a target with {@code ?} or {@code #}
     * (taken as written, not percent-decoded), with leading or trailing white space, or with an empty authority
     * ({@code //} alone, or three slashes as in {@code ///x}), or an option name that is not lower case words
     * separated by {@code -} or {@code .}. A target with an empty authority
     * is written as it is ({@code d1:sqlite:///x}), but {@link #parse(String)} refuses that URL with an
     * {@link InvalidExportUrlException} whose {@code part()} is {@code authority}: the builder takes such a target so
     * that a provider can say what to write instead (the {@code sqlite} provider suggests one slash,
     * {@code d1:sqlite:/x}). A target with one slash ({@code /x}) or a real authority ({@code //host/x}) round-trips.
     *
     * @return e.g. {@code d1:sqlite:app.sqlite?column-list=false}
     */
    public String toUrl() {
        return toUrl(false);
    }

    /**
     * Whether an option's value came from the URL's query (and was not set again since).
     *
     * @param key the option name
     * @return {@code true} if the URL gave it
     */
    boolean fromUrl(String key) {
        return urlKeys.contains(key);
    }

    /**
     * The options as {@link #toUrl()} shows them, for errors raised before any provider was found: a value given as
     * a property (the place for secrets) is masked too, as no provider has said yet whether its name is a secret.
     */
    String toUrlBeforeAnyProvider() {
        return toUrl(true);
    }

    private String toUrl(boolean maskProperties) {
        StringBuilder sb = new StringBuilder(UrlParser.SCHEME).append(':').append(provider).append(':')
                .append(UrlParser.maskSecretLikeTarget(target));
        char sep = '?';
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!isSecret(e.getKey())) {
                // A name of a pasted key's shape is masked, as redact masks it (it does not round-trip then).
                sb.append(sep).append(UrlParser.shownName(e.getKey())).append('=')
                        .append(maskProperties && !urlKeys.contains(e.getKey()) ? Secrets.MASK
                                : UrlParser.encode(UrlParser.redactValue(e.getKey(), e.getValue())));
                sep = '&';
            }
        }
        return sb.toString();
    }

    /**
     * Equal when the provider, target and option values are: options that select the same export. Which options
     * are secret changes only how they are shown, and options parsed from a URL with a token given as a property
     * equal options built with the typed {@code api-token} option.
     *
     * @param o the other object
     * @return whether both are options of the same export
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ExportOptions other && provider.equals(other.provider) && target.equals(other.target)
                && values.equals(other.values);
    }

    /**
     * A hash of the provider, target and option values, consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(provider, target, values);
    }

    /**
     * The options with every secret masked and URL-valued options shown as {@link #toUrl()} shows them, and each
     * control character escaped as exception messages escape it (a line break is then the six characters backslash,
     * u, 000A).
     *
     * @return e.g. {@code ExportOptions{d1:cloudflare://acc/db, api-token=****}}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExportOptions{").append(UrlParser.SCHEME).append(':').append(provider)
                .append(':').append(UrlParser.maskSecretLikeTarget(target));
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(", ").append(UrlParser.shownName(e.getKey())).append('=')
                    .append(isSecret(e.getKey()) ? Secrets.MASK
                    : UrlParser.redactValue(e.getKey(), e.getValue()));
        }
        // A value decoded from %0A or %1B, or given as a property, would otherwise forge a log line when logged.
        return ControlCharacters.escape(sb.append('}').toString());
    }

    /** Builds {@link ExportOptions}. Not thread-safe; {@link #build()} copies, so a builder may be reused. */
    public static final class Builder {

        private String provider;
        private String target;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> secretKeys = new LinkedHashSet<>();
        private final Set<String> urlKeys = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Sets the provider name.
         *
         * @param provider e.g. {@code sqlite}; lower-cased
         * @return this builder
         */
        public Builder provider(String provider) {
            Objects.requireNonNull(provider, "provider");
            String p = provider.toLowerCase(java.util.Locale.ROOT);
            if (!UrlParser.isAscii(provider) || !UrlParser.isProviderName(p)) {
                throw new InvalidOptionException("'" + (provider.length() > 32 ? Secrets.MASK : provider)
                        + "' is not a provider name (at most 32 letters, digits, '.', '_' or '-', starting with a"
                        + " letter)");
            }
            this.provider = p;
            return this;
        }

        /**
         * Sets the provider part (what the URL has after {@code d1:<provider>:}, without a query).
         *
         * @param target e.g. a file path, or {@code //account/database}
         * @return this builder
         * @throws InvalidOptionException if it is empty, holds user info, holds a secret-named option JDBC-style
         *                                ({@code ;api-token=...}, or {@code &api-token=...}), or holds a lone UTF-16
         *                                surrogate (not text: a URL or a file name cannot carry it)
         */
        public Builder target(String target) {
            Objects.requireNonNull(target, "target");
            if (target.isEmpty()) {
                throw new InvalidOptionException("The provider part (target) must not be empty");
            }
            if (USER_INFO.matcher(target).lookingAt() || UrlParser.embedsUserInfo(target)) {
                // As in a URL: what sits before '@' is a credential, and a target is shown in messages.
                throw new InvalidOptionException("The provider part (target) must not hold user info ('//...@' or"
                        + " 'scheme://...@'): credentials never travel in a URL; pass them as options");
            }
            String secret = UrlParser.secretParameter(target);
            if (secret != null) {
                // As in a URL: a JDBC-style ';api-token=...' would travel, and be shown, as part of the target.
                throw new InvalidOptionException("The provider part (target) must not hold option '" + secret
                        + "' ('" + secret + "=...' after ';' or '&'): it " + Secrets.NOT_IN_URL);
            }
            int lone = UrlParser.loneSurrogate(target);
            if (lone >= 0) {
                throw new InvalidOptionException("The provider part (target) holds " + UrlParser.loneSurrogateAt(lone,
                        ""));
            }
            this.target = target;
            return this;
        }

        /**
         * Sets a raw option.
         *
         * @param key   the option name
         * @param value the value
         * @return this builder
         * @throws InvalidOptionException if the name is blank, or the value holds a lone UTF-16 surrogate (not text:
         *                                a URL cannot carry it, so the options would not parse back from
         *                                {@link ExportOptions#toUrl()}); the message names the option, never the value
         */
        public Builder option(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value of option '" + key + "'");
            if (key.isBlank()) {
                throw new InvalidOptionException("An option name must not be blank");
            }
            int lone = UrlParser.loneSurrogate(value);
            if (lone >= 0) {
                // Named by the option only: the value may be a secret, and its code would show a part of it.
                throw new InvalidOptionException("Option '" + (key.length() > 32 ? Secrets.MASK : key) + "' holds "
                        + UrlParser.loneSurrogateAt(lone, " of its value"));
            }
            values.put(key, value);
            // A value set here was not read from a URL, whatever the one it replaces came from.
            urlKeys.remove(key);
            return this;
        }

        /**
         * Sets a typed option; its value is stored in the form {@link ExportOption#convert(String)} reads back.
         *
         * @param option the option
         * @param value  the value
         * @param <T>    the value type
         * @return this builder
         * @throws InvalidOptionException if the option cannot hold the value (e.g. a decimal that is not finite, a
         *                                negative duration), so that nothing is stored that reading would refuse
         */
        public <T> Builder option(ExportOption<T> option, T value) {
            Objects.requireNonNull(option, "option");
            Objects.requireNonNull(value, () -> "value of option '" + option.name() + "'");
            String raw = value instanceof Enum<?> e ? ValueParsers.enumName(e) : String.valueOf(value);
            option.convert(raw);
            option(option.name(), raw);
            if (option.sensitive()) {
                secretKeys.add(option.name());
            }
            return this;
        }

        /**
         * Sets a secret option (a token, a key): never shown, never put in a URL.
         *
         * @param key   the option name
         * @param value the secret
         * @return this builder
         */
        public Builder secret(String key, String value) {
            option(key, value);
            secretKeys.add(key);
            return this;
        }

        /**
         * Removes an option.
         *
         * @param key the option name
         * @return this builder
         */
        public Builder remove(String key) {
            values.remove(key);
            secretKeys.remove(key);
            urlKeys.remove(key);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return immutable options
         * @throws InvalidOptionException if the provider or target is missing
         */
        public ExportOptions build() {
            if (provider == null) {
                throw new InvalidOptionException("The provider name is required");
            }
            if (target == null) {
                throw new InvalidOptionException("The provider part (target) is required for provider '" + provider
                        + "'");
            }
            return new ExportOptions(this);
        }

        @Override
        public String toString() {
            return ControlCharacters.escape("ExportOptions.Builder{provider=" + provider + ", keys=" + values.keySet()
                    + "}");
        }
    }
}
