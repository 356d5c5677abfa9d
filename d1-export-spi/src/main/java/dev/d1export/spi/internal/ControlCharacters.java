package dev.d1export.spi.internal;

/**
 * Foreign text (a URL, an option value) made safe to put in an exception message: a line break or terminal control
 * in it would otherwise forge a log line or rewrite the screen wherever the message is logged or printed.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /**
     * The text with each control character (C0, DEL and C1) as a backslash, {@code u} and four hex digits.
     *
     * @param text the text, may be {@code null}
     * @return the escaped text (a line break is then the six characters backslash, u, 000A); the same string when
     *         there is nothing to escape
     */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(ControlCharacters::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> out.append(isControl(c) ? String.format("\\u%04X", c) : Character.toString(c)));
        return out.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0;
    }
}
