package dev.d1export.http.internal;

import dev.d1export.http.CloudflareOptions;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.InvalidExportUrlException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.MissingCredentialsException;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything an export needs, resolved once from the options, the environment and the HTTP client, and validated:
 * where the API is, which database, the credentials, and the pacing, retry and timeout settings. Immutable.
 *
 * @param baseUrl          the API's base URL, without a trailing slash
 * @param accountId        the account id
 * @param database         the database UUID or name, as given
 * @param credentials      how to authenticate
 * @param httpClient       the caller's client, or {@code null} for the exporter's own (see {@link ExporterHttpClient})
 * @param connectTimeout   how long connecting may take with the exporter's own client
 * @param minPollInterval  the shortest gap between the starts of two export calls, retries included
 * @param maxPollInterval  the longest gap between poll starts
 * @param pollGrowth       the factor the gap grows by after each poll
 * @param timeout          the default deadline of a whole export
 * @param requestTimeout   how long one call may wait for its answer
 * @param maxRetries       retries of one API call
 * @param retryBaseDelay   the first backoff delay
 * @param retryMaxDelay    the cap of the backoff delay
 * @param downloadRetries  retries of the download
 * @param downloadMinSpeed the lowest download speed in bytes per second over {@code downloadMinSpeedTime}, or 0 for
 *                         no check
 * @param downloadMinSpeedTime the window over which the download speed is measured
 */
public record CloudflareSettings(String baseUrl, String accountId, String database, Credentials credentials,
        HttpClient httpClient, Duration connectTimeout, Duration minPollInterval, Duration maxPollInterval, double pollGrowth,
        Duration timeout, Duration requestTimeout, int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay,
        int downloadRetries, long downloadMinSpeed, Duration downloadMinSpeedTime) {

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern CLOUDFLARE_ACCOUNT = Pattern.compile("[0-9a-fA-F]{32}");
    /** The longest poll interval, retry delay, connect or request timeout. */
    static final Duration MAX_WAIT = Duration.ofHours(24);
    /** The highest {@code download-min-speed}: 1 GiB per second. */
    static final long MAX_MIN_SPEED = 1L << 30;
    /** The longest {@code timeout} of a whole export. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(30);
    /** The lowest character a token or key may hold: visible ASCII only. */
    private static final char SECRET_MIN = 0x21;
    /** The lowest character an e-mail may hold: a space too (the header rules allow it). */
    private static final char EMAIL_MIN = 0x20;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** What a token looks like (Cloudflare's are 40 of these characters): not shown where a name was expected. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{33,}");

    /**
     * Validates the record's invariants.
     *
     * @param baseUrl          the API's base URL
     * @param accountId        the account id
     * @param database         the database
     * @param credentials      the credentials
     * @param httpClient       the caller's client, or {@code null}
     * @param connectTimeout   the connect timeout of the exporter's own client
     * @param minPollInterval  the shortest poll gap
     * @param maxPollInterval  the longest poll gap
     * @param pollGrowth       the gap's growth factor
     * @param timeout          the default deadline
     * @param requestTimeout   the per-call timeout
     * @param maxRetries       API call retries
     * @param retryBaseDelay   the first backoff delay
     * @param retryMaxDelay    the backoff cap
     * @param downloadRetries  download retries
     * @param downloadMinSpeed the lowest download speed (bytes per second), or 0
     * @param downloadMinSpeedTime the window of the download speed
     */
    public CloudflareSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(downloadMinSpeedTime, "downloadMinSpeedTime");
    }

    /**
     * Resolves the settings.
     *
     * @param options     the provider's options
     * @param environment reads environment variables ({@code null} when unset)
     * @param httpClient  the caller's client, or {@code null} for the exporter's own
     * @return the settings
     * @throws MissingCredentialsException naming what to set when there are no credentials
     * @throws InvalidOptionException      naming a bad option
     * @throws InvalidExportUrlException   if the URL names no database or a bad account
     */
    public static CloudflareSettings from(ExportOptions options, Function<String, String> environment,
            HttpClient httpClient) {
        Function<String, String> env = name -> {
            String value = environment.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        // First, so that a refused base URL is reported redacted before any message that quotes the URL with it.
        String baseUrl = baseUrl(options, env);
        if (httpClient != null) {
            refuseProxyForPlainHttp(baseUrl, httpClient);
        }
        String url = options.toUrl();
        String accountId;
        String database;
        String optionAccount = options.get(CloudflareOptions.ACCOUNT_ID).map(String::trim).orElse(null);
        if (options.authority().isPresent()) {
            accountId = options.authority().get();
            database = options.path();
            if (optionAccount != null && !optionAccount.equals(accountId)) {
                throw new InvalidOptionException("Option 'account-id' (" + shownAccount(optionAccount)
                        + ") contradicts the account in the URL (" + shownAccount(accountId) + "); set only one");
            }
        } else {
            database = options.target();
            accountId = optionAccount != null ? optionAccount : env.apply(CloudflareOptions.ENV_ACCOUNT_ID);
            if (accountId == null) {
                throw new InvalidOptionException("No Cloudflare account id: use d1:cloudflare://<account_id>/"
                        + shownDatabase(database) + ", the option 'account-id' or the environment variable "
                        + CloudflareOptions.ENV_ACCOUNT_ID);
            }
        }
        // Cloudflare's account ids are 32 hex digits; an API on loopback (a test server) may use name-like ones. The
        // strict form also keeps a token pasted in the wrong place out of the URL path and the logs.
        boolean loopback = TransportSecurity.isLoopback(URI.create(baseUrl).getHost());
        if (!(loopback ? ACCOUNT : CLOUDFLARE_ACCOUNT).matcher(accountId).matches()) {
            String shown = accountId.length() <= 32 ? "'" + printable(accountId) + "'" : "A " + longValue(accountId);
            String why = loopback ? shown + " is not an account id (1 to 64 letters, digits, '-' and '_', starting"
                    + " with a letter or digit, for an API on loopback)"
                    : shown + " is not a Cloudflare account id (32 hexadecimal characters)";
            if (options.authority().isPresent()) {
                // toUrl() masks such an authority (ExportOptions' rule is this one), so the URL does not give it away.
                throw new InvalidExportUrlException(url, "account id", why);
            }
            throw new InvalidOptionException((optionAccount != null ? "Option 'account-id': "
                    : "Environment variable " + CloudflareOptions.ENV_ACCOUNT_ID + ": ") + why);
        }
        if (database.isEmpty()) {
            throw new InvalidExportUrlException(url, "database",
                    "missing; expected d1:cloudflare://<account_id>/<database id or name>");
        }
        if (database.contains("/") || database.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
            throw new InvalidExportUrlException(url, "database", "'"
                    + printable(shownInUrl(database, options.authority().isPresent()))
                    + "' is neither a database UUID nor a database name");
        }
        Credentials credentials = credentials(options, env);
        Duration minPoll = positive(options, CloudflareOptions.MIN_POLL_INTERVAL, Duration.ofMillis(500), MAX_WAIT);
        Duration maxPoll = positive(options, CloudflareOptions.MAX_POLL_INTERVAL, Duration.ofSeconds(3), MAX_WAIT);
        if (maxPoll.compareTo(minPoll) < 0) {
            throw new InvalidOptionException("Option 'max-poll-interval' (" + ExportOption.durationText(maxPoll)
                    + ") is shorter than 'min-poll-interval' (" + ExportOption.durationText(minPoll) + ")");
        }
        double growth = growth(options);
        Duration timeout = positive(options, CloudflareOptions.TIMEOUT, Duration.ofHours(1), MAX_TIMEOUT);
        Duration requestTimeout = positive(options, CloudflareOptions.REQUEST_TIMEOUT, Duration.ofSeconds(60),
                MAX_WAIT);
        Duration connectTimeout = positive(options, CloudflareOptions.CONNECT_TIMEOUT, Duration.ofSeconds(30),
                MAX_WAIT);
        int maxRetries = count(options, CloudflareOptions.MAX_RETRIES, 4);
        Duration retryBase = positive(options, CloudflareOptions.RETRY_BASE_DELAY, Duration.ofMillis(500), MAX_WAIT);
        Duration retryMax = positive(options, CloudflareOptions.RETRY_MAX_DELAY, Duration.ofSeconds(8), MAX_WAIT);
        if (retryMax.compareTo(retryBase) < 0) {
            throw new InvalidOptionException("Option 'retry-max-delay' (" + ExportOption.durationText(retryMax)
                    + ") is shorter than 'retry-base-delay' (" + ExportOption.durationText(retryBase) + ")");
        }
        int downloadRetries = count(options, CloudflareOptions.DOWNLOAD_RETRIES, 3);
        long minSpeed = between(options, CloudflareOptions.DOWNLOAD_MIN_SPEED, 1024, MAX_MIN_SPEED,
                " (bytes per second; 0 turns the check off)");
        Duration minSpeedTime = positive(options, CloudflareOptions.DOWNLOAD_MIN_SPEED_TIME, Duration.ofSeconds(60),
                MAX_WAIT);
        return new CloudflareSettings(baseUrl, accountId, database, credentials, httpClient, connectTimeout, minPoll,
                maxPoll, growth, timeout, requestTimeout, maxRetries, retryBase, retryMax, downloadRetries, minSpeed,
                minSpeedTime);
    }

    /**
     * Whether the database was given as a UUID (used as is) rather than a name (resolved through the API).
     *
     * @return {@code true} for a UUID
     */
    public boolean databaseIsUuid() {
        return UUID.matcher(database).matches();
    }

    /**
     * What is exported, for events and messages: {@code <account>/<database>}.
     *
     * @return the description, without secrets
     */
    public String source() {
        return shownAccountId() + "/" + shownDatabase();
    }

    /**
     * The database as events and messages show it: a word of more than 32 letters, digits, '-' and '_' (not a UUID)
     * masked, as a token passed where the database belongs would be, by the rule the URL's {@code toString()}
     * follows ({@link ExportOptions#redactTarget}).
     *
     * @return the name or id, each such word in it as four asterisks
     */
    public String shownDatabase() {
        return shownDatabase(database);
    }

    private static String shownDatabase(String database) {
        // The URL's own rule (ExportOptions.redactTarget): each such word between white space, not only a whole
        // database of that shape, so that 'd1:cloudflare:<token> x' is '**** x' here as it is in the URL.
        return printable(ExportOptions.redactTarget(database));
    }

    /**
     * The account id as events and messages show it: masked when longer than Cloudflare's 32 characters (only an
     * API on loopback accepts such ids; a token pasted there would be one).
     *
     * @return the id, or four asterisks
     */
    public String shownAccountId() {
        return accountId.length() <= 32 ? accountId : "****";
    }

    private static String baseUrl(ExportOptions options, Function<String, String> env) {
        String raw = options.get(CloudflareOptions.BASE_URL).map(String::trim).orElse(null);
        String origin = "option 'base-url'";
        if (raw == null) {
            raw = env.apply(CloudflareOptions.ENV_API_BASE_URL);
            origin = "environment variable " + CloudflareOptions.ENV_API_BASE_URL;
        }
        if (raw == null) {
            return CloudflareOptions.DEFAULT_BASE_URL;
        }
        while (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new InvalidOptionException("The API base URL from " + origin + " ('" + redacted(raw)
                    + "') is not a URL: " + e.getReason());
        }
        String problem = TransportSecurity.problemWith(uri);
        if (problem == null && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            problem = "it has a query or fragment";
        }
        if (problem != null) {
            throw new InvalidOptionException("The API base URL from " + origin + " ('" + shown(uri, raw)
                    + "') is refused: " + problem);
        }
        return raw;
    }

    /**
     * Plain HTTP is allowed on loopback because its bytes never leave the machine. The provider's own client reaches
     * loopback directly; a caller's client with a proxy for it would carry the request, credentials included, to the
     * proxy, so that pair is refused before any call.
     */
    private static void refuseProxyForPlainHttp(String baseUrl, HttpClient httpClient) {
        URI uri = URI.create(baseUrl);
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        List<Proxy> proxies;
        try {
            proxies = httpClient.proxy().map(selector -> selector.select(uri)).orElse(List.of());
        } catch (RuntimeException e) {
            throw new InvalidOptionException("The API base URL '" + shown(uri, baseUrl) + "' is plain http, and the"
                    + " given HttpClient's proxy selector failed to say whether it goes through a proxy (" + e
                    + "); plain http carries the credentials, so it is sent only straight to loopback", e);
        }
        for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
            if (proxy.type() != Proxy.Type.DIRECT) {
                throw new InvalidOptionException("The API base URL '" + shown(uri, baseUrl) + "' is plain http, which"
                        + " the given HttpClient would send through its proxy (" + proxy + "), credentials included;"
                        + " give the provider a client that reaches loopback directly (no proxy for it), or use https");
            }
        }
    }

    /**
     * A refused base URL as a message may show it: scheme, host, port and path only. User info, a query and a
     * fragment are left out, since a token may sit in any of them.
     */
    private static String shown(URI uri, String raw) {
        if (uri.getHost() == null) {
            return redacted(raw);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A text that is not even a URL, cut before any query or fragment and with any user info masked. */
    private static String redacted(String raw) {
        String cut = raw;
        int end = cut.length();
        for (char c : new char[] {'?', '#'}) {
            int at = cut.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        cut = cut.substring(0, end);
        if (TOKEN_LIKE.matcher(cut).matches()) {
            // A token set where the base URL belongs (the wrong variable).
            return "****";
        }
        int at = cut.lastIndexOf('@');
        if (at >= 0) {
            int start = cut.indexOf("//");
            cut = (start >= 0 && start < at ? cut.substring(0, start + 2) : "") + "****" + cut.substring(at);
        }
        return cut;
    }

    private static Credentials credentials(ExportOptions options, Function<String, String> env) {
        String token = options.get(CloudflareOptions.API_TOKEN).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        String key = options.get(CloudflareOptions.API_KEY).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        String email = options.get(CloudflareOptions.EMAIL).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        String emailOrigin = "option 'email'";
        if (email == null) {
            email = env.apply(CloudflareOptions.ENV_EMAIL);
            emailOrigin = "environment variable " + CloudflareOptions.ENV_EMAIL;
        }
        if (token != null && key != null) {
            throw new InvalidOptionException("Both 'api-token' and 'api-key' are set; set only one");
        }
        if (token != null) {
            return new Credentials.ApiToken(headerSafe(token, "API token", "option 'api-token'", SECRET_MIN),
                    "option 'api-token'");
        }
        if (key != null) {
            if (email == null) {
                throw new MissingCredentialsException("Option 'api-key' needs the account e-mail: set the option"
                        + " 'email' or the environment variable " + CloudflareOptions.ENV_EMAIL);
            }
            return new Credentials.ApiKey(headerSafe(email, "account e-mail", emailOrigin, EMAIL_MIN),
                    headerSafe(key, "API key", "option 'api-key'", SECRET_MIN), "option 'api-key'");
        }
        String envToken = env.apply(CloudflareOptions.ENV_API_TOKEN);
        if (envToken != null) {
            return new Credentials.ApiToken(headerSafe(envToken, "API token", "environment variable "
                    + CloudflareOptions.ENV_API_TOKEN, SECRET_MIN), CloudflareOptions.ENV_API_TOKEN);
        }
        String envKey = env.apply(CloudflareOptions.ENV_API_KEY);
        if (envKey != null && email != null) {
            return new Credentials.ApiKey(headerSafe(email, "account e-mail", emailOrigin, EMAIL_MIN),
                    headerSafe(envKey, "API key", "environment variable " + CloudflareOptions.ENV_API_KEY,
                            SECRET_MIN), CloudflareOptions.ENV_API_KEY);
        }
        if (envKey != null) {
            throw new MissingCredentialsException(CloudflareOptions.ENV_API_KEY + " is set but the account e-mail is"
                    + " not: set " + CloudflareOptions.ENV_EMAIL + " (or the option 'email'), or use an API token in "
                    + CloudflareOptions.ENV_API_TOKEN);
        }
        throw new MissingCredentialsException("No Cloudflare credentials: set the environment variable "
                + CloudflareOptions.ENV_API_TOKEN + " (or the option 'api-token') to an API token with D1 access,"
                + " or set " + CloudflareOptions.ENV_EMAIL + " and " + CloudflareOptions.ENV_API_KEY
                + " (options 'email' and 'api-key') for a global API key");
    }

    /**
     * Checks that a credential can travel in an HTTP header: the JDK refuses other characters with a message that
     * quotes the whole header, secret included. Tokens and keys are visible ASCII; an e-mail may hold spaces. A
     * byte order mark, a zero-width or a non-breaking space (a pasted token, a file saved by an editor) is the usual
     * culprit, so the message names the character and where it is, never the value.
     *
     * @param value  the trimmed value
     * @param what   what it is, e.g. {@code API token}
     * @param origin where it came from, e.g. {@code environment variable CLOUDFLARE_API_TOKEN}
     * @param min    the lowest character allowed ({@code 0x21} or {@code 0x20}); the highest is {@code 0x7E}
     * @return the value
     * @throws InvalidOptionException naming the first bad character and its position (from 1)
     */
    private static String headerSafe(String value, String what, String origin, char min) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (c < min || c > 0x7E) {
                throw new InvalidOptionException(String.format(Locale.ROOT, "The %s from %s has a character an HTTP"
                        + " header cannot carry (U+%04X at position %d); its value is not shown", what, origin, c,
                        value.codePointCount(0, i) + 1), null, ErrorDetails.none().withHint("copy the " + what
                        + " again without invisible characters (a byte order mark, a zero-width or non-breaking"
                        + " space): it is made of printable ASCII characters only"));
            }
            i += Character.charCount(c);
        }
        return value;
    }

    /**
     * A duration option, checked to be positive and at most {@code max}: the pacing, retry and timeout code works in
     * nanoseconds, and an unbounded value would overflow there in the middle of an export the server already runs.
     */
    private static Duration positive(ExportOptions options, ExportOption<Duration> option, Duration fallback,
            Duration max) {
        Duration value = options.get(option, fallback);
        // The value as it was written ('0', not Duration's 'PT0S'); a typed option set in code has only its Duration.
        String raw = options.get(option.name()).map(String::trim).orElse(value.toString());
        if (value.isNegative() || value.isZero()) {
            throw new InvalidOptionException("Option '" + option.name() + "' must be positive, got '" + raw + "'");
        }
        if (value.compareTo(max) > 0) {
            String limit = max.toDays() > 1 ? max.toDays() + "d" : max.toHours() + "h";
            throw new InvalidOptionException("Option '" + option.name() + "' must be at most " + limit + ", got '"
                    + raw + "'");
        }
        return value;
    }

    private static int count(ExportOptions options, ExportOption<Long> option, int fallback) {
        return (int) between(options, option, fallback, 100, "");
    }

    /** A whole number from 0 to {@code max}; {@code unit} is said after the range in the error, if any. */
    private static long between(ExportOptions options, ExportOption<Long> option, long fallback, long max,
            String unit) {
        long value = options.get(option, fallback);
        if (value < 0 || value > max) {
            throw new InvalidOptionException("Option '" + option.name() + "' must be between 0 and " + max + unit
                    + ", got " + value);
        }
        return value;
    }

    private static double growth(ExportOptions options) {
        double value = options.get(CloudflareOptions.POLL_INTERVAL_GROWTH, 1.5);
        if (value < 1 || value > 10) {
            // The text as given: 0.00001 would otherwise be shown as 1.0E-5.
            throw new InvalidOptionException("Option 'poll-interval-growth' must be from 1 to 10, got '"
                    + options.get(CloudflareOptions.POLL_INTERVAL_GROWTH.name()).map(String::trim).orElse("") + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "CloudflareSettings{baseUrl=" + baseUrl + ", source=" + source() + ", credentials="
                + credentials.describe() + ", timeout=" + timeout + "}";
    }

    /**
     * A refused database as the URL beside it in the message shows it: {@link ExportOptions#redactTarget} masks a
     * token pasted as one segment of an authority URL's path ({@code d1:cloudflare://<account>/<token>/x}), so the
     * reason must not print it whole next to the masked URL.
     *
     * @param database  the database part as given
     * @param authority whether it is the path of an authority URL ({@code //<account>/...}) or the whole target
     */
    private static String shownInUrl(String database, boolean authority) {
        if (!authority) {
            return ExportOptions.redactTarget(database);
        }
        // Masked as a path below an authority, the prefix (an account id that is no token) taken off again.
        String prefix = "//account/";
        return ExportOptions.redactTarget(prefix + database).substring(prefix.length());
    }

    /** An account id for a message: a value longer than any account id may be a token pasted there, not shown. */
    private static String shownAccount(String accountId) {
        return accountId.length() <= 32 ? printable(accountId) : "a " + longValue(accountId);
    }

    /**
     * A refused value for a message, with each control character written as an escape ({@code \r}, {@code \n},
     * {@code \t}, else a backslash, {@code u} and four hex digits): shown raw, a line break or terminal control in
     * it could forge a log line or rewrite the screen. The bidirectional embeddings, overrides and isolates
     * (U+202A to U+202E, U+2066 to U+2069) are escaped too: they reorder what a terminal or log viewer shows after
     * them, so a name could pass for another.
     */
    static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> {
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c >= 0x7f && c < 0xa0
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** A value too long for an account id, described without showing it. */
    private static String longValue(String value) {
        return "value of " + value.length() + " characters (not shown: it may be a secret in the wrong place)";
    }
}
