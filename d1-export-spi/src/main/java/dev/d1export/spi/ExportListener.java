package dev.d1export.spi;

/**
 * Receives an export's {@link ExportEvent progress events}, in order, on the thread that runs the export. Keep it
 * quick. An exception thrown by a listener is not swallowed: it aborts the export and reaches the caller.
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
