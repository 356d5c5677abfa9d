package dev.d1export.http.internal;

import dev.d1export.spi.InvalidOptionException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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

    /**
     * A text with every copy of the secret in it masked, as {@link #scrub(byte[])} masks an answer's bytes: a header's
     * value, or the JDK's own message about an answer it could not parse, which quotes a line of it.
     *
     * @param text the text
     * @return the same text when the secret is not in it, else a copy with each copy of it as {@code ****}
     */
    default String scrub(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] scrubbed = scrub(bytes);
        return scrubbed == bytes ? text : new String(scrubbed, StandardCharsets.UTF_8);
    }

    /**
     * The body with each copy of the secret replaced by {@code ****}: a copy in its UTF-8 bytes, or with any of its
     * ASCII characters written as a JSON escape (a backslash, {@code u} and four hex digits; or a backslash before a
     * quote, a backslash or a slash), since a JSON answer quoting the secret may escape it, and must where it holds a
     * quote or a backslash.
     */
    private static byte[] scrub(byte[] body, String secret) {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        // A secret of a few bytes would mask ordinary words; a real token or key is far longer.
        if (needle.length < 8 || body.length < needle.length) {
            return body;
        }
        ByteArrayOutputStream out = null;
        int from = 0;
        int i = 0;
        while (i <= body.length - needle.length) {
            int end = copyEnd(body, i, needle);
            if (end < 0) {
                i++;
                continue;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(body.length);
            }
            out.write(body, from, i - from);
            out.writeBytes("****".getBytes(StandardCharsets.US_ASCII));
            from = end;
            i = end;
        }
        if (out == null) {
            return body;
        }
        out.write(body, from, body.length - from);
        return out.toByteArray();
    }

    /**
     * Where a copy of the secret that starts at {@code at} ends, each of its bytes there as itself or, for an ASCII
     * character, as a JSON escape of it; -1 if no copy starts there.
     */
    private static int copyEnd(byte[] body, int at, byte[] needle) {
        int p = at;
        for (byte wanted : needle) {
            if (p >= body.length) {
                return -1;
            }
            if (body[p] == '\\' && wanted >= 0) {
                int unicode = p + 5 < body.length && body[p + 1] == 'u' ? hexValue(body, p + 2) : -1;
                if (unicode == wanted) {
                    p += 6;
                    continue;
                }
                if (p + 1 < body.length && body[p + 1] == wanted
                        && (wanted == '"' || wanted == '\\' || wanted == '/')) {
                    p += 2;
                    continue;
                }
            }
            if (body[p] != wanted) {
                return -1;
            }
            p++;
        }
        return p;
    }

    /** The value of the four hex digits at {@code at}, or -1 if they are not four hex digits. */
    private static int hexValue(byte[] body, int at) {
        int value = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(body[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
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
