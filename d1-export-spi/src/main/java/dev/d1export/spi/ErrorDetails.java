package dev.d1export.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an operator needs to act on a failure reported by a server: the HTTP status, the API's error codes and
 * messages, the {@code cf-ray} request id, and a hint. Never holds a secret. Immutable.
 */
public final class ErrorDetails {

    private static final ErrorDetails NONE = new ErrorDetails(null, List.of(), List.of(), null, null);

    private final Integer httpStatus;
    private final List<Integer> errorCodes;
    private final List<String> errorMessages;
    private final String rayId;
    private final String hint;

    private ErrorDetails(Integer httpStatus, List<Integer> errorCodes, List<String> errorMessages, String rayId,
            String hint) {
        this.httpStatus = httpStatus;
        this.errorCodes = List.copyOf(errorCodes);
        this.errorMessages = List.copyOf(errorMessages);
        this.rayId = rayId;
        this.hint = hint;
    }

    /**
     * No details.
     *
     * @return the empty details
     */
    public static ErrorDetails none() {
        return NONE;
    }

    /**
     * Details with an HTTP status.
     *
     * @param status the HTTP status code
     * @return new details
     */
    public static ErrorDetails ofStatus(int status) {
        return NONE.withHttpStatus(status);
    }

    /**
     * A copy with this HTTP status.
     *
     * @param status the HTTP status code
     * @return new details
     */
    public ErrorDetails withHttpStatus(int status) {
        return new ErrorDetails(status, errorCodes, errorMessages, rayId, hint);
    }

    /**
     * A copy with one more API error (code and message, as in the Cloudflare envelope's {@code errors}).
     *
     * @param code    the API error code
     * @param message the API error message, may be {@code null}
     * @return new details
     */
    public ErrorDetails withError(int code, String message) {
        List<Integer> codes = new ArrayList<>(errorCodes);
        codes.add(code);
        List<String> messages = new ArrayList<>(errorMessages);
        if (message != null && !message.isBlank()) {
            messages.add(message);
        }
        return new ErrorDetails(httpStatus, codes, messages, rayId, hint);
    }

    /**
     * A copy with this {@code cf-ray} request id.
     *
     * @param rayId the value of the {@code cf-ray} response header, may be {@code null}
     * @return new details
     */
    public ErrorDetails withRayId(String rayId) {
        return new ErrorDetails(httpStatus, errorCodes, errorMessages, rayId, hint);
    }

    /**
     * A copy with this hint.
     *
     * @param hint what the user can do about the failure, may be {@code null}
     * @return new details
     */
    public ErrorDetails withHint(String hint) {
        return new ErrorDetails(httpStatus, errorCodes, errorMessages, rayId, hint);
    }

    /**
     * The HTTP status of the failed call.
     *
     * @return the status, if the failure came from an HTTP answer
     */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * The API's error codes, e.g. {@code 7404} (database not found), {@code 10000} (authentication error).
     *
     * @return the codes, in the order the server gave them
     */
    public List<Integer> errorCodes() {
        return errorCodes;
    }

    /**
     * The API's error messages.
     *
     * @return the messages, in the order the server gave them
     */
    public List<String> errorMessages() {
        return errorMessages;
    }

    /**
     * The {@code cf-ray} id of the failed request, which Cloudflare support asks for.
     *
     * @return the ray id, if the server sent one
     */
    public Optional<String> rayId() {
        return Optional.ofNullable(rayId);
    }

    /**
     * What the user can do about the failure.
     *
     * @return the hint, if there is one
     */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /**
     * Whether there is nothing to report.
     *
     * @return {@code true} if no field is set
     */
    public boolean isEmpty() {
        return httpStatus == null && errorCodes.isEmpty() && errorMessages.isEmpty() && rayId == null && hint == null;
    }

    /**
     * The details as a suffix for an exception message, e.g. {@code " [HTTP 403, code 10000, cf-ray 8a1b]"}
     * ({@code codes 10000 7403} for several).
     *
     * @return the suffix, empty when there is nothing to report
     */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (httpStatus != null) {
            parts.add("HTTP " + httpStatus);
        }
        if (!errorCodes.isEmpty()) {
            parts.add((errorCodes.size() == 1 ? "code " : "codes ") + joinCodes());
        }
        if (rayId != null) {
            parts.add("cf-ray " + rayId);
        }
        String suffix = parts.isEmpty() ? "" : " [" + String.join(", ", parts) + "]";
        return hint == null ? suffix : suffix + ". Hint: " + hint;
    }

    private String joinCodes() {
        StringBuilder sb = new StringBuilder();
        for (Integer code : errorCodes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(code);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorDetails other
                && Objects.equals(httpStatus, other.httpStatus)
                && errorCodes.equals(other.errorCodes)
                && errorMessages.equals(other.errorMessages)
                && Objects.equals(rayId, other.rayId)
                && Objects.equals(hint, other.hint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(httpStatus, errorCodes, errorMessages, rayId, hint);
    }

    @Override
    public String toString() {
        String described = describe().trim();
        // describe() is a suffix for a message ("... [HTTP 404]. Hint: ..."); on its own it has no sentence before it.
        return "ErrorDetails{" + (described.startsWith(". ") ? described.substring(2) : described) + "}";
    }
}
