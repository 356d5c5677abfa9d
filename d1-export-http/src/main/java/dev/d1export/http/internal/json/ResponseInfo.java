package dev.d1export.http.internal.json;

/** One entry of an envelope's {@code errors} or {@code messages}: {@code {"code":..., "message":...}}. */
public class ResponseInfo {

    /** The API code, e.g. {@code 7404}. */
    public Integer code;

    /** The text. */
    public String message;

    /** A link to documentation, if any. */
    public String documentationUrl;

    /** For JSON-B. */
    public ResponseInfo() {
    }
}
