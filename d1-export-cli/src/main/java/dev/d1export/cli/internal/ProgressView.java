package dev.d1export.cli.internal;

import dev.d1export.spi.ExportListener;

/** Shows an export's events as they happen; {@link #close()} leaves the terminal clean for what follows. */
public interface ProgressView extends ExportListener {

    /** Shows nothing ({@code --quiet}). */
    ProgressView SILENT = event -> { };

    /** Removes any transient status line; called after the export, on success and on failure. */
    default void close() {
    }

    /**
     * Prints lines that are not events (a provider's log record) where they do not garble the view: above a live
     * status line. Views that print nothing ignore them.
     *
     * @param text the lines, already cleaned for the terminal
     */
    default void printAbove(String text) {
    }
}
