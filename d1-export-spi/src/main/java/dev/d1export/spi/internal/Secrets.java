package dev.d1export.spi.internal;

import java.util.Locale;

/** Recognises option names that hold secrets, so they are redacted even when no provider declared them. */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String MASK = "****";

    private Secrets() {
    }

    /**
     * Whether an option name looks like it holds a secret: it names a token, key, secret, password or credential.
     *
     * @param key the option name
     * @return {@code true} if values under this name must never be shown
     */
    public static boolean looksSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("token") || k.contains("secret") || k.contains("password") || k.contains("passwd")
                || k.contains("credential") || k.contains("authorization") || k.endsWith("key");
    }
}
