package dev.d1export.http.internal;

import java.net.http.HttpHeaders;

/**
 * An answer of the API, read whole (API answers are small; the dump itself is never read this way).
 *
 * @param status  the HTTP status
 * @param headers the headers
 * @param body    the body
 */
record ApiResponse(int status, HttpHeaders headers, byte[] body) {

    /**
     * The {@code cf-ray} request id.
     *
     * @return the id, or {@code null} when absent
     */
    String rayId() {
        return headers.firstValue("cf-ray").orElse(null);
    }

    /**
     * The media type of the body.
     *
     * @return e.g. {@code text/html}, or {@code unknown type}
     */
    String contentType() {
        String type = headers.firstValue("content-type").orElse("unknown type");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    }
}
