package dev.d1export.spi.internal;

import java.time.Duration;
import java.util.Locale;

/** Converters from option strings to typed values. */
public final class ValueParsers {

    private ValueParsers() {
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
     * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601, or bare seconds.
     *
     * @param value the text
     * @return a non-negative duration
     */
    public static Duration parseDuration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        Duration d;
        if (v.startsWith("p")) {
            d = Duration.parse(value.toUpperCase(Locale.ROOT));
        } else if (v.endsWith("ms")) {
            d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
        } else if (v.endsWith("s")) {
            d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
        } else if (v.endsWith("m")) {
            d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()) * 60);
        } else if (v.endsWith("h")) {
            d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
        } else if (v.endsWith("d")) {
            d = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1).trim()));
        } else {
            d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return d;
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
     * Finds an enum constant by its option spelling, case-insensitively.
     *
     * @param type  the enum
     * @param value the text
     * @param <E>   the enum type
     * @return the constant
     */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (enumName(constant).equalsIgnoreCase(value) || constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
