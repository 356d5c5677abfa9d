package dev.d1export.cli.internal;

import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.InvalidOptionException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * An argument the JVM could not read. Java decodes the command line in the locale's character set for file names
 * ({@code sun.jnu.encoding}), which in the C or POSIX locale of a minimal container is ASCII, and turns each byte it
 * cannot decode into U+FFFD. Such an argument is no longer what was typed: {@code -t Ünï} would look for a table
 * named with U+FFFD in it, match nothing and, as D1 does, end with exit code 0 and a dump without the table; a path
 * with {@code é} would be refused in the JDK's words. The d1-export launcher sets a UTF-8 locale; {@code java -jar}
 * in such a locale gets this refusal instead, which says how to run it.
 */
final class UnreadableArgument {

    /** What the JVM puts in place of a byte it cannot decode. */
    private static final char REPLACEMENT = '\uFFFD';

    private static final String HINT = "run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 java -jar d1-export.jar ...,"
            + " or through the d1-export launcher, which sets one";

    private UnreadableArgument() {
    }

    /**
     * The message for an argument that holds characters the JVM could not decode, or {@code null} when it holds none
     * or the JVM reads arguments as UTF-8 (where U+FFFD may be what was typed).
     *
     * @param what  what the argument is, for the message ({@code -t}, {@code The URL})
     * @param value the argument as the JVM read it
     * @param shown the argument as a message may show it (a URL's secrets masked)
     * @return the problem, or {@code null}
     */
    static String problem(String what, String value, String shown) {
        if (value == null || value.indexOf(REPLACEMENT) < 0) {
            return null;
        }
        Charset names = argumentCharset();
        if (names.equals(StandardCharsets.UTF_8)) {
            return null;
        }
        return what + " '" + shown + "' has characters Java could not read in this locale's character set ("
                + names.name() + ", so each shows as ?): it is not what was typed";
    }

    /** What to do about it: the hint of both refusals. */
    static String hint() {
        return HINT;
    }

    /**
     * Refuses an argument the JVM could not read.
     *
     * @param what  what the argument is, for the message
     * @param value the argument as the JVM read it
     * @param shown the argument as a message may show it
     * @throws InvalidOptionException if it holds characters the JVM could not decode
     */
    static void refuse(String what, String value, String shown) {
        String problem = problem(what, value, shown);
        if (problem != null) {
            throw new InvalidOptionException(problem, null, ErrorDetails.none().withHint(HINT));
        }
    }

    private static Charset argumentCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
