package dev.d1export.spi;

import dev.d1export.spi.internal.ControlCharacters;
import java.util.Objects;

/**
 * A URL is not of the form {@code d1:<provider>:<provider part>[?key=value&...]}. The message shows the URL (with any
 * secret-looking value masked) and names the part that is wrong; {@link #part()} names it for code. Control
 * characters in the message, URL and problem alike, are written as a backslash, {@code u} and four hex digits.
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
        // Control characters escaped, in the problem too (it repeats a parameter's name, the scheme): a line break
        // or terminal control taken from the URL would otherwise forge a log line or rewrite the screen.
        super("Invalid d1 URL '" + ControlCharacters.escape(url) + "': " + part + ": "
                + ControlCharacters.escape(problem));
        this.url = url;
        this.part = Objects.requireNonNull(part, "part");
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
