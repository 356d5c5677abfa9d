package dev.d1export.http.internal.json;

import java.util.List;

/**
 * The Cloudflare v4 envelope without its {@code result}: {@code {"success":..., "errors":[...], "messages":[...]}}.
 * Read on its own from failed answers, whatever their result.
 */
public class Envelope {

    /** Whether the call succeeded. */
    public Boolean success;

    /** Why it failed. */
    public List<ResponseInfo> errors;

    /** Informational messages. */
    public List<ResponseInfo> messages;

    /** For JSON-B. */
    public Envelope() {
    }
}
