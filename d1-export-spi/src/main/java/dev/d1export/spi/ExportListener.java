package dev.d1export.spi;

/**
 * Receives an export's {@link ExportEvent progress events}, in order, on the thread that runs the export. Keep it
 * quick. An exception thrown by a listener aborts the export and reaches the caller (no file is written, a previous
 * one is untouched), on every event but the last, {@link ExportEvent.Finished}: that one is sent once the dump is in
 * place, so a {@link RuntimeException} thrown on it is logged ({@code WARNING}) and the export still returns its
 * result; an {@link Error} propagates. Providers deliver events through {@link ExportRequest#listener()}, which
 * applies this rule.
 */
@FunctionalInterface
public interface ExportListener {

    /** A listener that ignores every event. */
    ExportListener NONE = event -> { };

    /**
     * Called for each event.
     *
     * @param event the event
     */
    void onEvent(ExportEvent event);
}
