package dev.d1export.cli.internal;

import dev.d1export.spi.ExportEvent;
import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Progress for a terminal: one status line redrawn in place with {@code \r} (the server's state while it polls, then
 * a bar with bytes, total and rate: {@code Downloading} after polls, {@code Writing} for a dump the provider makes
 * itself); server messages, retries and warnings print above it as lines of
 * their own. Redraws are limited to ten a second. Events may come from any thread.
 */
public final class LiveProgress implements ProgressView {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;
    /**
     * The longest status line: one column short of the terminal's width, so that it never wraps (a wrapped line
     * cannot be redrawn in place and leaves its first rows behind). The width is {@code COLUMNS} when the shell
     * exports it, else 80, the width nearly every terminal has at least.
     */
    private static final int MAX_WIDTH = Math.min(100, terminalColumns(System.getenv("COLUMNS")) - 1);
    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final PrintStream err;
    private final LongSupplier nanoClock;
    private String status = "";
    private int shownWidth;
    private long lastDraw;
    private boolean drawn;
    private long lastPhaseStart;
    private long downloadStart = -1;
    // A dump that comes after polls is downloaded from the server; without polls the provider writes it itself.
    private boolean polled;
    private int spin;

    /**
     * Creates the view.
     *
     * @param err       the terminal's error stream
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public LiveProgress(PrintStream err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
        this.lastPhaseStart = nanoClock.getAsLong();
    }

    @Override
    public synchronized void onEvent(ExportEvent event) {
        long now = nanoClock.getAsLong();
        if (event instanceof ExportEvent.Started started) {
            lastPhaseStart = now;
            show("Exporting " + started.source() + " with provider " + started.provider() + " ...", true, now);
        } else if (event instanceof ExportEvent.ServerMessage message) {
            lastPhaseStart = now;
            line("server: " + message.message());
        } else if (event instanceof ExportEvent.Poll poll) {
            lastPhaseStart = now;
            polled = true;
            String when = " (poll " + poll.number() + ", " + Formats.duration(poll.elapsed()) + ")";
            show(serverFinished(poll.status()) ? "The server has finished: " + poll.status() + when
                    : SPINNER[spin++ % SPINNER.length] + " Waiting for the server: " + poll.status() + when, true, now);
        } else if (event instanceof ExportEvent.Retry retry) {
            lastPhaseStart = now;
            line("retry " + retry.attempt() + " in " + Formats.duration(retry.delay()) + ": " + retry.reason());
        } else if (event instanceof ExportEvent.Warning warning) {
            line("warning: " + warning.message());
        } else if (event instanceof ExportEvent.DownloadProgress progress) {
            boolean first = downloadStart < 0;
            if (first) {
                // The download began right after the last other event (the final poll, or the start).
                downloadStart = lastPhaseStart;
            }
            OptionalLong total = progress.total();
            boolean complete = total.isPresent() && progress.bytes() >= total.getAsLong();
            show(dumpLine(polled ? "Downloading" : "Writing", progress.bytes(), total, now - downloadStart),
                    first || complete, now);
        } else if (event instanceof ExportEvent.Finished) {
            close();
        }
    }

    /**
     * Whether a poll's status says the server's export is over: {@code complete} and {@code error} do; the protocol
     * takes any other status for "still running", so the line then still says it waits.
     *
     * @param status the status a poll reported
     * @return whether nothing is waited for on the server any more
     */
    private static boolean serverFinished(String status) {
        return status.equals("complete") || status.equals("error");
    }

    /**
     * The dump's status, e.g. {@code Downloading [#########---------------] 1.2 MiB / 3.4 MiB  35%  2.1 MiB/s}.
     *
     * @param verb    {@code Downloading} after a server-side export, {@code Writing} for a dump made locally
     * @param bytes   bytes so far
     * @param total   the size, when known
     * @param elapsed nanoseconds since the download began
     * @return the line
     */
    static String dumpLine(String verb, long bytes, OptionalLong total, long elapsed) {
        StringBuilder sb = new StringBuilder(verb).append(' ');
        if (total.isPresent() && total.getAsLong() > 0) {
            long size = total.getAsLong();
            int percent = (int) Math.min(100, bytes * 100 / size);
            int filled = (int) Math.min(BAR_WIDTH, bytes * BAR_WIDTH / size);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(Formats.bytes(bytes)).append(" / ").append(Formats.bytes(size))
                    .append("  ").append(percent).append('%');
        } else {
            sb.append(Formats.bytes(bytes));
        }
        return sb.append("  ").append(Formats.rate(bytes, elapsed)).toString();
    }

    @Override
    public synchronized void close() {
        if (shownWidth > 0) {
            err.print('\r' + " ".repeat(shownWidth) + '\r');
            err.flush();
        }
        shownWidth = 0;
        status = "";
    }

    private void show(String text, boolean force, long now) {
        status = fit(text);
        if (force || !drawn || now - lastDraw >= REDRAW_NANOS) {
            draw();
            lastDraw = now;
            drawn = true;
        }
    }

    @Override
    public synchronized void printAbove(String text) {
        String keep = status;
        close();
        err.println(text);
        status = keep;
        if (!status.isEmpty()) {
            draw();
        }
        err.flush();
    }

    private void line(String text) {
        printAbove(TerminalText.oneLine(text));
    }

    private void draw() {
        int pad = Math.max(0, shownWidth - status.length());
        err.print('\r' + status + " ".repeat(pad));
        err.flush();
        shownWidth = status.length();
    }

    /**
     * A terminal's width from the {@code COLUMNS} variable.
     *
     * @param columns the variable's value, or {@code null}
     * @return the width it gives, or 80 when it gives none that makes sense
     */
    public static int terminalColumns(String columns) {
        try {
            int n = columns == null ? 80 : Integer.parseInt(columns.trim());
            return n >= 20 && n <= 10_000 ? n : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    private static String fit(String text) {
        String flat = TerminalText.oneLine(text);
        return flat.length() <= MAX_WIDTH ? flat : flat.substring(0, MAX_WIDTH - 3) + "...";
    }
}
