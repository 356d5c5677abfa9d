package dev.d1export.sqlite.internal;

/**
 * The decimal ECMAScript's Number::toString prints for a positive finite double: the fewest significant digits that
 * read back as the same double, and among those the one closest to the double's exact value, the even one when two
 * are equally close. The value is {@code significand × 10^exponent}, the significand without trailing zeros.
 *
 * <p>Found with Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020), written here from the
 * paper: with k chosen so that the rounding interval of v is narrower than 10^(k+1), v·10^-k and the two interval
 * ends are computed (round-to-odd, from one 126-bit approximation of 10^-k, exact enough to compare against integers),
 * then the one multiple of 10 in the interval if there is one (a digit shorter), else the integer s = ⌊v·10^-k⌋ or
 * s + 1 that is in it, the closer when both are. Unlike Java's {@code Double.toString} (JDK 19 and later), which keeps
 * at least two digits for tiny subnormals ({@code 4.9E-324}), this is always the shortest ({@code 5e-324}), as
 * JavaScript prints.
 *
 * @param significand the digits, without trailing zeros (1 to 17 digits)
 * @param exponent    the power of ten the significand is scaled by
 */
record ShortestDecimal(long significand, int exponent) {

    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << 52;
    private static final long T_MASK = C_MIN - 1;
    private static final long MASK_63 = (1L << 63) - 1;

    /**
     * The shortest decimal of a double.
     *
     * @param v a positive finite double
     * @return its shortest, closest decimal
     * @throws IllegalArgumentException if {@code v} is not positive and finite
     */
    static ShortestDecimal of(double v) {
        if (!(v > 0 && v <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("Not a positive finite double: " + v);
        }
        long bits = Double.doubleToRawLongBits(v);
        int biasedExponent = (int) (bits >>> 52);
        long c;
        int q;
        if (biasedExponent != 0) {
            c = C_MIN | (bits & T_MASK);
            q = biasedExponent - 1075;
        } else {
            c = bits & T_MASK;
            q = Q_MIN;
        }
        return of(q, c);
    }

    /** v = c·2^q; every quantity below ending in b is scaled by 4 so that the interval ends are integers. */
    private static ShortestDecimal of(int q, long c) {
        // An interval end reads back as v only when c is even (ties go to the even significand).
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = Pow10Approximations.flog10pow2(q);
        } else {
            // At a power of two the next double down is half as far away as the next one up.
            cbl = cb - 1;
            k = Pow10Approximations.flog10threeQuartersPow2(q);
        }
        int h = q + Pow10Approximations.flog2pow10(-k) + 2;
        long g1 = Pow10Approximations.g1(k);
        long g0 = Pow10Approximations.g0(k);
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);

        long s = vb >> 2;
        // The interval is narrower than 10 units, so at most one multiple of 10 lies in it: a digit shorter.
        long sp10 = s / 10 * 10;
        long tp10 = sp10 + 10;
        boolean upIn = vbl + out <= sp10 << 2;
        boolean wpIn = (tp10 << 2) + out <= vbr;
        if (upIn != wpIn) {
            return stripped(upIn ? sp10 : tp10, k);
        }
        // It is at least one unit wide, so s or s + 1 lies in it; when both do, the closer one, even on a tie.
        long t = s + 1;
        boolean uIn = vbl + out <= s << 2;
        boolean wIn = (t << 2) + out <= vbr;
        if (uIn != wIn) {
            return stripped(uIn ? s : t, k);
        }
        long cmp = vb - ((s + t) << 1);
        return stripped(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k);
    }

    /**
     * ⌊g·cp / 2^127⌋ with its lowest bit set when the fraction dropped is not zero (round to odd), which keeps
     * comparisons with integers exact (paper, section 9).
     */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    private static ShortestDecimal stripped(long f, int e) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        return new ShortestDecimal(f, e);
    }
}
