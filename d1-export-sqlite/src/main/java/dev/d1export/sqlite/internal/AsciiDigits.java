package dev.d1export.sqlite.internal;

/**
 * Writes non-negative whole numbers as ASCII decimal digits straight into a byte array, two digits per step from a
 * 200-byte table (no {@link String} in between). Stateless and thread-safe.
 */
final class AsciiDigits {

    /** "00" to "99": the tens digit of n at 2n, the units digit at 2n + 1. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private AsciiDigits() {
    }

    /**
     * How many decimal digits a number has.
     *
     * @param v a number, at least 0
     * @return 1 to 19
     */
    static int count(long v) {
        int n = 1;
        for (long p = 10; n < 19 && v >= p; p *= 10) {
            n++;
        }
        return n;
    }

    /**
     * Writes the digits of {@code v} so that the last one lands just before {@code end}.
     *
     * @param v   a number, at least 0
     * @param buf where to write; room for {@link #count(long)} digits before {@code end}
     * @param end the index after the last digit
     */
    static void writeBackwards(long v, byte[] buf, int end) {
        int i = end;
        while (v >= 100) {
            long quotient = v / 100;
            int pair = (int) (v - quotient * 100) << 1;
            v = quotient;
            buf[--i] = PAIRS[pair + 1];
            buf[--i] = PAIRS[pair];
        }
        int pair = (int) v << 1;
        buf[--i] = PAIRS[pair + 1];
        if (v >= 10) {
            buf[--i] = PAIRS[pair];
        }
    }

    /**
     * Writes a number, with a minus sign when negative.
     *
     * @param v   any long
     * @param buf where to write; room for 20 bytes from {@code pos}
     * @param pos where the first byte goes
     * @return the index after the last byte written
     */
    static int write(long v, byte[] buf, int pos) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                // Its magnitude is not a long; 9223372036854775808 = 922337203685477580 * 10 + 8.
                buf[pos++] = '-';
                writeBackwards(922_337_203_685_477_580L, buf, pos + 18);
                buf[pos + 18] = '8';
                return pos + 19;
            }
            buf[pos++] = '-';
            v = -v;
        }
        int end = pos + count(v);
        writeBackwards(v, buf, end);
        return end;
    }
}
