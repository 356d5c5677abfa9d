package dev.d1export.testkit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One request {@link FakeD1Server} received, as recorded in its {@link RequestJournal}. Secrets are redacted:
 * {@code Authorization} and {@code Proxy-Authorization} keep only their scheme ({@code Bearer ****}), {@code X-Auth-Key}
 * and {@code Cookie} are {@code ****}, as is any header whose name contains {@code token}, {@code key} or
 * {@code secret}, and a signed URL's signature is {@code ****}.
 *
 * @param time            when the request arrived
 * @param endpoint        what kind of request it was
 * @param method          the HTTP method
 * @param path            the path below the API base (e.g. {@code /accounts/a/d1/database/x/export}), or the signed
 *                        URL's path
 * @param query           the raw query (signature redacted), empty when none
 * @param headers         the headers, names in lower case, secrets redacted
 * @param body            the body as UTF-8 text, empty when none
 * @param credentialLeak  {@code true} if Cloudflare credentials were sent to the download listener
 */
public record ReceivedRequest(Instant time, Endpoint endpoint, String method, String path, String query,
        Map<String, List<String>> headers, String body, boolean credentialLeak) {

    /**
     * Copies the headers and query.
     *
     * @param time           arrival time
     * @param endpoint       kind
     * @param method         method
     * @param path           path
     * @param query          query
     * @param headers        headers
     * @param body           body
     * @param credentialLeak whether credentials went to the download listener
     */
    public ReceivedRequest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        headers = copyOf(Objects.requireNonNull(headers, "headers"));
        body = body == null ? "" : body;
    }

    /**
     * A copy all the way down, names in lower case: a record in the journal must not change when a test changes the
     * lists it was given or handed out, and {@link #header(String)} looks names up in lower case.
     */
    private static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.merge(
                Objects.requireNonNull(name, "header name").toLowerCase(Locale.ROOT),
                List.copyOf(Objects.requireNonNull(values, () -> "values of header " + name)),
                (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the (redacted) value, if the header was sent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
