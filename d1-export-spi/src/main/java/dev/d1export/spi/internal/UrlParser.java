package dev.d1export.spi.internal;

import dev.d1export.spi.InvalidExportUrlException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of {@code d1:<provider>:<provider part>[?key=value&...]} URLs. Every rejection names the part that is
 * wrong; the URL shown in messages has secret-looking query values and user info masked.
 */
public final class UrlParser {

    /** The scheme every d1-export URL starts with. */
    public static final String SCHEME = "d1";

    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9]*([._-][a-z0-9]+)*");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");
    private static final Pattern USER_INFO = Pattern.compile("^//[^/?#]*@");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // A word between white space or control characters (or the ends): a token pasted alone, with a newline or a
    // NUL. Not a segment of a path: a folder such as cloudflare-d1-database-backup-automation must stay shown, and
    // toUrl() must round-trip.
    private static final Pattern TOKEN_WORD = Pattern.compile(
            "(?<![^\\s\\p{Cntrl}])[A-Za-z0-9_-]{33,}(?![^\\s\\p{Cntrl}])");
    private static final Pattern PATH_SEGMENT = Pattern.compile("(?<=/)[^/?#]+");
    private static final Pattern URL_VALUE = Pattern.compile("^\\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//");
    // A JDBC-style ';name=value' (or '&name=value' with the '?' forgotten) in a provider part: the value runs to the
    // next ';' or '&', '/' included, as masking too much is the safe mistake.
    private static final Pattern TARGET_PARAMETER = Pattern.compile("[;&]\\s*([A-Za-z0-9._-]+)\\s*=([^;&]*)");


    /**
     * A parsed URL.
     *
     * @param provider the provider name, lower case
     * @param target   the provider part, without the query
     * @param query    the query parameters, decoded, in order
     */
    public record Parsed(String provider, String target, Map<String, String> query) {
    }

    private UrlParser() {
    }

    /**
     * Parses a URL.
     *
     * @param url the URL
     * @return its parts
     * @throws InvalidExportUrlException naming the wrong part
     */
    public static Parsed parse(String url) {
        if (url == null) {
            throw new InvalidExportUrlException("null", "url", "the URL is null; expected d1:<provider>:<provider part>");
        }
        String shown = redact(url);
        if (url.isBlank()) {
            throw new InvalidExportUrlException(shown, "url", "the URL is empty; expected d1:<provider>:<provider part>");
        }
        if (!url.equals(url.strip())) {
            throw new InvalidExportUrlException(shown, "url", "leading or trailing white space");
        }
        int firstColon = url.indexOf(':');
        if (firstColon < 0 || !url.substring(0, firstColon).equalsIgnoreCase(SCHEME)) {
            String scheme = firstColon < 0 ? "" : shownName(url.substring(0, firstColon));
            throw new InvalidExportUrlException(shown, "scheme",
                    (firstColon < 0 ? "no scheme" : "scheme '" + scheme + "'")
                            + "; a d1-export URL starts with 'd1:', e.g. d1:sqlite:path/to/db.sqlite");
        }
        int secondColon = url.indexOf(':', firstColon + 1);
        if (secondColon < 0) {
            String rest = url.substring(firstColon + 1);
            // Only the name-like start is shown: the rest may be a query or an authority holding a secret.
            throw new InvalidExportUrlException(shown, "provider", rest.isEmpty() ? "missing provider name"
                    : "missing ':' after provider '" + nameLikeStart(rest) + "'; expected d1:<provider>:<provider part>");
        }
        String provider = url.substring(firstColon + 1, secondColon);
        if (provider.isEmpty()) {
            throw new InvalidExportUrlException(shown, "provider", "missing provider name");
        }
        String normalised = provider.toLowerCase(Locale.ROOT);
        // ASCII first: lower-casing maps a few other letters to ASCII ones (U+212A KELVIN SIGN to 'k').
        if (!isAscii(provider) || !isProviderName(normalised)) {
            String start = nameLikeStart(provider);
            // Where the name-like run ends, not where its shown text does: a long run is shown as four asterisks.
            int end = nameLikeEnd(provider);
            throw new InvalidExportUrlException(shown, "provider", (end < provider.length()
                    ? "'" + start + "' is followed by " + describeChar(provider.codePointAt(end))
                            + ", which a provider name cannot hold"
                    : "'" + start + "' is not a provider name")
                    + " (at most 32 letters, digits, '.', '_' or '-', starting with a letter)");
        }
        String rest = url.substring(secondColon + 1);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            throw new InvalidExportUrlException(shown, "fragment", "fragments ('#...') are not allowed");
        }
        int question = rest.indexOf('?');
        String target = question < 0 ? rest : rest.substring(0, question);
        String query = question < 0 ? null : rest.substring(question + 1);
        if (target.isEmpty()) {
            throw new InvalidExportUrlException(shown, "provider part", "missing; expected d1:" + normalised
                    + ":<provider part>");
        }
        int lone = loneSurrogate(target);
        if (lone >= 0) {
            throw new InvalidExportUrlException(shown, "provider part", loneSurrogateAt(lone, ""));
        }
        if (target.startsWith("//")) {
            checkAuthority(shown, target);
        }
        if (embedsUserInfo(target)) {
            throw new InvalidExportUrlException(shown, "provider part", "it holds a URL with user info"
                    + " ('scheme://...@'): credentials never travel in a URL; pass them as options");
        }
        String secret = secretParameter(target);
        if (secret != null) {
            throw new InvalidExportUrlException(shown, "provider part", "option '" + secret + "' "
                    + Secrets.NOT_IN_URL + " (a d1 URL's options follow '?')");
        }
        return new Parsed(normalised, target, parseQuery(shown, query));
    }

    private static void checkAuthority(String shown, String target) {
        int slash = target.indexOf('/', 2);
        String authority = slash < 0 ? target.substring(2) : target.substring(2, slash);
        if (authority.contains("@")) {
            throw new InvalidExportUrlException(shown, "authority",
                    "user info ('...@') is not allowed: credentials never travel in a URL; pass them as options");
        }
        if (authority.isEmpty()) {
            throw new InvalidExportUrlException(shown, "authority", "missing after '//'");
        }
    }

    private static Map<String, String> parseQuery(String shown, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null) {
            return params;
        }
        if (query.isEmpty()) {
            throw new InvalidExportUrlException(shown, "query", "'?' is not followed by any parameter");
        }
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            if (pair.isEmpty()) {
                throw new InvalidExportUrlException(shown, "query", "empty parameter at position " + (i + 1));
            }
            int eq = pair.indexOf('=');
            // Before any other check: a secret joined to its name by something other than '=' (password:x, or
            // api-key%3Dx from an encoder run over the pair) is refused as a secret, and shown without it.
            if (namesSecret(eq < 0 ? pair : pair.substring(0, eq))) {
                throw new InvalidExportUrlException(shown, "query", "option '"
                        + shownParameterName(eq < 0 ? pair : pair.substring(0, eq)) + "' " + Secrets.NOT_IN_URL);
            }
            if (eq < 0) {
                String name = shownName(pair);
                throw new InvalidExportUrlException(shown, "query", "parameter '" + name + "' has no value; write "
                        + name + "=<value>");
            }
            String key = pair.substring(0, eq);
            if (key.isEmpty()) {
                throw new InvalidExportUrlException(shown, "query", "parameter at position " + (i + 1)
                        + " has no name");
            }
            if (!KEY.matcher(key).matches()) {
                throw new InvalidExportUrlException(shown, "query", "'" + shownName(key)
                        + "' is not an option name (lower case words separated by '-' or '.')");
            }
            String value = decode(shown, key, pair.substring(eq + 1));
            if (params.putIfAbsent(key, value) != null) {
                throw new InvalidExportUrlException(shown, "query", "parameter '" + shownName(key)
                        + "' is given twice");
            }
        }
        return params;
    }

    /**
     * Whether a query parameter's name (the text before its {@code =}, or the whole parameter without one) names a
     * secret: by itself, percent-decoded, or by its name-like start ({@code api-key} of {@code api-key:x}).
     */
    private static boolean namesSecret(String name) {
        String decoded = lenientDecode(name);
        return Secrets.isSecret(decoded) || Secrets.isSecret(decoded.substring(0, nameLikeEnd(decoded)));
    }

    /**
     * A query parameter's name as messages and {@link #redact(String)} show it: as {@link #shownName(String)} does,
     * but one that names a secret and holds more than a name ({@code password:hunter2}, {@code api-key%3Dx}) is shown
     * by its name-like start only, followed by four asterisks: what follows may be the secret itself.
     */
    private static String shownParameterName(String name) {
        String shown = shownName(name);
        if (!shown.equals(name)) {
            return shown;
        }
        String decoded = lenientDecode(name);
        int end = nameLikeEnd(decoded);
        if (end == decoded.length() || !namesSecret(name)) {
            return name;
        }
        return decoded.substring(0, end) + Secrets.MASK;
    }

    private static String decode(String shown, String key, String raw) {
        int lone = loneSurrogate(raw);
        if (lone >= 0) {
            // Encoding it as UTF-8 would turn it into '?' (a value nobody wrote); it cannot be escaped either.
            throw new InvalidExportUrlException(shown, "query", "parameter '" + key + "' holds "
                    + loneSurrogateAt(lone, " of its value"));
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new InvalidExportUrlException(shown, "query", "parameter '" + key
                            + "' has a bad percent escape at position " + (i + 1));
                }
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                // '+' included: a plus, as RFC 3986 reads it (ops+d1@example.com), not the space of HTML forms.
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    bytes = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(bytes);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            // Replacing the bytes with U+FFFD would pass on a value nobody wrote.
            throw new InvalidExportUrlException(shown, "query", "parameter '" + key
                    + "' has percent escapes that are not UTF-8 text");
        }
    }

    /**
     * The start of a text that could belong to a name (letters, digits, {@code .}, {@code _}, {@code -}), four
     * asterisks when it is longer than 32 characters, so that a message can name what was meant without showing what
     * follows, which may be a secret (a query, an authority, a pasted token).
     */
    private static String nameLikeStart(String text) {
        int end = nameLikeEnd(text);
        return end > 32 ? Secrets.MASK : text.substring(0, end);
    }

    /** The index of the first character of a text that could not belong to a name, or its length. */
    private static int nameLikeEnd(String text) {
        int end = 0;
        while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '-';
    }

    /** A character for a message: quoted if printable ASCII, else its code point. */
    private static String describeChar(int c) {
        return c == ' ' ? "a space" : c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }

    /**
     * A name from a URL (a scheme, a provider, an option's name) for messages, {@code toUrl()} and
     * {@code toString()}: masked when longer than 32 characters, as a pasted token is. A global API key (37 lower-case
     * hex digits) that starts with a letter is even a well-formed option name.
     *
     * @param name the name
     * @return the name, or {@code ****}
     */
    public static String shownName(String name) {
        return name.length() > 32 ? Secrets.MASK : name;
    }

    /**
     * An option value as messages may show it. A value that is a URL with an authority ({@code scheme://...}, e.g. a
     * base URL, or scheme-relative {@code //...}) is shown without its query and fragment and with any user info
     * masked, since a token may sit in any of them; any other value is returned as it is.
     *
     * @param value the option's value
     * @return e.g. {@code https://****@api.example.com/v4} for {@code https://u:pw@api.example.com/v4?token=x}
     */
    public static String redactValue(String value) {
        if (!URL_VALUE.matcher(value).lookingAt()) {
            return value;
        }
        int end = value.length();
        for (char c : new char[] {'?', '#'}) {
            int at = value.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String cut = value.substring(0, end);
        int authority = cut.indexOf("//") + 2;
        // The last '@', not the first: a password may hold one, and masking too much is the safe mistake.
        int at = cut.lastIndexOf('@');
        return at >= authority ? cut.substring(0, authority) + Secrets.MASK + cut.substring(at) : cut;
    }

    /**
     * An option value as messages may show it, by the option's name as well: the value of an identifier ({@code id},
     * or a name ending in {@code -id}, {@code .id} or {@code _id}, such as the {@code cloudflare} provider's
     * {@code account-id}) that is a word of more than 32 letters, digits, {@code -} and {@code _}, not a UUID, is
     * masked as a target's path segment is: no identifier looks like that (Cloudflare's account ids are 32 hex
     * digits), but a token pasted where one belongs does. Any other value as {@link #redactValue(String)} shows it.
     *
     * @param name  the option's name
     * @param value the option's value
     * @return the value as it may be shown
     */
    public static String redactValue(String name, String value) {
        String shown = redactValue(value);
        return isIdentifier(name) ? maskTokenLike(shown) : shown;
    }

    private static boolean isIdentifier(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("id") || lower.endsWith("-id") || lower.endsWith(".id") || lower.endsWith("_id");
    }

    /**
     * Whether a provider's {@code name()} can be selected by a URL: URLs are lower-cased, so a name must already be
     * in the form they are parsed to.
     *
     * @param name a provider's name
     * @return {@code true} for at most 32 lower-case letters, digits, '.', '_' or '-', starting with a letter
     */
    public static boolean isProviderName(String name) {
        return name.length() <= 32 && PROVIDER.matcher(name).matches();
    }

    /**
     * Where a text holds half of a UTF-16 surrogate pair without its other half: not Unicode text, and not something
     * UTF-8 can encode ({@link String#getBytes} writes {@code ?} for it).
     *
     * @param text the text
     * @return the index of the first lone surrogate, or {@code -1} if there is none
     */
    public static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A lone surrogate described for a message, by its place only: its code would show a part of the value.
     *
     * @param index where {@link #loneSurrogate(String)} found it
     * @param where what it is in, after its place ({@code " of its value"}), or empty
     * @return e.g. {@code a lone UTF-16 surrogate at character 3, which is not text: ...}
     */
    public static String loneSurrogateAt(int index, String where) {
        return "a lone UTF-16 surrogate at character " + (index + 1) + where + ", which is not text: UTF-8 (a URL,"
                + " a file name) cannot carry it, so it would silently become another character";
    }

    /**
     * Whether a text is ASCII only. A provider name is checked for it before it is lower-cased: lower-casing maps a
     * few other letters to ASCII ones (U+212A KELVIN SIGN to {@code k}).
     *
     * @param text the text
     * @return {@code true} if every character is below U+0080
     */
    public static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /**
     * Whether a provider part holds another scheme's URL with user info ({@code https://user:pw@host/...}) anywhere
     * in it: a credential, which a URL never carries (a leading {@code //...@} authority is checked on its own).
     *
     * @param target the provider part
     * @return {@code true} if it does
     */
    public static boolean embedsUserInfo(String target) {
        return nextEmbeddedUserInfo(target, 0) != null;
    }

    /**
     * The next {@code scheme://user info@} in a text at or after {@code from}, as the regular expression
     * {@code [A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@} would find it, in linear time: that expression, tried at every letter
     * of a long run of scheme characters, reads the rest of the run from each (a minute for 80,000 letters).
     *
     * @return {start of the scheme, index of the '@'}, or {@code null} if there is none
     */
    private static int[] nextEmbeddedUserInfo(String text, int from) {
        for (int colon = text.indexOf("://", from); colon >= 0; colon = text.indexOf("://", colon + 1)) {
            int start = colon;
            while (start > from && isSchemeChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < colon && !isAsciiLetter(text.charAt(start))) {
                start++;
            }
            if (start == colon) {
                continue;
            }
            int end = colon + 3;
            while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            // The last '@' before the end, looked for in the user info's place only: not back through the text.
            for (int at = end - 1; at >= colon + 3; at--) {
                if (text.charAt(at) == '@') {
                    return new int[] {start, at};
                }
            }
        }
        return null;
    }

    /**
     * The name of the first secret-named {@code ;name=value} or {@code &name=value} in a provider part: a secret
     * written JDBC-style, or after a forgotten {@code ?}, which the provider part would otherwise carry (and show).
     *
     * @param target the provider part
     * @return the name, as messages may show it, or {@code null} if there is none
     */
    public static String secretParameter(String target) {
        Matcher parameters = TARGET_PARAMETER.matcher(target);
        while (parameters.find()) {
            if (Secrets.isSecret(parameters.group(1))) {
                return shownName(parameters.group(1));
            }
        }
        return null;
    }

    /** The text with the value of every secret-named {@code ;name=value} or {@code &name=value} in it masked. */
    private static String maskSecretParameters(String text) {
        Matcher parameters = TARGET_PARAMETER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (parameters.find()) {
            String replaced = Secrets.isSecret(parameters.group(1))
                    ? text.substring(parameters.start(), parameters.start(2)) + Secrets.MASK : parameters.group();
            parameters.appendReplacement(sb, Matcher.quoteReplacement(replaced));
        }
        return parameters.appendTail(sb).toString();
    }

    /** The text with the user info of every {@code scheme://user info@} in it masked. */
    private static String maskEmbeddedUserInfo(String text) {
        StringBuilder sb = null;
        int from = 0;
        for (int[] found = nextEmbeddedUserInfo(text, 0); found != null; found = nextEmbeddedUserInfo(text, from)) {
            sb = sb == null ? new StringBuilder(text.length()) : sb;
            int colon = text.indexOf("://", found[0]);
            sb.append(text, from, colon + 3).append(Secrets.MASK).append('@');
            from = found[1] + 1;
        }
        return sb == null ? text : sb.append(text, from, text.length()).toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    /**
     * A provider part as it may be shown: an authority longer than 32 characters without a dot is masked, and so is a
     * path segment or a whole target of more than 32 letters, digits, {@code -} and {@code _} that is not a UUID. No
     * host name looks like that, no account id either (Cloudflare's are 32 hex digits), and hardly a file name, but a
     * token pasted in the wrong place does (Cloudflare's are 40 characters), and it would otherwise be shown whole in
     * every message and log line that names the URL.
     *
     * <p>The value of a secret-named {@code ;name=value} or {@code &name=value} is masked too (see
     * {@link #secretParameter(String)}).
     *
     * @param text the provider part, e.g. {@code //account/db} or {@code app.sqlite}
     * @return the same, or with the authority (or the whole target) shown as four asterisks
     */
    public static String maskSecretLikeTarget(String text) {
        String target = maskSecretParameters(text);
        if (!target.startsWith("//")) {
            return maskTokenLike(maskEmbeddedUserInfo(target));
        }
        int end = target.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = target.indexOf(c, 2);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = target.substring(2, end);
        String shownAuthority = authority.length() > 32 && authority.indexOf('.') < 0 ? Secrets.MASK : authority;
        // The path's segments as any other part (d1:cloudflare://<account>/<token>: a swapped argument).
        Matcher segments = PATH_SEGMENT.matcher(target.substring(end));
        StringBuilder rest = new StringBuilder();
        while (segments.find()) {
            segments.appendReplacement(rest, Matcher.quoteReplacement(maskTokenLike(segments.group())));
        }
        return "//" + shownAuthority + segments.appendTail(rest);
    }

    /**
     * The text with every word that looks like a token masked: more than 32 letters, digits, '-' and '_' alone,
     * between white space, control characters or the text's ends, and not a UUID (D1's database ids are, and they
     * are no secret). Words, not only the whole text: a secret is often pasted with a trailing newline, or as
     * {@code Bearer <token>}.
     */
    private static String maskTokenLike(String text) {
        if (text.length() <= 32) {
            return text;
        }
        Matcher words = TOKEN_WORD.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (words.find()) {
            words.appendReplacement(sb, UUID.matcher(words.group()).matches() ? "$0" : Secrets.MASK);
        }
        return words.appendTail(sb).toString();
    }

    /**
     * The URL with user info, the values of secret-looking query parameters and the query, fragment and user info of
     * URL-valued parameters (see {@link #redactValue(String)}) masked, and any part that looks like a token: an
     * authority or target (see {@link #maskSecretLikeTarget(String)}), a scheme, provider or parameter name, a
     * parameter without a name; for messages. Works on any text, also not a d1 URL at all (another scheme's URL, a
     * token passed where the URL belongs).
     *
     * @param url the URL
     * @return the redacted URL
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int hash = url.indexOf('#');
        if (hash >= 0) {
            // A fragment is never valid; it is shown masked, as it may hold anything.
            url = url.substring(0, hash) + "#" + Secrets.MASK;
        }
        String head = url;
        String query = null;
        int question = url.indexOf('?');
        if (question >= 0) {
            head = url.substring(0, question);
            query = url.substring(question + 1);
        }
        head = redactHead(head);
        if (query == null) {
            return head;
        }
        StringBuilder sb = new StringBuilder(head).append('?');
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            if (i > 0) {
                sb.append('&');
            }
            String name = eq < 0 ? pair : pair.substring(0, eq);
            // A name longer than a name usually is may be a token pasted into the query; a secret's name may have
            // the secret joined to it without '='.
            sb.append(shownParameterName(name));
            if (eq >= 0 && (name.isEmpty() || Secrets.isSecret(lenientDecode(name)))) {
                sb.append('=').append(Secrets.MASK);
            } else if (eq >= 0) {
                String value = lenientDecode(pair.substring(eq + 1));
                String shown = redactValue(lenientDecode(name), value);
                sb.append('=').append(shown.equals(value) ? pair.substring(eq + 1) : encode(shown));
            }
        }
        return sb.toString();
    }

    /** Everything before the query: scheme, provider and target, or whatever stands in their place. */
    private static String redactHead(String head) {
        int firstColon = head.indexOf(':');
        int slashes = head.indexOf("//");
        if (slashes >= 0 && (firstColon < 0 || slashes < firstColon)) {
            // "//" before any scheme: the text up to it stands for the scheme.
            return maskTokenLike(head.substring(0, slashes)) + redactAuthority(head.substring(slashes));
        }
        if (firstColon < 0) {
            // No scheme at all: a token passed where the URL belongs looks like this.
            return maskTokenLike(head);
        }
        String scheme = maskTokenLike(head.substring(0, firstColon));
        String rest = head.substring(firstColon + 1);
        int secondColon = rest.indexOf(':');
        int restSlashes = rest.indexOf("//");
        if (restSlashes == 0) {
            // Another scheme's URL (https://user:pw@host/...).
            return scheme + ":" + redactAuthority(rest);
        }
        if (secondColon >= 0 && (restSlashes < 0 || secondColon < restSlashes)) {
            String target = rest.substring(secondColon + 1);
            return scheme + ":" + maskTokenLike(rest.substring(0, secondColon)) + ":"
                    + (target.startsWith("//") ? redactAuthority(target) : maskSecretLikeTarget(target));
        }
        if (restSlashes > 0) {
            // A d1 URL that lacks the colon before its authority (d1:cloudflare//<account>/db).
            return scheme + ":" + maskTokenLike(rest.substring(0, restSlashes))
                    + redactAuthority(rest.substring(restSlashes));
        }
        return scheme + ":" + maskTokenLike(rest);
    }

    /** A text starting with "//": user info and a secret-like authority masked. */
    private static String redactAuthority(String target) {
        return maskSecretLikeTarget(USER_INFO.matcher(target).replaceFirst("//" + Secrets.MASK + "@"));
    }

    /** Decodes percent escapes where they are well formed, so {@code api%2Dtoken} is judged as {@code api-token}. */
    private static String lenientDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Percent-encodes a query value. Besides the unreserved characters, {@code :}, {@code /}, {@code @} and
     * {@code *} stay as they are (all legal in a query): a URL-valued option then reads as a URL, its masked user
     * info ({@code http://****@host}) included, as it does in {@code toString()}.
     *
     * @param value the value
     * @return the encoded value
     */
    public static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == ':' || c == '/' || c == '@' || c == '*') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
