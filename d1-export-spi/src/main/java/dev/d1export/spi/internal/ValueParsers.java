package dev.d1export.spi.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Converters from option strings to typed values. */
public final class ValueParsers {

    /** Plain decimal notation: digits, an optional fraction and exponent. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** A seconds fraction with a non-zero digit after the ninth: finer than a nanosecond. */
    private static final Pattern FINER_THAN_NANOS = Pattern.compile("[.,][0-9]{9}[0-9]*[1-9]");
    /** Zeros after a seconds fraction's ninth digit, which {@link Duration#parse} refuses though they change nothing. */
    private static final Pattern ZEROS_AFTER_NANOS = Pattern.compile("([.,][0-9]{9})0+");
    private static final String FINER_THAN_NANOS_REASON =
            "it is not a whole number of nanoseconds, the finest a duration holds";

    /**
     * What a duration past the longest a {@link Duration} holds (about 292 billion years) is read as: the longest.
     * Such a text is a duration all the same, and for a request's timeout a very long one means no deadline, while an
     * option with a bound still names its bound and the value as written.
     */
    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final java.math.BigDecimal BILLION = java.math.BigDecimal.valueOf(1_000_000_000L);

    /**
     * The parts of the ISO-8601 form {@link Duration#parse} reads, lower-cased and without a leading sign (which never
     * reaches it here): days, hours, minutes, and seconds with a fraction that takes the seconds' sign. Looser than
     * {@code Duration.parse} ({@code p} and {@code pt} match), as it is asked only about a text that
     * {@code Duration.parse} matched and then found a number in too large for a long.
     */
    private static final Pattern ISO = Pattern.compile(
            "p(?:([-+]?[0-9]+)d)?(?:t(?:([-+]?[0-9]+)h)?(?:([-+]?[0-9]+)m)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?s)?)?");

    private ValueParsers() {
    }

    /**
     * A value refused for a reason that messages may show as it is: the reason never contains the value (which may
     * be a secret given under the wrong name), only what is wrong with it.
     */
    public static final class Refusal extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates a refusal.
         *
         * @param reason what is wrong with the value, without the value
         */
        public Refusal(String reason) {
            super(reason);
        }
    }

    /**
     * Parses a boolean written as true/false, yes/no, on/off or 1/0.
     *
     * @param value the text
     * @return the boolean
     */
    public static Boolean parseBoolean(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return Boolean.TRUE;
            case "false": case "no": case "off": case "0":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException(value);
        }
    }

    /**
     * Parses a whole number in plain ASCII digits, as {@link #parseDecimal(String)} takes only those:
     * {@link Long#valueOf(String)} alone would also read other scripts' digits ({@code "١٢"} as 12).
     *
     * @param value the text
     * @return the number
     * @throws IllegalArgumentException if it is not a whole number that fits a {@code long}
     */
    public static Long parseWhole(String value) {
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a whole number");
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            // Digits alone, so the number is too large: said, as "expected a whole number" alone would puzzle.
            throw new Refusal(value.startsWith("-") ? "it is below the smallest whole number a value may be ("
                    + Long.MIN_VALUE + ")" : "it is past the largest whole number a value may be (" + Long.MAX_VALUE
                    + ")");
        }
    }

    /**
     * Parses a finite decimal number ({@code 1.5}, {@code 2}, {@code 1e1}). A number other than zero too small for a
     * {@code double} ({@code 1e-400}) is refused rather than read as zero, as a duration finer than a nanosecond is;
     * one that is merely less precise there ({@code 1e-320}, a subnormal) is read, as every decimal is rounded.
     *
     * @param value the text
     * @return the number
     * @throws IllegalArgumentException if it is not a finite number ({@link Refusal} with a reason to show)
     */
    public static Double parseDecimal(String value) {
        String v = value.trim();
        // Plain decimal notation only: Double.parseDouble would also take "0x1p3", "1.5d" and "NaN".
        if (!DECIMAL.matcher(v).matches()) {
            throw new IllegalArgumentException("not a decimal number");
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not finite");
        }
        // A non-zero digit before any exponent: the text is not zero, whatever the double reads.
        if (d == 0 && v.split("[eE]", 2)[0].chars().anyMatch(c -> c >= '1' && c <= '9')) {
            throw new Refusal("it is not zero but too close to zero for a decimal number, which would read it as 0");
        }
        return d;
    }

    /**
     * Parses a decimal number with a unit ({@code 500ms}, {@code 1.5s}, {@code 5m}, {@code 2h}, {@code 1d}), an
     * ISO-8601 duration ({@code PT30S}), or a bare number of seconds. A value finer than a nanosecond
     * ({@code 0.0000000001s}) is refused in every form, never rounded (to zero, or to another value).
     *
     * @param value the text
     * @return a non-negative duration
     * @throws IllegalArgumentException if it is not such a duration ({@link Refusal} with a reason to show)
     */
    public static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.chars().allMatch(c -> c < 0x80)) {
            // Upper-casing for Duration.parse would read the long s (U+017F) as S: only ASCII names a unit.
            throw new IllegalArgumentException("not ASCII");
        }
        if (v.startsWith("p")) {
            if (FINER_THAN_NANOS.matcher(v).find()) {
                // Duration.parse refuses it too, but saying why, as the unit forms do.
                throw new Refusal(FINER_THAN_NANOS_REASON);
            }
            // Trailing zeros past the ninth digit are accepted, as the unit forms accept 1.1234567890s.
            String iso = ZEROS_AFTER_NANOS.matcher(v).replaceAll("$1");
            Duration d;
            try {
                d = Duration.parse(iso.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // The text has the ISO form, but a part or a partial sum is past what a long holds, which says
                // nothing of the total: P106751991167301DT-1S is past the longest, P106751991167301DT-30593S is
                // Long.MAX_VALUE seconds exactly, P-106751991167301DT1S is negative. Only the exact total tells.
                java.math.BigDecimal nanos = (e.getCause() instanceof ArithmeticException
                        || e.getCause() instanceof NumberFormatException) ? isoNanos(iso) : null;
                if (nanos == null) {
                    throw e;
                }
                if (nanos.signum() < 0) {
                    throw new IllegalArgumentException("negative");
                }
                return ofNanos(nanos);
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        }
        long unitNanos;
        String number;
        if (v.endsWith("ms")) {
            unitNanos = 1_000_000L;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unitNanos = 1_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("d")) {
            unitNanos = 86_400_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else {
            unitNanos = 1_000_000_000L;
            number = v;
        }
        // Plain decimal digits only: rejects NaN, Infinity, hex and exponent forms.
        if (!number.trim().matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException(value);
        }
        java.math.BigDecimal nanos = new java.math.BigDecimal(number.trim())
                .multiply(java.math.BigDecimal.valueOf(unitNanos));
        if (nanos.signum() != 0 && nanos.stripTrailingZeros().scale() > 0) {
            // As the ISO form refuses a tenth fraction digit: cutting it off would turn 0.0000000001s into zero, a
            // value that options read as "none" or refuse for another reason, and 1.0000000001s into 1s.
            throw new Refusal(FINER_THAN_NANOS_REASON);
        }
        return ofNanos(nanos);
    }

    /** A non-negative whole number of nanoseconds as a duration: the longest when it is past that. */
    private static Duration ofNanos(java.math.BigDecimal nanos) {
        java.math.BigDecimal seconds = nanos.divideToIntegralValue(BILLION);
        if (seconds.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return LONGEST;
        }
        return Duration.ofSeconds(seconds.longValueExact(), nanos.remainder(BILLION).longValue());
    }

    /**
     * The exact total of an ISO-8601 duration, in nanoseconds, summed as {@link Duration#parse} sums it but without
     * its long arithmetic; {@code null} if the text is not of that form.
     */
    private static java.math.BigDecimal isoNanos(String iso) {
        java.util.regex.Matcher m = ISO.matcher(iso);
        if (!m.matches()) {
            return null;
        }
        java.math.BigDecimal seconds = java.math.BigDecimal.ZERO;
        long[] unitSeconds = {86_400, 3_600, 60, 1};
        for (int i = 0; i < unitSeconds.length; i++) {
            String part = m.group(i + 1);
            if (part != null) {
                seconds = seconds.add(new java.math.BigDecimal(part).multiply(
                        java.math.BigDecimal.valueOf(unitSeconds[i])));
            }
        }
        String fraction = m.group(5);
        if (fraction != null && !fraction.isEmpty()) {
            // The seconds' sign, as Duration.parse applies it: PT-0.5S is half a second less.
            java.math.BigDecimal part = new java.math.BigDecimal("0." + fraction);
            seconds = m.group(4).startsWith("-") ? seconds.subtract(part) : seconds.add(part);
        }
        return seconds.multiply(BILLION);
    }

    /**
     * The option spelling of an enum constant: lower case, {@code -} for {@code _}.
     *
     * @param constant the constant
     * @return e.g. {@code on-success}
     */
    public static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Finds an enum constant by its option spelling, or its name, in any ASCII case.
     *
     * @param type  the enum
     * @param value the text
     * @param <E>   the enum type
     * @return the constant
     */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        // ASCII case only: equalsIgnoreCase would also take letters that case-map to ASCII ones (U+017F LATIN SMALL
        // LETTER LONG S as 's', U+0131 dotless i as 'i', U+212A KELVIN SIGN as 'k'), as no unit or name may.
        String folded = asciiLowerCase(value);
        for (E constant : type.getEnumConstants()) {
            if (asciiLowerCase(enumName(constant)).equals(folded) || asciiLowerCase(constant.name()).equals(folded)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(value);
    }

    /** The text with A-Z lower-cased and every other character as it is. */
    private static String asciiLowerCase(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    /**
     * A duration as a duration option is written, in its largest whole unit ({@code 400ms}, {@code 90s},
     * {@code 10m}, {@code 2h}), or in milliseconds with a fraction when it is not a whole number of them
     * ({@code 0.0005ms}): never rounded, so a budget under 1 ms is not shown as {@code 0ms}.
     * {@link #parseDuration(String)} reads it back exactly.
     *
     * @param duration a non-negative duration
     * @return the text
     * @throws IllegalArgumentException if the duration is negative: no option reads such a text back
     */
    public static String formatDuration(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A negative duration is no option value: " + duration);
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (seconds == 0 || nanos != 0) {
            // Exact, through BigDecimal: toMillis() would cut 1.5 ms to 1 ms and overflow past 292 million years.
            java.math.BigDecimal millis = java.math.BigDecimal.valueOf(seconds).scaleByPowerOfTen(3)
                    .add(java.math.BigDecimal.valueOf(nanos, 6));
            return (millis.signum() == 0 ? "0" : millis.stripTrailingZeros().toPlainString()) + "ms";
        }
        if (seconds % 60 != 0) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        return minutes % 60 != 0 ? minutes + "m" : minutes / 60 + "h";
    }
}
