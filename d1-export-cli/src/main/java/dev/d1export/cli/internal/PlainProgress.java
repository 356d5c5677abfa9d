package dev.d1export.cli.internal;

import dev.d1export.spi.ExportEvent;
import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Progress for logs and pipes: one plain line per event, no control characters (a server's text goes through
 * {@link TerminalText}). Download progress, which can come thousands of times a second, is printed at most once a
 * second, plus its first and its completing event, and a count told twice in a row once; the last count is always
 * shown before the finished line.
 */
public final class PlainProgress implements ProgressView {

    private static final long DOWNLOAD_LINE_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private final LongSupplier nanoClock;
    private long lastDownloadLine;
    private boolean downloadShown;
    // A dump that comes after polls is downloaded from the server; without polls the provider writes it itself.
    private boolean polled;
    private ExportEvent.DownloadProgress unshownDownload;
    /** The event before this one, of any kind: a progress event that repeats it tells nothing new. */
    private ExportEvent previous;

    /**
     * Creates the view.
     *
     * @param err       the error stream
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public PlainProgress(PrintStream err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void onEvent(ExportEvent event) {
        ExportEvent before = previous;
        previous = event;
        if (event instanceof ExportEvent.DownloadProgress && event.equals(before)) {
            // A provider may tell a count twice in a row (the cloudflare download once did its total): one line, not
            // a second 100% line. Only in a row: after a Retry the same count is a new attempt's, and shown again.
            return;
        }
        if (event instanceof ExportEvent.Started started) {
            print("started: exporting " + started.source() + " with provider " + started.provider());
        } else if (event instanceof ExportEvent.ServerMessage message) {
            print("server: " + message.message());
        } else if (event instanceof ExportEvent.Poll poll) {
            polled = true;
            print("poll " + poll.number() + ": " + poll.status() + " after " + Formats.duration(poll.elapsed()));
        } else if (event instanceof ExportEvent.Retry retry) {
            print("retry " + retry.attempt() + " in " + Formats.duration(retry.delay()) + ": " + retry.reason());
        } else if (event instanceof ExportEvent.Warning warning) {
            print("warning: " + warning.message());
        } else if (event instanceof ExportEvent.DownloadProgress progress) {
            long now = nanoClock.getAsLong();
            OptionalLong total = progress.total();
            boolean complete = total.isPresent() && progress.bytes() >= total.getAsLong();
            if (!downloadShown || complete || now - lastDownloadLine >= DOWNLOAD_LINE_NANOS) {
                downloadShown = true;
                lastDownloadLine = now;
                printDownload(progress);
            } else {
                unshownDownload = progress;
            }
        } else if (event instanceof ExportEvent.Finished finished) {
            // Without a total, no event is known to be the last: the final count would be skipped if it came less
            // than a second after the previous line.
            if (unshownDownload != null) {
                printDownload(unshownDownload);
            }
            print("finished: " + finished.result().bytes() + " bytes written to "
                    + finished.result().path().map(Object::toString).orElse("standard output"));
        }
    }

    private void printDownload(ExportEvent.DownloadProgress progress) {
        unshownDownload = null;
        OptionalLong total = progress.total();
        print((polled ? "download: " : "written: ") + progress.bytes() + " bytes" + (total.isPresent()
                ? " of " + total.getAsLong() + " (" + percent(progress.bytes(), total.getAsLong()) + "%)"
                : ""));
    }

    private static long percent(long bytes, long total) {
        return total <= 0 ? 100 : Math.min(100, bytes * 100 / total);
    }

    @Override
    public synchronized void printAbove(String text) {
        err.println(text);
        err.flush();
    }

    private void print(String line) {
        printAbove(TerminalText.oneLine(line));
    }
}
