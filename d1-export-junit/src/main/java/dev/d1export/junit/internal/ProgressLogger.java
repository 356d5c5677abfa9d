package dev.d1export.junit.internal;

import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import java.lang.System.Logger.Level;

/** Sends an export's progress events to the {@code System.Logger} of the extension. */
final class ProgressLogger implements ExportListener {

    private final System.Logger log;
    private final String snapshot;

    ProgressLogger(System.Logger log, String snapshot) {
        this.log = log;
        this.snapshot = snapshot;
    }

    @Override
    public void onEvent(ExportEvent event) {
        if (event instanceof ExportEvent.Started started) {
            log.log(Level.DEBUG, () -> "Snapshot " + snapshot + ": " + started.provider() + " started on "
                    + started.source());
        } else if (event instanceof ExportEvent.ServerMessage message) {
            // The server's own log lines (several per export): detail, not news, in a test run's output.
            log.log(Level.DEBUG, () -> "Snapshot " + snapshot + ": " + message.message());
        } else if (event instanceof ExportEvent.Poll poll) {
            log.log(Level.DEBUG, () -> "Snapshot " + snapshot + ": poll " + poll.number() + " " + poll.status()
                    + " after " + poll.elapsed().toMillis() + " ms");
        } else if (event instanceof ExportEvent.Retry retry) {
            log.log(Level.INFO, () -> "Snapshot " + snapshot + ": attempt " + retry.attempt() + " failed ("
                    + retry.reason() + "), retrying in " + retry.delay().toMillis() + " ms");
        } else if (event instanceof ExportEvent.DownloadProgress progress) {
            log.log(Level.TRACE, () -> "Snapshot " + snapshot + ": " + progress.bytes() + " bytes"
                    + (progress.totalBytes() < 0 ? "" : " of " + progress.totalBytes()));
        } else if (event instanceof ExportEvent.Warning warning) {
            log.log(Level.WARNING, () -> "Snapshot " + snapshot + ": " + warning.message());
        } else if (event instanceof ExportEvent.Finished finished) {
            log.log(Level.DEBUG, () -> "Snapshot " + snapshot + ": finished, " + finished.result().bytes()
                    + " bytes");
        }
    }
}
