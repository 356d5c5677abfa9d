package dev.d1export.sqlite.internal;

import java.nio.charset.StandardCharsets;

/**
 * Prints a double exactly as JavaScript's {@code Number.prototype.toString()} does (ECMA-262 Number::toString): the
 * shortest digits that read back as the same double (the closest such digits when several have that length, the even
 * one on a tie), plain notation for magnitudes in [1e-6, 1e21), exponent notation ({@code 1e+21}, {@code 1.5e-7})
 * outside it, {@code -0} as {@code 0}, and {@code Infinity}, {@code -Infinity}, {@code NaN}.
 *
 * <p>Why not {@link Double#toString(double)}: before Java 19 it sometimes gives more digits than needed (JDK-4511638),
 * and for tiny subnormals every version gives digits JavaScript does not ({@code 4.9E-324} where JavaScript prints
 * {@code 5e-324}). The digits come from {@link ShortestDecimal}; the text is written straight into a byte array,
 * as the dump's inner loop needs. Stateless and thread-safe.
 */
public final class JsNumberFormat {

    /** The longest text a double prints as: {@code -0.0000012345678901234567} (25 characters). */
    static final int MAX_LENGTH = 25;

    private static final double TWO_POW_53 = 9007199254740992.0;
    private static final byte[] NAN = ascii("NaN");
    private static final byte[] INFINITY = ascii("Infinity");
    private static final byte[] MINUS_INFINITY = ascii("-Infinity");

    private JsNumberFormat() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The JavaScript string of a double.
     *
     * @param value any double
     * @return what {@code String(value)} gives in JavaScript
     */
    public static String toJsString(double value) {
        byte[] buf = new byte[MAX_LENGTH];
        int n = write(value, buf, 0);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Appends the JavaScript string of a double.
     *
     * @param value any double
     * @param sb    where to append
     */
    public static void append(double value, StringBuilder sb) {
        byte[] buf = new byte[MAX_LENGTH];
        int n = write(value, buf, 0);
        for (int i = 0; i < n; i++) {
            sb.append((char) buf[i]);
        }
    }

    /**
     * Writes the JavaScript string of a double as ASCII bytes.
     *
     * @param value any double
     * @param buf   where to write; room for {@link #MAX_LENGTH} bytes from {@code pos}
     * @param pos   where the first byte goes
     * @return the index after the last byte written
     */
    static int write(double value, byte[] buf, int pos) {
        if (value != value) {
            return copy(NAN, buf, pos);
        }
        if (value == Double.POSITIVE_INFINITY) {
            return copy(INFINITY, buf, pos);
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return copy(MINUS_INFINITY, buf, pos);
        }
        if (value == 0) {
            buf[pos] = '0';
            return pos + 1;
        }
        double abs = value;
        if (value < 0) {
            buf[pos++] = '-';
            abs = -value;
        }
        if (abs < TWO_POW_53 && abs == Math.rint(abs)) {
            // Integral and exact as a long: the digits are the integer itself.
            return AsciiDigits.write((long) abs, buf, pos);
        }
        ShortestDecimal d = ShortestDecimal.of(abs);
        return layout(d.significand(), d.exponent(), buf, pos);
    }

    private static int copy(byte[] text, byte[] buf, int pos) {
        System.arraycopy(text, 0, buf, pos, text.length);
        return pos + text.length;
    }

    /**
     * ECMA-262 Number::toString layout of {@code significand × 10^exponent}: with s its k digits and n the decimal
     * point position (the value is 0.s × 10^n).
     */
    static int layout(long significand, int exponent, byte[] buf, int pos) {
        int k = AsciiDigits.count(significand);
        int n = k + exponent;
        if (k <= n && n <= 21) {
            AsciiDigits.writeBackwards(significand, buf, pos + k);
            int end = pos + n;
            for (int i = pos + k; i < end; i++) {
                buf[i] = '0';
            }
            return end;
        }
        if (0 < n && n <= 21) {
            AsciiDigits.writeBackwards(significand, buf, pos + k);
            System.arraycopy(buf, pos + n, buf, pos + n + 1, k - n);
            buf[pos + n] = '.';
            return pos + k + 1;
        }
        if (-6 < n && n <= 0) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = n; i < 0; i++) {
                buf[pos++] = '0';
            }
            AsciiDigits.writeBackwards(significand, buf, pos + k);
            return pos + k;
        }
        // d[.ddd]e±x: the digits are written one place to the right, then the first moves in front of the point.
        AsciiDigits.writeBackwards(significand, buf, pos + 1 + k);
        buf[pos] = buf[pos + 1];
        int end = pos + 1;
        if (k > 1) {
            buf[pos + 1] = '.';
            end = pos + 1 + k;
        }
        int e = n - 1;
        buf[end++] = 'e';
        buf[end++] = (byte) (e < 0 ? '-' : '+');
        return AsciiDigits.write(Math.abs(e), buf, end);
    }
}
