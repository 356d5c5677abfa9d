package dev.d1export.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Cloudflare v4 envelope: {@code {"success":..,"errors":[..],"messages":[..],"result":..}}. */
public final class Envelopes {

    private Envelopes() {
    }

    /**
     * A successful envelope.
     *
     * @param result the result
     * @return the envelope
     */
    public static Map<String, Object> success(Object result) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("result", result);
        envelope.put("success", true);
        envelope.put("errors", List.of());
        envelope.put("messages", List.of());
        return envelope;
    }

    /**
     * A failed envelope with one error.
     *
     * @param code    the API error code
     * @param message the error message
     * @return the envelope
     */
    public static Map<String, Object> failure(int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("result", null);
        envelope.put("success", false);
        envelope.put("errors", List.of(error));
        envelope.put("messages", List.of());
        return envelope;
    }

    /**
     * A failed answer.
     *
     * @param status  the HTTP status
     * @param code    the API error code
     * @param message the error message
     * @return the reply
     */
    public static Reply error(int status, int code, String message) {
        return Reply.json(status, failure(code, message));
    }

    /**
     * An HTML error page such as Cloudflare's edge serves.
     *
     * @param status the HTTP status
     * @param title  the page's title
     * @return the reply
     */
    public static Reply html(int status, String title) {
        return Reply.text(status, "text/html", "<!DOCTYPE html><html><head><title>" + status + ": " + title
                + "</title></head><body><h1>Error " + status + "</h1><p>" + title
                + "</p><p>Ray ID: fake</p></body></html>");
    }

    /**
     * An object store's XML error, as a signed URL answers when it refuses.
     *
     * @param status  the HTTP status
     * @param code    the error code, e.g. {@code AccessDenied}
     * @param message the message
     * @return the reply
     */
    public static Reply xml(int status, String code, String message) {
        return Reply.text(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                + "</Code><Message>" + xmlText(message) + "</Message></Error>");
    }

    /** Text escaped for an XML element: a test's own fault message may hold {@code <} or {@code &}. */
    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
