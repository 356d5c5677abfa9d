package dev.d1export.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs download URLs the way object stores do: an HMAC of the path and the expiry time, with a key only this server
 * knows. Thread-safe.
 */
public final class UrlSigner {

    private final byte[] key = new byte[32];

    /** Creates a signer with a random key. */
    public UrlSigner() {
        new SecureRandom().nextBytes(key);
    }

    /**
     * The signature of a path and expiry.
     *
     * @param path          the URL path
     * @param expiresMillis the expiry, epoch milliseconds
     * @return the signature, lower-case hex
     */
    public String sign(String path, long expiresMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + expiresMillis).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether a signature is right, compared in constant time.
     *
     * @param path          the URL path
     * @param expiresMillis the expiry, epoch milliseconds
     * @param signature     the signature from the URL
     * @return {@code true} if it is the server's
     */
    public boolean verify(String path, long expiresMillis, String signature) {
        return MessageDigest.isEqual(sign(path, expiresMillis).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
