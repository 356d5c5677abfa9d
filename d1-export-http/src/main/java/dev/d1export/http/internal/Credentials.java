package dev.d1export.http.internal;

import dev.d1export.spi.InvalidOptionException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * How requests to the API host authenticate. Added only to requests for the API's base URL, never to a download.
 * {@code toString()} never shows the secret.
 */
public sealed interface Credentials {

    /**
     * Adds the authentication headers to a request for the API host.
     *
     * @param request the request being built
     */
    void applyTo(HttpRequest.Builder request);

    /**
     * Where the credentials came from, for messages: e.g. {@code API token from CLOUDFLARE_API_TOKEN}.
     *
     * @return the description, without the secret
     */
    String describe();

    /**
     * An API answer with every copy of the secret in it masked: a server may quote the credential it refused (or a
     * proxy may echo the request), and the API's text reaches messages, logs and {@code --json}.
     *
     * @param body the answer's bytes
     * @return the same array when the secret is not in it, else a copy with each copy of it as {@code ****}
     */
    byte[] scrub(byte[] body);

    /** The body with each copy of the secret's UTF-8 bytes replaced by {@code ****}. */
    private static byte[] scrub(byte[] body, String secret) {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        // A secret of a few bytes would mask ordinary words; a real token or key is far longer.
        if (needle.length < 8 || body.length < needle.length) {
            return body;
        }
        body = unescapeWordCharacters(body);
        ByteArrayOutputStream out = null;
        int from = 0;
        for (int i = 0; i <= body.length - needle.length; i++) {
            if (Arrays.equals(body, i, i + needle.length, needle, 0, needle.length)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(body.length);
                }
                out.write(body, from, i - from);
                out.writeBytes("****".getBytes(StandardCharsets.US_ASCII));
                i += needle.length - 1;
                from = i + 1;
            }
        }
        if (out == null) {
            return body;
        }
        out.write(body, from, body.length - from);
        return out.toByteArray();
    }

    /**
     * The JSON text with each six-character Unicode escape (backslash, {@code u}, four hex digits) of a letter,
     * digit, {@code -} or {@code _} written as the character itself: the same JSON once parsed, but a token spelt
     * with such escapes can no longer pass the byte search. Other escapes, an escaped backslash included, are kept.
     */
    private static byte[] unescapeWordCharacters(byte[] json) {
        if (indexOf(json, (byte) '\\') < 0) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b != '\\' || i + 1 >= json.length) {
                out.write(b);
                continue;
            }
            int c = i + 5 < json.length && json[i + 1] == 'u' ? wordCharacter(json, i + 2) : -1;
            if (c >= 0) {
                out.write(c);
                i += 5;
            } else {
                // Any other escape, its second character included (an escaped backslash never starts another).
                out.write(b);
                out.write(json[++i]);
            }
        }
        return out.toByteArray();
    }

    /** The character of the four hex digits at {@code at} if it is a letter, digit, '-' or '_', else -1. */
    private static int wordCharacter(byte[] json, int at) {
        int value = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(json[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        boolean word = value >= 'a' && value <= 'z' || value >= 'A' && value <= 'Z' || value >= '0' && value <= '9'
                || value == '-' || value == '_';
        return word ? value : -1;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The error for credentials the JDK refuses as a header value. {@link CloudflareSettings} checks the characters
     * first; this is the second line of defence, since the JDK's own message quotes the header, secret included. The
     * JDK's exception is therefore neither quoted nor kept as the cause.
     *
     * @param described what {@link #describe()} says
     * @return the exception to throw
     */
    private static InvalidOptionException unsendable(String described) {
        return new InvalidOptionException("The " + described + " cannot be sent in an HTTP header (it holds a"
                + " character headers do not allow); its value is not shown");
    }

    /**
     * An API token, sent as {@code Authorization: Bearer}.
     *
     * @param token  the token
     * @param source where it came from
     */
    record ApiToken(String token, String source) implements Credentials {
        /**
         * Creates the credentials.
         *
         * @param token  the token
         * @param source where it came from
         */
        public ApiToken {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public void applyTo(HttpRequest.Builder request) {
            try {
                request.header("Authorization", "Bearer " + token);
            } catch (IllegalArgumentException e) {
                throw unsendable(describe());
            }
        }

        @Override
        public String describe() {
            return "API token from " + source;
        }

        @Override
        public byte[] scrub(byte[] body) {
            return Credentials.scrub(body, token);
        }

        @Override
        public String toString() {
            return "ApiToken{" + source + ", ****}";
        }
    }

    /**
     * A global API key with its account e-mail, sent as {@code X-Auth-Key} and {@code X-Auth-Email}.
     *
     * @param email  the account e-mail
     * @param key    the key
     * @param source where they came from
     */
    record ApiKey(String email, String key, String source) implements Credentials {
        /**
         * Creates the credentials.
         *
         * @param email  the account e-mail
         * @param key    the key
         * @param source where they came from
         */
        public ApiKey {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public void applyTo(HttpRequest.Builder request) {
            try {
                request.header("X-Auth-Email", email);
                request.header("X-Auth-Key", key);
            } catch (IllegalArgumentException e) {
                throw unsendable(describe());
            }
        }

        @Override
        public String describe() {
            return "API key and e-mail from " + source;
        }

        @Override
        public byte[] scrub(byte[] body) {
            return Credentials.scrub(body, key);
        }

        @Override
        public String toString() {
            return "ApiKey{" + source + ", ****}";
        }
    }
}
