package dev.d1export.http.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * A wait a server asked for, as people read it ({@code 750 ms}, {@code 2.5 s}, {@code 4 min 10 s},
 * {@code 638869 h 59 min}), in the form the command's own hints use. A {@code Retry-After} date is seldom a round
 * number of seconds away, and neither its milliseconds nor {@code 2299932083207ms} say anything useful.
 */
final class WaitText {

    private WaitText() {
    }

    /**
     * The text of a wait.
     *
     * @param wait the wait, not negative
     * @return the text
     */
    static String of(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
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
}
