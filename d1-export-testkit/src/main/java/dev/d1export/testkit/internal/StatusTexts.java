package dev.d1export.testkit.internal;

/**
 * The default texts of an injected error status: the HTTP reason phrase, and the API error code and message that
 * Cloudflare's v4 API sends with the status.
 */
public final class StatusTexts {

    private StatusTexts() {
    }

    /**
     * The reason phrase of a status: RFC 9110's, or the registering RFC's for 423-431, 451 and 506-511, or the title
     * of Cloudflare's edge page for its own 520-526.
     *
     * @param status an HTTP status from 400 to 599
     * @return the phrase; for a status no one registered, that of {@code 400} or {@code 500}, since RFC 9110 says an
     *         unrecognised status means what the first of its class means
     */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 506 -> "Variant Also Negotiates";
            case 507 -> "Insufficient Storage";
            case 508 -> "Loop Detected";
            case 510 -> "Not Extended";
            case 511 -> "Network Authentication Required";
            case 520 -> "Web server is returning an unknown error";
            case 521 -> "Web server is down";
            case 522 -> "Connection timed out";
            case 523 -> "Origin is unreachable";
            case 524 -> "A timeout occurred";
            case 525 -> "SSL handshake failed";
            case 526 -> "Invalid SSL certificate";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }

    /**
     * The API error code of a status fault: Cloudflare's where it has one for the status alone, D1's otherwise.
     *
     * @param status an HTTP status from 400 to 599
     * @return the code: 10000 for 401 and 403, 7404 for 404, 971 for 429, otherwise 7500 for 5xx and 7400 for 4xx
     */
    public static int apiCode(int status) {
        return switch (status) {
            case 401, 403 -> 10000;
            case 404 -> 7404;
            case 429 -> 971;
            default -> status >= 500 ? 7500 : 7400;
        };
    }

    /**
     * The API error message Cloudflare sends with a status: its own text where it has one for the status alone
     * ({@code Authentication error} for 401 and 403, its rate limit's text for 429), the reason phrase otherwise.
     *
     * @param status an HTTP status from 400 to 599
     * @return the message
     */
    public static String apiMessage(int status) {
        return switch (status) {
            case 401, 403 -> "Authentication error";
            // Cloudflare's text for its code 971 (1200 requests per 5 minutes per user).
            case 429 -> "More than 1200 requests per 300 seconds reached."
                    + " Please wait and consider throttling your request speed";
            default -> reasonPhrase(status);
        };
    }
}
