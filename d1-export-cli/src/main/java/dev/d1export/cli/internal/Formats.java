package dev.d1export.cli.internal;

import java.time.Duration;
import java.util.Locale;

/** Sizes, durations and rates for people: {@code 1.5 MiB}, {@code 4.2 s}, {@code 2.1 MiB/s}. */
public final class Formats {

    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    private Formats() {
    }

    /**
     * A byte count in binary units, e.g. {@code 812 bytes}, {@code 1.5 KiB}, {@code 3.0 GiB}.
     *
     * @param bytes the count
     * @return the text
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /**
     * A duration, e.g. {@code 312 ms}, {@code 4.2 s}, {@code 3 min 05 s}, {@code 1 h 02 min}.
     *
     * @param duration the duration
     * @return the text
     */
    public static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        // Rounded to what is shown before the unit is chosen, so that 59.97 s is "1 min 00 s", not "60.0 s".
        if (millis < 59_950) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = (millis + 500) / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        long minutes = (seconds + 30) / 60;
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    /**
     * A transfer rate, e.g. {@code 2.1 MiB/s}.
     *
     * @param bytes  bytes moved
     * @param nanos  in how long, in nanoseconds
     * @return the text, or {@code ?/s} when no time has passed
     */
    public static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return "?/s";
        }
        return bytes((long) (bytes * 1e9 / nanos)) + "/s";
    }
}
