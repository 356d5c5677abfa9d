package dev.d1export.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortestDecimal} (through {@link JsNumberFormat}) against the BigDecimal path it replaced
 * ({@link BigDecimalJsNumberFormat}), on hundreds of thousands of doubles (millions on demand) chosen where digit algorithms break: every exponent,
 * subnormals (the smallest exhaustively), powers of two and their neighbours, integers around 2^53 and beyond,
 * short decimals, magnitudes near the layout changes at 1e-6 and 1e21, and the provider's own kind of reals. Also
 * the algorithm's building blocks: the floor-logarithm approximations and the table of powers of ten.
 */
class ShortestDecimalTest {

    private static final long EXPONENT_BITS = 0x7FF0000000000000L;

    /** A double needs |e| up to 1,100 or so; each floor is checked with exact integer comparisons. */
    @Test
    void logarithmApproximationsAreExactOverTheRangeUsed() {
        for (int e = -1500; e <= 1500; e++) {
            int m = Pow10Approximations.flog10pow2(e);
            assertThat(compare(1, 1, e, m)).as("10^%d <= 2^%d", m, e).isGreaterThanOrEqualTo(0);
            assertThat(compare(1, 1, e, m + 1)).as("2^%d < 10^%d", e, m + 1).isNegative();
            m = Pow10Approximations.flog10threeQuartersPow2(e);
            assertThat(compare(3, 4, e, m)).as("10^%d <= 3/4 2^%d", m, e).isGreaterThanOrEqualTo(0);
            assertThat(compare(3, 4, e, m + 1)).as("3/4 2^%d < 10^%d", e, m + 1).isNegative();
            m = Pow10Approximations.flog2pow10(e);
            assertThat(compare(1, 1, m, e)).as("2^%d <= 10^%d", m, e).isLessThanOrEqualTo(0);
            assertThat(compare(1, 1, m + 1, e)).as("2^%d > 10^%d", m + 1, e).isPositive();
        }
    }

    @Test
    void powerOfTenApproximationsAreJustAboveTheExactValue() {
        for (int k = Pow10Approximations.K_MIN; k <= Pow10Approximations.K_MAX; k++) {
            BigInteger g = Pow10Approximations.g(k);
            assertThat(g.bitLength()).as("g(%d) in [2^125, 2^126)", k).isEqualTo(126);
            int r = Pow10Approximations.flog2pow10(-k) - 125;
            BigDecimal scale = pow(BigDecimal.valueOf(2), r);
            BigDecimal exact = pow(BigDecimal.TEN, -k);
            assertThat(new BigDecimal(g.subtract(BigInteger.ONE)).multiply(scale).compareTo(exact))
                    .as("(g-1)·2^r <= 10^-k for k=%d", k).isLessThanOrEqualTo(0);
            assertThat(new BigDecimal(g).multiply(scale).compareTo(exact)).as("g·2^r > 10^-k for k=%d", k).isPositive();
        }
    }

    @Test
    void knownShortestForms() {
        assertThat(ShortestDecimal.of(Double.MIN_VALUE)).isEqualTo(new ShortestDecimal(5, -324));
        assertThat(ShortestDecimal.of(2 * Double.MIN_VALUE)).isEqualTo(new ShortestDecimal(1, -323));
        assertThat(ShortestDecimal.of(20 * Double.MIN_VALUE)).isEqualTo(new ShortestDecimal(1, -322));
        assertThat(ShortestDecimal.of(Double.MAX_VALUE)).isEqualTo(new ShortestDecimal(17976931348623157L, 292));
        assertThat(ShortestDecimal.of(Double.MIN_NORMAL)).isEqualTo(new ShortestDecimal(22250738585072014L, -324));
        assertThat(ShortestDecimal.of(0.1)).isEqualTo(new ShortestDecimal(1, -1));
        assertThat(ShortestDecimal.of(0.1 + 0.2)).isEqualTo(new ShortestDecimal(30000000000000004L, -17));
        assertThat(ShortestDecimal.of(2e23)).isEqualTo(new ShortestDecimal(2, 23));
        assertThat(ShortestDecimal.of(1000)).isEqualTo(new ShortestDecimal(1, 3));
        assertThat(ShortestDecimal.of(9007199254740993.0)).isEqualTo(new ShortestDecimal(9007199254740992L, 0));
        assertThatThrownBy(() -> ShortestDecimal.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShortestDecimal.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShortestDecimal.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShortestDecimal.of(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Runs the comparison on all 2.4 million doubles instead of a quarter of them:
     * {@code mvn -pl d1-export-sqlite verify -Dd1export.shortestDecimal.full=true} (about four times as long; worth
     * it after changing {@link ShortestDecimal} or {@link Pow10Approximations}).
     */
    static final String FULL_PROPERTY = "d1export.shortestDecimal.full";

    /**
     * About 600,000 doubles by default, 2.4 million with {@link #FULL_PROPERTY}, compared on all cores (the reference
     * takes microseconds per value and tens of them per subnormal, hence the mix below). Every category is present
     * in both runs: the random ones are a quarter as long (the same values: each is a prefix of the full run's
     * stream), the windows around integers a quarter as wide, the exhaustive ones (smallest subnormals, powers of two
     * and their neighbours) complete.
     */
    @Test
    void matchesTheBigDecimalPathOnEveryCategoryOfHardDoubles() {
        boolean full = Boolean.getBoolean(FULL_PROPERTY);
        int scale = full ? 4 : 1;
        SplittableRandom seeds = new SplittableRandom(20240611L);
        LongStream.Builder all = LongStream.builder();
        // Any bit pattern, and reals as the provider meets them (random()/1e6: 16-17 digits).
        random(all, seeds.split(), 75_000 * scale, SplittableRandom::nextLong);
        random(all, seeds.split(), 250_000 * scale, r -> Double.doubleToRawLongBits(r.nextLong() / 1e6));
        // Every exponent equally: random significand bits under each biased exponent 0..2046.
        random(all, seeds.split(), 50_000 * scale,
                r -> ((long) r.nextInt(2047) << 52) | (r.nextLong() & 0xFFFFFFFFFFFFFL));
        // Subnormals: the smallest 2,000 exhaustively, then random ones.
        LongStream.rangeClosed(1, 2_000).forEach(all);
        random(all, seeds.split(), 1_250 * scale, r -> r.nextLong(1, 1L << 52));
        // Powers of two, each with its three neighbours on either side (the lopsided interval).
        for (long e = 1; e <= 2046; e++) {
            for (int d = -3; d <= 3; d++) {
                all.add((e << 52) + d);
            }
        }
        // Integers around 2^53, 2^54, 2^63 and 2^64, and around powers of ten from 1e15 to 1e22.
        int window = 1_250 * scale;
        for (double base : new double[] {0x1p53, 0x1p54, 0x1p63, 0x1p64, 1e15, 1e16, 1e17, 1e18, 1e21, 1e22}) {
            long bits = Double.doubleToRawLongBits(base);
            LongStream.rangeClosed(bits - window, bits + window).forEach(all);
        }
        // Short decimals (the reference's at-most-15-digit path), and magnitudes around the layout changes at 1e-6
        // and 1e21.
        random(all, seeds.split(), 150_000 * scale, r -> Double.doubleToRawLongBits(Double.parseDouble(
                r.nextLong(1, (long) Math.pow(10, r.nextInt(1, 16))) + "e" + r.nextInt(-330, 310))));
        random(all, seeds.split(), 50_000 * scale, r -> Double.doubleToRawLongBits(
                (1 + r.nextDouble()) * (r.nextBoolean() ? 1e-7 : 1e20) * (1 + r.nextInt(20))));
        long[] patterns = all.build().filter(bits -> (bits & EXPONENT_BITS) != EXPONENT_BITS).toArray();

        List<String> mismatches = Arrays.stream(patterns).parallel().mapToObj(bits -> {
            double d = Double.longBitsToDouble(bits);
            String expected = BigDecimalJsNumberFormat.toJsString(d);
            String actual = JsNumberFormat.toJsString(d);
            return expected.equals(actual) ? null : Long.toHexString(bits) + ": expected " + expected + " got " + actual;
        }).filter(Objects::nonNull).limit(20).collect(Collectors.toList());
        assertThat(mismatches).isEmpty();
        assertThat(patterns.length).isGreaterThan(full ? 2_400_000 : 600_000);
    }

    private static void random(LongStream.Builder all, SplittableRandom random, int count,
            ToLongFunction<SplittableRandom> next) {
        for (int i = 0; i < count; i++) {
            all.add(next.applyAsLong(random));
        }
    }

    /** The sign of num/den·2^a − 10^b, in integers: both sides multiplied by den·2^max(−a,0)·10^max(−b,0). */
    private static int compare(long num, long den, int a, int b) {
        BigInteger left = BigInteger.valueOf(num).shiftLeft(Math.max(a, 0)).multiply(BigInteger.TEN.pow(Math.max(-b, 0)));
        BigInteger right = BigInteger.valueOf(den).multiply(BigInteger.TEN.pow(Math.max(b, 0)))
                .shiftLeft(Math.max(-a, 0));
        return left.compareTo(right);
    }

    private static BigDecimal pow(BigDecimal base, int e) {
        return e >= 0 ? base.pow(e) : BigDecimal.ONE.divide(base.pow(-e));
    }
}
