package dev.d1export.cli.internal;

import dev.d1export.spi.ExportOption;
import dev.d1export.spi.InvalidOptionException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --timeout}: the same duration grammar as every d1-export option ({@code 500ms}, {@code 30s}, {@code 5m}, {@code PT1H}). */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final ExportOption<Duration> FORMAT = ExportOption.duration("timeout");

    /** Creates the converter; picocli calls this. */
    public DurationConverter() {
    }

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = FORMAT.convert(value);
        } catch (InvalidOptionException e) {
            if (isNegative(value)) {
                // "is not a duration" would send the user looking for a wrong unit when the sign is the mistake.
                throw new TypeConversionException("'" + value + "' is negative: --timeout must be positive");
            }
            throw new TypeConversionException("'" + value + "' is not a duration: expected " + FORMAT.expected());
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is not a positive duration");
        }
        if (duration.compareTo(Duration.ofMillis(1)) < 0) {
            // No export, not even the CLI's start, finishes within a millisecond: such a value is a slip (0.5ms for
            // 0.5s), refused here rather than failing every run as a timeout.
            throw new TypeConversionException("'" + value + "' is less than 1ms; give at least 1ms");
        }
        return duration;
    }

    /**
     * Whether a value the duration grammar refused is a duration with a minus sign: before it ({@code -5s},
     * {@code -PT5S}) or, in the ISO form, inside it ({@code PT-5S}), which the grammar refuses as negative.
     */
    private static boolean isNegative(String value) {
        String v = value.strip();
        if (v.startsWith("-") && parses(v.substring(1))) {
            return true;
        }
        return v.regionMatches(true, 0, "P", 0, 1) && v.indexOf('-') > 0 && parses(v.replace("-", ""));
    }

    private static boolean parses(String value) {
        try {
            FORMAT.convert(value);
            return true;
        } catch (InvalidOptionException e) {
            return false;
        }
    }
}
