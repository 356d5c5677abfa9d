package dev.d1export.testkit;

import dev.d1export.testkit.internal.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Chooses the requests a {@link Fault} applies to: by {@link Endpoint} kind, or by HTTP method and a regular
 * expression that must match the whole path (below the API base, e.g. {@code /accounts/.+/export}, or the path of a
 * signed URL). Immutable.
 */
public final class RequestMatcher {

    private final Endpoint endpoint;
    private final String method;
    private final Pattern path;
    private final Boolean poll;

    private RequestMatcher(Endpoint endpoint, String method, Pattern path) {
        this(endpoint, method, path, null);
    }

    private RequestMatcher(Endpoint endpoint, String method, Pattern path, Boolean poll) {
        this.endpoint = endpoint;
        this.method = method;
        this.path = path;
        this.poll = poll;
    }

    /**
     * Every request.
     *
     * @return the matcher
     */
    public static RequestMatcher any() {
        return new RequestMatcher(null, null, null);
    }

    /**
     * Requests of one kind.
     *
     * @param endpoint the kind, e.g. {@link Endpoint#EXPORT}
     * @return the matcher
     */
    public static RequestMatcher endpoint(Endpoint endpoint) {
        return new RequestMatcher(Objects.requireNonNull(endpoint, "endpoint"), null, null);
    }

    /**
     * Export calls that start an export (no {@code current_bookmark} in the body, or {@code null}, which the server
     * takes for none).
     *
     * @return the matcher
     */
    public static RequestMatcher exportStarts() {
        return new RequestMatcher(Endpoint.EXPORT, null, null, Boolean.FALSE);
    }

    /**
     * Export calls that poll a running export (with a {@code current_bookmark} that is not {@code null}, as the server
     * reads the body): a client may retry these, while a
     * start is retried only when the server cannot have seen it.
     *
     * @return the matcher
     */
    public static RequestMatcher exportPolls() {
        return new RequestMatcher(Endpoint.EXPORT, null, null, Boolean.TRUE);
    }

    /**
     * Requests by method and path.
     *
     * @param method    the HTTP method, e.g. {@code POST}, or {@code *} for any
     * @param pathRegex a regular expression matched against the whole path, e.g. {@code .*&#47;export}
     * @return the matcher
     * @throws java.util.regex.PatternSyntaxException if the expression is not valid
     */
    public static RequestMatcher of(String method, String pathRegex) {
        Objects.requireNonNull(method, "method");
        String m = method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
        return new RequestMatcher(null, m, Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex")));
    }

    /**
     * Whether a request matches.
     *
     * @param requestMethod   the request's method
     * @param requestPath     the request's path below the API base (or the signed URL's path)
     * @param requestEndpoint the request's kind
     * @param requestBody     the request's body as text
     * @return {@code true} if it matches
     */
    public boolean matches(String requestMethod, String requestPath, Endpoint requestEndpoint, String requestBody) {
        return (endpoint == null || endpoint == requestEndpoint)
                && (method == null || method.equalsIgnoreCase(requestMethod))
                && (path == null || path.matcher(requestPath).matches())
                && (poll == null || poll == polls(requestBody));
    }

    /**
     * Whether an export call polls, as the server reads its body: a {@code current_bookmark} that is there and not
     * {@code null} (a client whose JSON library writes absent fields as {@code null} starts its export so).
     */
    private static boolean polls(String body) {
        try {
            return Json.parse(body) instanceof Map<?, ?> map && map.get("current_bookmark") != null;
        } catch (IllegalArgumentException e) {
            // Not JSON, which the server refuses: judged by its text.
            return body.contains("\"current_bookmark\"");
        }
    }

    @Override
    public String toString() {
        if (poll != null) {
            return poll ? "RequestMatcher{export polls}" : "RequestMatcher{export starts}";
        }
        if (endpoint != null) {
            return "RequestMatcher{" + endpoint + "}";
        }
        return path == null ? "RequestMatcher{any}" : "RequestMatcher{" + (method == null ? "*" : method) + " " + path
                + "}";
    }
}
