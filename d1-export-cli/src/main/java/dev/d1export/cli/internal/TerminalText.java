package dev.d1export.cli.internal;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Text from outside (a server's messages and errors, exception messages, what was typed) made safe to print on a
 * terminal: a control character could otherwise clear the screen, retitle the window, move the cursor or hide what
 * follows (ANSI escape sequences start with ESC, U+001B, or the C1 control CSI, U+009B), and a bidirectional override
 * could make a line read differently from what it holds. The {@code --json} output does not go through here: its
 * writer escapes such characters, so the values stay exact.
 */
public final class TerminalText {

    /** What an unsafe character is shown as. */
    static final char REPLACEMENT = '?';

    private TerminalText() {
    }

    /**
     * One line: line breaks and tabs become spaces, every other unsafe character {@code ?}.
     *
     * @param text any text
     * @return the text, safe to print as one line
     */
    public static String oneLine(String text) {
        return clean(text, false);
    }

    /**
     * Several lines, as in a stack trace: line breaks and tabs are kept, every other unsafe character becomes
     * {@code ?}.
     *
     * @param text any text
     * @return the text, safe to print
     */
    public static String lines(String text) {
        return clean(text, true);
    }

    /**
     * A stand-in for a throwable, for printing its stack trace: the same frames, causes and suppressed throwables,
     * each described on one line ({@link #oneLine(String)}), so that a line break in a message (a server's text)
     * cannot pass for a line of the trace or of the command's own output. Its trace still needs {@link #lines(String)}
     * for the other unsafe characters.
     *
     * @param error the throwable
     * @return the stand-in, whose {@code printStackTrace} prints one line per throwable and frame
     */
    public static Throwable flatMessages(Throwable error) {
        return flatMessages(error, new IdentityHashMap<>());
    }

    private static Throwable flatMessages(Throwable error, Map<Throwable, Throwable> done) {
        Throwable known = done.get(error);
        if (known != null) {
            return known;
        }
        OneLineThrowable flat = new OneLineThrowable(oneLine(error.toString()));
        done.put(error, flat);
        flat.setStackTrace(error.getStackTrace());
        if (error.getCause() != null && error.getCause() != error) {
            flat.initCause(flatMessages(error.getCause(), done));
        }
        for (Throwable suppressed : error.getSuppressed()) {
            flat.addSuppressed(flatMessages(suppressed, done));
        }
        return flat;
    }

    /** A throwable that describes itself with a given line. */
    private static final class OneLineThrowable extends Throwable {
        private static final long serialVersionUID = 1L;

        private final String line;

        OneLineThrowable(String line) {
            // Not super(line, null, ...): a null cause given there counts as set, and initCause would then throw.
            super(line);
            this.line = line;
        }

        @Override
        public String toString() {
            return line;
        }
    }

    private static String clean(String text, boolean keepLines) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char shown;
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                // CRLF is one line break; dropping the CR leaves the LF to be handled next.
                shown = keepLines ? c : 0;
            } else if (c == '\n' || c == '\t') {
                shown = keepLines ? c : ' ';
            } else if (c == '\r' || c == '\u2028' || c == '\u2029') {
                shown = ' ';
            } else if (unsafe(c)) {
                shown = REPLACEMENT;
            } else {
                shown = c;
            }
            if (shown != c && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (sb != null && shown != 0) {
                sb.append(shown);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * Whether a character must not reach a terminal as it is: C0 controls, DEL, C1 controls, and the bidirectional
     * embeddings, overrides and isolates.
     *
     * @param c the character
     * @return {@code true} if it is replaced
     */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
