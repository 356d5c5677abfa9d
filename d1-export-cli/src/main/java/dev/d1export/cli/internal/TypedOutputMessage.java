package dev.d1export.cli.internal;

import dev.d1export.spi.DestinationException;

/**
 * A destination failure that quotes {@code -o}, with {@code -o} as the user typed it. The SPI names the destination
 * by its {@link java.nio.file.Path}, which drops a trailing separator and a doubled one: {@code -o backups//} read
 * {@code Cannot write backups/:}, {@code -o a//x.sql} read {@code Cannot write a/x.sql:}, names the user never
 * typed. The command's own messages quote {@code -o} as typed; so do these. The SPI's exception stays the cause, with
 * its own words, for {@code --verbose}.
 */
public final class TypedOutputMessage {

    private static final String PREFIX = "Cannot write ";

    private TypedOutputMessage() {
    }

    /**
     * The failure to report: a {@link DestinationException} whose message starts by quoting the destination as the
     * SPI shows it ({@code Cannot write <path>: ...}), as a new one quoting {@code typed} instead, with the same
     * details (hint included) and the SPI's exception as its cause; any other failure as it is.
     *
     * @param failure what the export threw
     * @param shown   the destination as the SPI's messages show it, or {@code null} for a stream destination
     * @param typed   {@code -o} as typed
     * @return the failure to report
     */
    public static Throwable inCommandWords(Throwable failure, String shown, String typed) {
        if (shown == null || shown.equals(typed) || failure == null
                || failure.getClass() != DestinationException.class) {
            return failure;
        }
        DestinationException refused = (DestinationException) failure;
        String quoted = PREFIX + shown + ": ";
        if (!refused.summary().startsWith(quoted)) {
            // Another file than -o (one the dump is written to inside a folder), or no path at all.
            return failure;
        }
        DestinationException translated = new DestinationException(PREFIX + typed + ": "
                + refused.summary().substring(quoted.length()), refused, refused.details());
        // Where the SPI threw it, not where the command caught it.
        translated.setStackTrace(refused.getStackTrace());
        return translated;
    }
}
