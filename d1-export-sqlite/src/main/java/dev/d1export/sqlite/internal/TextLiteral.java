package dev.d1export.sqlite.internal;

/**
 * How a TEXT value containing CR or LF is written: the markers that stand for the two characters inside the quoted
 * literal, wrapped in {@code replace(...,'<marker>',char(13))} (inner) and {@code replace(...,'<marker>',char(10))}
 * (outer), as D1 and SQLite's shell both do.
 *
 * <p>D1 always uses the fixed markers {@code \r} and {@code \n}, so a text that already holds those two characters
 * does not read back as it was. Lossless mode picks markers the way SQLite's shell does ({@code \n}, then
 * {@code \012}, then {@code (\n0)}, {@code (\n1)}, ...) and checks that the literal decodes back exactly.
 *
 * @param cr the CR marker, or {@code null} when the text has no CR
 * @param lf the LF marker, or {@code null} when the text has no LF
 */
record TextLiteral(String cr, String lf) {

    static final TextLiteral PLAIN = new TextLiteral(null, null);

    /** D1's markers for a text (fixed; may collide). */
    static TextLiteral d1(String text) {
        boolean hasCr = text.indexOf('\r') >= 0;
        boolean hasLf = text.indexOf('\n') >= 0;
        if (!hasCr && !hasLf) {
            return PLAIN;
        }
        return new TextLiteral(hasCr ? "\\r" : null, hasLf ? "\\n" : null);
    }

    /** Markers that decode back to exactly this text. */
    static TextLiteral lossless(String text) {
        boolean hasCr = text.indexOf('\r') >= 0;
        boolean hasLf = text.indexOf('\n') >= 0;
        if (!hasCr && !hasLf) {
            return PLAIN;
        }
        for (int attempt = 0; ; attempt++) {
            String cr = hasCr ? unused(text, "\\r", "\\015", attempt) : null;
            String lf = hasLf ? unused(text, "\\n", "\\012", attempt) : null;
            TextLiteral candidate = new TextLiteral(cr, lf);
            if (candidate.decodesTo(text)) {
                return candidate;
            }
        }
    }

    /** SQLite shell's order of markers, {@code a}, {@code b}, {@code (a0)}, {@code (a1)}...: the first absent one. */
    private static String unused(String text, String a, String b, int from) {
        for (int i = from; ; i++) {
            String marker = i == 0 ? a : i == 1 ? b : "(" + a + (i - 2) + ")";
            if (!text.contains(marker)) {
                return marker;
            }
        }
    }

    /** Whether SQLite, evaluating the written expression, gets exactly {@code text} back. */
    boolean decodesTo(String text) {
        if (cr == null && lf == null) {
            return true;
        }
        String literal = text;
        if (cr != null) {
            literal = literal.replace("\r", cr);
        }
        if (lf != null) {
            literal = literal.replace("\n", lf);
        }
        // SQLite's replace() works left to right without overlaps, like String.replace.
        String value = literal;
        if (cr != null) {
            value = value.replace(cr, "\r");
        }
        if (lf != null) {
            value = value.replace(lf, "\n");
        }
        return value.equals(text);
    }
}
