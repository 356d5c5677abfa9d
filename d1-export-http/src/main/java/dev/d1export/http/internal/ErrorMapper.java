package dev.d1export.http.internal;

import dev.d1export.http.internal.json.Envelope;
import dev.d1export.http.internal.json.ResponseInfo;
import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.PermissionDeniedException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;
import jakarta.json.bind.JsonbException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failed API answer into the SPI's exception for it, carrying the HTTP status, the API's error codes and
 * messages and the {@code cf-ray} id. The body's text is never copied into a message unless it is the API's own
 * error text: an HTML error page is described, not quoted.
 */
final class ErrorMapper {

    /** The hint for D1's refusal to export databases with virtual tables. */
    static final String VIRTUAL_TABLE_HINT = "D1 cannot export a database that has virtual tables (such as FTS5)."
            + " Export the other tables by name instead (ExportRequest.builder().tables(...), or --table for the"
            + " CLI), leaving out the virtual tables and their shadow tables, and rebuild the virtual tables after an"
            + " import";

    private static final String BUSY = "currently processing a long-running export";
    /** D1's code for a database that does not exist. */
    static final int CODE_DATABASE_NOT_FOUND = 7404;
    /** "The given account is not valid or is not authorized to access this service": a wrong account id too. */
    private static final int CODE_ACCOUNT_NOT_VALID = 7403;
    private static final int CODE_AUTHENTICATION = 10000;
    private static final String CREDENTIALS_HINT = "check the API token (or API key and e-mail)";

    private final JsonCodec json;

    /** The longest server text an exception carries, in characters. */
    static final int MAX_TEXT = 1000;
    /** The most server errors one message lists (the details keep up to {@link #MAX_ERRORS}). */
    private static final int MAX_MESSAGES = 5;
    /** The most server errors the details keep: codes decide the exception's type, and the first ones suffice. */
    private static final int MAX_ERRORS = 20;

    /**
     * Creates a mapper.
     *
     * @param json reads error envelopes
     */
    ErrorMapper(JsonCodec json) {
        this.json = json;
    }

    /**
     * Whether a server text is D1's virtual-table refusal.
     *
     * @param text a message from the server
     * @return {@code true} if it names virtual tables
     */
    static boolean isVirtualTableError(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("virtual table");
    }

    /**
     * A server's text cut to {@value #MAX_TEXT} characters, marked where it was cut: a message goes into exceptions,
     * summaries and logs, which a server's megabyte of text would swamp.
     *
     * @param text a message from the server
     * @return the text, or its start and how much was left out
     */
    static String clip(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return text.substring(0, end) + "... (" + (text.length() - end) + " more characters)";
    }

    /**
     * The exception for a failed answer (a non-2xx status, or a 2xx envelope with {@code success:false}).
     *
     * @param response the answer
     * @param action   what was being done, e.g. {@code starting the export of acc/db}
     * @return the exception to throw
     */
    D1ExportException fromResponse(ApiResponse response, String action) {
        int status = response.status();
        ErrorDetails details = ErrorDetails.ofStatus(status).withRayId(response.rayId());
        List<String> texts = new ArrayList<>();
        for (ResponseInfo error : errorsOf(response)) {
            if (details.errorCodes().size() == MAX_ERRORS) {
                break;
            }
            String text = error.message == null ? null : clip(error.message.trim());
            details = details.withError(error.code == null ? 0 : error.code, text);
            if (text != null && !text.isBlank() && texts.size() < MAX_MESSAGES) {
                texts.add(text);
            }
        }
        String serverText = texts.isEmpty() ? describeBody(response) : String.join("; ", texts);
        String message = "Cloudflare API failed " + action + ": " + serverText;
        String lower = serverText.toLowerCase(Locale.ROOT);
        if (lower.contains(BUSY)) {
            return new ExportBusyException("Cloudflare is already running an export of this database, so "
                    + action + " was refused: " + serverText, null,
                    details.withHint("wait until that export completes or times out, then try again"));
        }
        if (isVirtualTableError(serverText)) {
            return new ExportFailedException(message, null, details.withHint(VIRTUAL_TABLE_HINT));
        }
        if (status >= 300 && status < 400) {
            return new ProtocolViolationException("Cloudflare API answered " + action + " with a redirect (HTTP "
                    + status + "), which is not followed so that credentials stay on the API host; check the base URL",
                    null, details);
        }
        if (details.errorCodes().contains(CODE_AUTHENTICATION)) {
            // Cloudflare's "Authentication error" comes with 401, and with 403 for a bad or expired token: the
            // credentials are wrong either way, not merely short of a permission.
            return new AuthenticationException(message, null, details.withHint(CREDENTIALS_HINT
                    + "; it may be wrong, expired or revoked"));
        }
        if (details.errorCodes().contains(CODE_DATABASE_NOT_FOUND)) {
            return new DatabaseNotFoundException(message, null, details);
        }
        switch (status) {
            case 401:
                return new AuthenticationException(message, null, details.withHint(CREDENTIALS_HINT));
            case 403:
                // Cloudflare says 7403 both for an account the token may not use and for one that does not exist.
                return new PermissionDeniedException(message, null, details.withHint(
                        details.errorCodes().contains(CODE_ACCOUNT_NOT_VALID)
                                ? "check the account id: it may be wrong, or an account the credentials were not made for"
                                : "check that the credentials may use D1 in this account"));
            case 404:
                return new DatabaseNotFoundException(message, null,
                        details.withHint("check the account id and the database id or name"));
            case 409:
                return new ExportBusyException(message, null, details);
            case 429:
                return new RateLimitedException(message, RetryPolicy.retryAfter(response.headers()).orElse(null),
                        details.withHint("Cloudflare allows 1200 API calls per 5 minutes per user, across all tools"));
            default:
                if (status >= 600) {
                    // java.net.http accepts any three-digit status, but HTTP's classes end at 5xx: not a server
                    // error, nor anything else the status could say.
                    return new D1ExportException("Cloudflare API failed " + action + " with an unexpected HTTP"
                            + " status (" + status + "): " + serverText, null, details);
                }
                if (status >= 500) {
                    // The SPI has no server-error type: the root type, with a message that says what it was.
                    return new D1ExportException("Cloudflare API failed " + action + " with a server error (HTTP "
                            + status + "): " + serverText, null, details);
                }
                // Without an API error there is no server message to point to (the generic hint would).
                return new ExportFailedException(message, null, texts.isEmpty()
                        ? details.withHint("the answer carried no error message to say why; if it persists, report it"
                                + " with the cf-ray id")
                        : details);
        }
    }

    private List<ResponseInfo> errorsOf(ApiResponse response) {
        if (!looksLikeJson(response.body())) {
            return List.of();
        }
        try {
            // Leniently: the answer failed already, and its errors are what the caller needs to see.
            Envelope envelope = json.readLeniently(response.body(), Envelope.class);
            return envelope.errors == null ? List.of() : envelope.errors;
        } catch (JsonbException | ClassCastException e) {
            return List.of();
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether an answer that could not be read as its call's JSON still states a failure ({@code "success":false}):
     * then its API error, not the odd value elsewhere in it, is what to report.
     *
     * @param response the answer
     * @return {@code true} for an envelope with {@code success} {@code false}
     */
    boolean statesFailure(ApiResponse response) {
        return looksLikeJson(response.body()) && json.statesFailure(response.body());
    }

    /**
     * Why an answer's body cannot be read as JSON at all (not JSON, cut short, empty), if it cannot.
     *
     * @param response the answer
     * @return the reason, for {@link #describeUnreadable}, or {@code null} when the body is one complete JSON text
     */
    RuntimeException notJson(ApiResponse response) {
        return json.notJson(response.body());
    }

    /**
     * Describes a body that could not be read as the JSON a call answers with, without quoting it.
     *
     * @param response the answer
     * @param failure  what reading it threw
     * @return e.g. {@code result.status: expected a string, got the number 5 (application/json, 153 bytes)}
     */
    static String describeUnreadable(ApiResponse response, RuntimeException failure) {
        return JsonCodec.reason(failure) + " (" + response.contentType() + ", " + response.body().length + " bytes)";
    }

    /**
     * Describes a body that holds no API error, without quoting it.
     *
     * @param response the answer
     * @return e.g. {@code no API error in the answer (text/html, 153 bytes)}
     */
    static String describeBody(ApiResponse response) {
        return "no API error in the answer (" + response.contentType() + ", "
                + (response.unread() ? "more than " + (ApiClient.MAX_BODY >> 20) + " MiB, not read)"
                        : response.body().length + " bytes)");
    }
}
