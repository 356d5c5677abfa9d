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
 * @param offset  where in the file the body starts
 * @param length  how many bytes of the file, from {@code offset}, the body is; -1 when the body is in memory
 */
public record Reply(int status, Map<String, String> headers, byte[] bytes, Path file, long offset, long length) {

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
        return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), null, 0, -1);
    }

    /**
     * An answer of part of a file (a range request), or of a whole file of known size.
     *
     * @param status      the status (206, or 200 for the whole file)
     * @param contentType the content type
     * @param file        the file, streamed when sent
     * @param offset      the first byte sent
     * @param length      how many bytes are sent
     * @return the reply
     */
    public static Reply filePart(int status, String contentType, Path file, long offset, long length) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Reply(status, headers, null, file, offset, length);
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
        return new Reply(status, copy, bytes, file, offset, length);
    }
}
