package dev.d1export.cli.internal;

import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.InvalidOptionException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * {@code --token-file}: an API token read from a file, or with {@code -} from standard input, so it never shows in
 * the process list. The file (or standard input's first line) holds the token alone (surrounding whitespace, a final
 * newline and a leading UTF-8 byte order mark are ignored). Errors name the file, never its content, and not even the
 * file when its name looks like a token itself.
 */
public final class TokenFile {

    private static final String HINT = "the file must hold just the API token, e.g. written with "
            + "'printf %s \"$TOKEN\" > token.txt'; or set CLOUDFLARE_API_TOKEN instead";

    private static final String MISSING_HINT = "no file has that name: check the path (a relative one starts at the"
            + " working folder); or set CLOUDFLARE_API_TOKEN instead";

    /** Standard input as errors name it. */
    private static final String STANDARD_INPUT = "Standard input (--token-file -)";

    private static final String STANDARD_INPUT_HINT = "send just the API token on its first line, e.g. 'printf %s"
            + " \"$TOKEN\" | d1-export export ... --token-file -'; or set CLOUDFLARE_API_TOKEN instead";

    private TokenFile() {
    }

    /**
     * Reads the token, naming the file in errors as the user typed it: a {@link Path} drops a trailing separator and
     * a doubled one ({@code -/} reads {@code -}), which would name a file the user never typed.
     *
     * @param file  the file
     * @param typed the file's name as typed ({@code --token-file}'s value)
     * @return the token
     * @throws InvalidOptionException if the file is missing, unreadable, empty or holds more than one line, or the
     *                                name as typed ends in a separator (it names a folder, never a token file)
     */
    public static String read(Path file, String typed) {
        String name = shown(file, typed);
        String content;
        if (Files.isDirectory(file)) {
            throw new InvalidOptionException("Token file " + name + " is a folder", null,
                    ErrorDetails.none().withHint("give the file that holds the token"));
        }
        String separator = PathConverter.separatorAtEnd(typed);
        if (separator != null) {
            // token.txt/ names a folder (cat token.txt/ fails: "Not a directory"), but its Path reads token.txt: only
            // asked whether something is there, never opened. Nothing there is "does not exist", as for any name.
            try {
                Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                throw unreadable(file, name, e);
            }
            throw new InvalidOptionException("Token file " + name + " ends in " + separator + " but names a file",
                    null, ErrorDetails.none().withHint("a name ending in " + separator + " names a folder: leave the "
                            + separator + " out to read the token from that file"));
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            // Capped: a token is 40 characters, and /dev/zero given by mistake would fill the heap.
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw invalid("Token file " + name + " is too large to hold a token (over " + MAX_BYTES / 1024
                        + " KiB)");
            }
            content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("Token file " + name + " is not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(file, name, e);
        }
        return token(content, "Token file " + name, HINT);
    }

    /**
     * The error for a token file that could not be looked at or read: missing, not this user's to read, or another
     * I/O failure.
     *
     * @param file the file
     * @param name the file's name for the message
     * @param e    what the file system threw
     */
    private static InvalidOptionException unreadable(Path file, String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            if (hidesAToken(file.toString())) {
                // The token itself given in place of a file name: say so without printing it.
                return new InvalidOptionException("--token-file names no file: its value looks like a token itself,"
                        + " not a file name (not shown)", null, ErrorDetails.none().withHint("write the token to a file"
                        + " and give that file's name, or set CLOUDFLARE_API_TOKEN; and consider the token exposed"
                        + " (command lines are visible to other users), so roll it"));
            }
            // The hint about the file's content would send the user to fix a file that is not there.
            return new InvalidOptionException("Token file " + name + " does not exist", null,
                    ErrorDetails.none().withHint(MISSING_HINT));
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new InvalidOptionException("Cannot read token file " + name + ": permission denied", null,
                    ErrorDetails.none().withHint("let the user running d1-export read it (chmod, or run as its owner)"));
        }
        return new InvalidOptionException("Cannot read token file " + name + " (" + e.getClass().getSimpleName()
                + ")", null, ErrorDetails.none().withHint("check that the path names a file this user can read; or"
                        + " set CLOUDFLARE_API_TOKEN instead"));
    }

    /**
     * Reads the token from standard input ({@code --token-file -}): its first line, up to a line break or the end of
     * the input, as a file's content is read.
     *
     * @param in standard input, not a terminal (a terminal is read by
     *           {@link #readFromTerminal(Console, java.io.PrintStream)})
     * @return the token
     * @throws InvalidOptionException if the line is empty, too long, not UTF-8 or holds what no token has
     */
    public static String readStandardInput(java.io.InputStream in) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try {
            // Byte by byte, up to the line break: what follows it is not read, and an endless input is cut off.
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (line.size() == MAX_BYTES) {
                    throw invalidInput(STANDARD_INPUT + " is too long to hold a token (over " + MAX_BYTES / 1024
                            + " KiB on its first line)");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw invalidInput("Cannot read " + STANDARD_INPUT + " (" + e.getClass().getSimpleName() + ")");
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalidInput(STANDARD_INPUT + " is not UTF-8 text");
        }
        return token(content, STANDARD_INPUT, STANDARD_INPUT_HINT);
    }

    /**
     * Reads the token typed at a terminal ({@code --token-file -} with standard input a terminal), without echo,
     * after a prompt on stderr: the console would write it to stdout, which carries only machine-readable output.
     *
     * @param console the terminal
     * @param err     where the prompt goes
     * @return the token
     * @throws InvalidOptionException if nothing was typed, or what was typed holds what no token has
     */
    public static String readFromTerminal(Console console, java.io.PrintStream err) {
        err.print("API token for --token-file - (not shown as typed): ");
        err.flush();
        char[] typed = console.readPassword();
        // The Enter key was not echoed either: end the prompt's line.
        err.println();
        err.flush();
        if (typed == null) {
            // End of input (Ctrl-D) at the prompt.
            throw invalidInput(STANDARD_INPUT + " ended before a token was typed");
        }
        try {
            return token(new String(typed), STANDARD_INPUT, STANDARD_INPUT_HINT);
        } finally {
            java.util.Arrays.fill(typed, ' ');
        }
    }

    /** The token in what was read, checked as every source of one is: {@code what} names the source in errors. */
    private static String token(String read, String what, String hint) {
        String content = read;
        if (content.startsWith("\uFEFF")) {
            // A byte order mark, as some editors (Notepad) save UTF-8: not part of the token.
            content = content.substring(1);
        }
        String token = content.strip();
        if (token.isEmpty()) {
            throw new InvalidOptionException(what + " is empty", null, ErrorDetails.none().withHint(hint));
        }
        if (token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
            throw new InvalidOptionException(what + " holds more than one line", null,
                    ErrorDetails.none().withHint(hint));
        }
        for (int i = 0; i < token.length(); ) {
            // Refused here, by the file's name, rather than by the provider as "option 'api-token'", which the user
            // never typed. Tokens are printable ASCII; the usual culprit is a pasted invisible character.
            int c = token.codePointAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new InvalidOptionException(String.format(Locale.ROOT, "%s holds a character an API"
                        + " token cannot have (U+%04X at position %d); its content is not shown", what, c,
                        token.codePointCount(0, i) + 1), null, ErrorDetails.none().withHint("write the token again"
                        + " without invisible characters (a zero-width or non-breaking space): it is made of printable"
                        + " ASCII characters only"));
            }
            i += Character.charCount(c);
        }
        return token;
    }

    /**
     * Whether a value given as a file name looks like a credential instead: no folder or extension, 20 or more
     * characters of the kinds Cloudflare tokens and keys are made of, and a digit or both upper- and lower-case
     * letters. That keeps ordinary names such as {@code cloudflare-api-token} shown, while a random 40-character token
     * lacks both only about twice in 10^15 (a 37-character hex key practically never lacks a digit).
     */
    static boolean looksLikeAToken(String value) {
        if (value.length() < 20) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean isUpper = c >= 'A' && c <= 'Z';
            boolean isLower = c >= 'a' && c <= 'z';
            boolean isDigit = c >= '0' && c <= '9';
            if (!isUpper && !isLower && !isDigit && c != '-' && c != '_') {
                return false;
            }
            upper |= isUpper;
            lower |= isLower;
            digit |= isDigit;
        }
        return digit || (upper && lower);
    }

    /**
     * The file's name for a message: as typed, unless either spelling looks like a token ({@code <token>/} does not,
     * its path does).
     */
    private static String shown(Path file, String typed) {
        return hidesAToken(file.toString()) || hidesAToken(typed) ? NOT_SHOWN : typed;
    }

    /** What a message says in place of a {@code --token-file} value that {@link #hidesAToken hides a token}. */
    static final String NOT_SHOWN = "(a name that looks like a token, not shown)";

    /**
     * Whether a {@code --token-file} value {@link #looksLikeAToken looks like a token} once the blanks around it and
     * the separators after it are set aside: a token pasted with a stray space ({@code "<token> "}) or a slash
     * ({@code "<token>/ "}) is still a token, and messages quote the value as typed.
     *
     * @param value the value as typed, or its path's text
     * @return {@code true} if it must not be shown
     */
    static boolean hidesAToken(String value) {
        String bare = value.strip();
        while (PathConverter.separatorAtEnd(bare) != null) {
            bare = bare.substring(0, bare.length() - 1).strip();
        }
        return looksLikeAToken(bare);
    }

    /** The most a token file may hold: a token is 40 characters; far more is not a token file. */
    private static final int MAX_BYTES = 64 * 1024;

    private static InvalidOptionException invalid(String message) {
        return new InvalidOptionException(message, null, ErrorDetails.none().withHint(HINT));
    }

    private static InvalidOptionException invalidInput(String message) {
        return new InvalidOptionException(message, null, ErrorDetails.none().withHint(STANDARD_INPUT_HINT));
    }
}
