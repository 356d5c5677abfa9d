package dev.d1export.spi.internal;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Recognises option names that hold secrets, so they are redacted even when no provider declared them. */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String MASK = "****";

    /** Why a URL may not carry a secret option, after the option's name: one wording wherever it is refused. */
    public static final String NOT_IN_URL = "holds a secret and must not appear in a URL; pass it as a property or"
            + " environment variable";

    // Bounded: option names are constants of provider classes, a few per provider.
    private static final int MAX_DECLARED = 1024;
    private static final Set<String> DECLARED = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    /**
     * Records that a provider declared an option of this name secret ({@code ExportOption.secret}), so its values
     * are masked wherever options are shown in this JVM, also in options built before the provider was asked.
     *
     * @param name the option name
     * @throws IllegalStateException if {@value #MAX_DECLARED} other names were declared before: a name that would
     *                               go unmasked must not be declared as if it were masked
     */
    public static void declare(String name) {
        if (DECLARED.contains(name)) {
            return;
        }
        synchronized (DECLARED) {
            if (DECLARED.size() >= MAX_DECLARED) {
                throw new IllegalStateException("Cannot declare option '" + name + "' secret: " + MAX_DECLARED
                        + " names are declared already; declare secret options once, as constants, not per call");
            }
            DECLARED.add(name);
        }
    }

    /**
     * Whether values under this name must never be shown: it {@linkplain #looksSensitive(String) looks} like a
     * secret, or a provider {@linkplain #declare(String) declared} it one.
     *
     * @param key the option name
     * @return {@code true} for secrets
     */
    public static boolean isSecret(String key) {
        return looksSensitive(key) || DECLARED.contains(key);
    }

    /**
     * Whether an option name looks like it holds a secret: it names a token, key, secret, password (also written
     * {@code passwd} or, ODBC-style, {@code pwd}), passphrase or credential. A name that only mentions one, such as
     * {@code pwd-file}, counts too: masking a file name is the safe mistake.
     *
     * @param key the option name
     * @return {@code true} if values under this name must never be shown
     */
    public static boolean looksSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("token") || k.contains("secret") || k.contains("password") || k.contains("passwd")
                || k.contains("pwd") || k.contains("passphrase") || k.contains("credential")
                || k.contains("authorization") || k.endsWith("key");
    }
}
