package dev.d1export.sqlite.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The reference for {@link JsNumberFormat}: the BigDecimal implementation the provider used before
 * {@link ShortestDecimal}, kept verbatim in test code so the fast path can be compared against it on millions of
 * doubles. Prints a double exactly as JavaScript's {@code Number.prototype.toString()} does (ECMA-262 Number::toString): the
 * shortest digits that read back as the same double (the closest such digits when several have that length), plain
 * notation for magnitudes in [1e-6, 1e21), exponent notation ({@code 1e+21}, {@code 1.5e-7}) outside it,
 * {@code -0} as {@code 0}, and {@code Infinity}, {@code -Infinity}, {@code NaN}.
 *
 * <p>Why not {@link Double#toString(double)} alone: before Java 19 it sometimes gives more digits than needed
 * (JDK-4511638, e.g. {@code 2.0E-3} is fine but some 16/17-digit results have a shorter form) and for subnormals it
 * gives digits JavaScript does not ({@code 4.9E-324} where JavaScript prints {@code 5e-324}).
 * The digits here come from a proven path: a Java result of at most 15 significant digits is already the shortest,
 * because two different decimals of at most 15 digits never read as the same double (DBL_DIG = 15); anything longer is
 * decided exactly with {@link BigDecimal}: the closest 15-, then 16-, then 17-digit decimal that reads back.
 * Stateless and thread-safe.
 */
final class BigDecimalJsNumberFormat {

    private static final double TWO_POW_53 = 9007199254740992.0;
    private static final MathContext[] PRECISION = new MathContext[18];

    static {
        for (int p = 1; p < PRECISION.length; p++) {
            PRECISION[p] = new MathContext(p, RoundingMode.HALF_EVEN);
        }
    }

    private BigDecimalJsNumberFormat() {
    }

    /**
     * The JavaScript string of a double.
     *
     * @param value any double
     * @return what {@code String(value)} gives in JavaScript
     */
    static String toJsString(double value) {
        StringBuilder sb = new StringBuilder(24);
        append(value, sb);
        return sb.toString();
    }

    /**
     * Appends the JavaScript string of a double.
     *
     * @param value any double
     * @param sb    where to append
     */
    static void append(double value, StringBuilder sb) {
        if (value != value) {
            sb.append("NaN");
            return;
        }
        if (value == Double.POSITIVE_INFINITY) {
            sb.append("Infinity");
            return;
        }
        if (value == Double.NEGATIVE_INFINITY) {
            sb.append("-Infinity");
            return;
        }
        if (value == 0) {
            sb.append('0');
            return;
        }
        double abs = value;
        if (value < 0) {
            sb.append('-');
            abs = -value;
        }
        if (abs < TWO_POW_53 && abs == Math.rint(abs)) {
            // Integral and exact as a long: the digits are the integer itself.
            sb.append((long) abs);
            return;
        }
        Digits d = shortestDigits(abs);
        layout(d.digits, d.pointPosition, sb);
    }

    /** Significant digits {@code s} (no leading or trailing zeros) and {@code n}: the value is 0.s × 10^n. */
    record Digits(String digits, int pointPosition) {
    }

    /**
     * The shortest significant digits that read back as this positive, finite double, closest to it when several
     * candidates of that length do (ties to an even last digit).
     *
     * @param abs a positive finite double
     * @return the digits and the decimal point position
     */
    static Digits shortestDigits(double abs) {
        boolean subnormal = abs < Double.MIN_NORMAL;
        if (!subnormal) {
            Digits fromJava = parseJavaString(Double.toString(abs));
            if (fromJava.digits.length() <= 15) {
                return fromJava;
            }
        }
        // Subnormals have fewer than 15 significant digits of precision, so the search starts at one digit there.
        BigDecimal exact = new BigDecimal(abs);
        for (int p = subnormal ? 1 : 15; p < 17; p++) {
            BigDecimal closest = exact.round(PRECISION[p]);
            if (closest.doubleValue() == abs) {
                return of(closest);
            }
            // The closest p-digit decimal falls outside the rounding interval; the one on the other side of the value
            // may still be inside it (the interval is lopsided at powers of two).
            BigDecimal other = closest.compareTo(exact) < 0 ? closest.add(closest.ulp()) : nextDown(closest);
            if (other.doubleValue() == abs) {
                return of(other);
            }
        }
        return of(exact.round(PRECISION[17]));
    }

    /** The next decimal of the same precision below {@code c}, also when {@code c} is a power of ten. */
    private static BigDecimal nextDown(BigDecimal c) {
        BigDecimal step = c.ulp();
        BigDecimal stripped = c.stripTrailingZeros();
        if (stripped.unscaledValue().equals(java.math.BigInteger.ONE)) {
            step = step.movePointLeft(1);
        }
        return c.subtract(step);
    }

    private static Digits of(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        // value = digits × 10^(-scale) = 0.digits × 10^(len - scale)
        return new Digits(digits, digits.length() - stripped.scale());
    }

    /** Reads Java's {@code 123.45} / {@code 1.2345E-7} forms into digits and point position. */
    static Digits parseJavaString(String s) {
        int e = s.indexOf('E');
        int exp = 0;
        String mantissa = s;
        if (e >= 0) {
            exp = Integer.parseInt(s.substring(e + 1));
            mantissa = s.substring(0, e);
        }
        int dot = mantissa.indexOf('.');
        String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
        String fracPart = dot < 0 ? "" : mantissa.substring(dot + 1);
        String all = intPart + fracPart;
        int point = intPart.length() + exp;
        int start = 0;
        while (start < all.length() - 1 && all.charAt(start) == '0') {
            start++;
            point--;
        }
        int end = all.length();
        while (end > start + 1 && all.charAt(end - 1) == '0') {
            end--;
        }
        return new Digits(all.substring(start, end), point);
    }

    /** ECMA-262 Number::toString layout of digits {@code s} (k of them) with the value 0.s × 10^n. */
    static void layout(String s, int n, StringBuilder sb) {
        int k = s.length();
        if (k <= n && n <= 21) {
            sb.append(s);
            for (int i = k; i < n; i++) {
                sb.append('0');
            }
        } else if (0 < n && n <= 21) {
            sb.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.");
            for (int i = n; i < 0; i++) {
                sb.append('0');
            }
            sb.append(s);
        } else {
            int e = n - 1;
            sb.append(s.charAt(0));
            if (k > 1) {
                sb.append('.').append(s, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
