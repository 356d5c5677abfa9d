package dev.d1export.spi;

import java.util.Objects;

/**
 * A URL is not of the form {@code d1:<provider>:<provider part>[?key=value&...]}. The message shows the URL (with any
 * secret-looking value masked) and names the part that is wrong; {@link #part()} names it for code.
 */
public class InvalidExportUrlException extends ExportConfigurationException {

    private static final long serialVersionUID = 1L;

    /** @serial the URL as shown, secrets masked. */
    private final String url;
    /** @serial the part of the URL that is wrong. */
    private final String part;

    /**
     * Creates the exception.
     *
     * @param url     the offending URL, already redacted
     * @param part    the wrong part: {@code scheme}, {@code provider}, {@code provider part}, {@code authority},
     *                {@code path}, {@code query} or {@code fragment}
     * @param problem what is wrong with it
     */
    public InvalidExportUrlException(String url, String part, String problem) {
        super("Invalid d1 URL '" + printable(url) + "': " + part + ": " + problem);
        this.url = url;
        this.part = Objects.requireNonNull(part, "part");
    }

    /**
     * The URL for the message, each control character as a backslash, {@code u} and four hex digits: a line break or
     * terminal control in a target taken as written would otherwise forge a log line or rewrite the screen.
     */
    private static String printable(String url) {
        if (url == null || url.chars().noneMatch(c -> c < 0x20 || c >= 0x7f && c < 0xa0)) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length() + 8);
        url.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? String.format("\\u%04X", c)
                : Character.toString(c)));
        return out.toString();
    }

    /**
     * The URL, with secret-looking values masked; a control character in it stays as it is here and is escaped in the
     * message only.
     *
     * @return the redacted URL
     */
    public String url() {
        return url;
    }

    /**
     * The part of the URL that is wrong.
     *
     * @return {@code scheme}, {@code provider}, {@code provider part}, {@code authority}, {@code path},
     *         {@code query} or {@code fragment}
     */
    public String part() {
        return part;
    }
}
