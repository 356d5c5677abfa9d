package dev.d1export.sqlite.internal;

import java.math.BigInteger;

/**
 * The 126-bit approximations of powers of ten that {@link ShortestDecimal} multiplies by (Giulietti, "The Schubfach
 * way to render doubles", section 9): for each k in [{@value #K_MIN}, {@value #K_MAX}], with r the integer that puts
 * β = 10^-k·2^-r in [2^125, 2^126), the value g = ⌊β⌋ + 1, stored as g1 = ⌊g / 2^63⌋ and g0 = g mod 2^63.
 *
 * <p>Computed once, exactly, with {@link BigInteger} when first used (a few milliseconds), rather than kept as a
 * table of 1,234 literals that could not be checked by reading. Immutable after class initialisation.
 */
final class Pow10Approximations {

    /** The smallest k a double needs: ⌊log10(2^-1074)⌋. */
    static final int K_MIN = -324;
    /** The largest k a double needs: ⌊log10(2^971)⌋. */
    static final int K_MAX = 292;

    private static final long MASK_63 = (1L << 63) - 1;
    /** g1 and g0 of k at indexes 2(k - K_MIN) and 2(k - K_MIN) + 1. */
    private static final long[] G = table();

    private Pow10Approximations() {
    }

    /** ⌊g / 2^63⌋ for this k. */
    static long g1(int k) {
        return G[(k - K_MIN) << 1];
    }

    /** g mod 2^63 for this k. */
    static long g0(int k) {
        return G[((k - K_MIN) << 1) + 1];
    }

    /** ⌊e·log2(10)⌋, exact for |e| ≤ 1500 (checked by the tests), more than a double needs. */
    static int flog2pow10(int e) {
        return (int) ((e * 913_124_641_741L) >> 38);
    }

    /** ⌊e·log10(2)⌋, exact for |e| ≤ 1500 (checked by the tests), more than a double needs. */
    static int flog10pow2(int e) {
        return (int) ((e * 661_971_961_083L) >> 41);
    }

    /** ⌊log10(3/4·2^e)⌋, exact for |e| ≤ 1500 (checked by the tests), more than a double needs. */
    static int flog10threeQuartersPow2(int e) {
        return (int) ((e * 661_971_961_083L - 274_743_187_321L) >> 41);
    }

    /** g itself, for the tests. */
    static BigInteger g(int k) {
        return BigInteger.valueOf(g1(k)).shiftLeft(63).or(BigInteger.valueOf(g0(k)));
    }

    private static long[] table() {
        long[] g = new long[(K_MAX - K_MIN + 1) << 1];
        for (int k = K_MIN; k <= K_MAX; k++) {
            int e = -k;
            int r = flog2pow10(e) - 125;
            BigInteger beta;
            if (e >= 0) {
                BigInteger pow = BigInteger.TEN.pow(e);
                beta = r <= 0 ? pow.shiftLeft(-r) : pow.shiftRight(r);
            } else {
                beta = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e));
            }
            BigInteger value = beta.add(BigInteger.ONE);
            g[(k - K_MIN) << 1] = value.shiftRight(63).longValueExact();
            g[((k - K_MIN) << 1) + 1] = value.longValue() & MASK_63;
        }
        return g;
    }
}
