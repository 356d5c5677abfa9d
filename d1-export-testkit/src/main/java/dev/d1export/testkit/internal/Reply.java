package dev.d1export.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer the fake server is about to send: status, headers and a body held in memory (API answers) or on disk (a
 * dump, streamed from the file).
 *
 * @param status  the HTTP status
 * @param headers the headers
 * @param bytes   the body in memory, or {@code null} when it is a file
 * @param file    the body on disk, or {@code null}
 */
public record Reply(int status, Map<String, String> headers, byte[] bytes, Path file) {

    /**
     * A JSON answer.
     *
     * @param status the status
     * @param value  the JSON value
     * @return the reply
     */
    public static Reply json(int status, Object value) {
        return text(status, "application/json", Json.write(value));
    }

    /**
     * A text answer.
     *
     * @param status      the status
     * @param contentType the content type, without charset
     * @param body        the text
     * @return the reply
     */
    public static Reply text(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType + "; charset=utf-8");
        return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * A file answer.
     *
     * @param status      the status
     * @param contentType the content type
     * @param file        the file, streamed when sent
     * @return the reply
     */
    public static Reply file(int status, String contentType, Path file) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Reply(status, headers, null, file);
    }

    /**
     * A copy with one more header.
     *
     * @param name  the header name
     * @param value the value
     * @return the reply
     */
    public Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, bytes, file);
    }
}
