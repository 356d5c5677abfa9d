package dev.d1export.bench;

/**
 * What the loopback server saw of the latest export: when it started, when the server considered it finished, how
 * many export calls arrived and when the first call at or after the finish came (the client noticing). Thread-safe.
 */
final class ExportTimeline {

    private final long finishAfterNanos;
    private long startedAt = -1;
    private long finishAt;
    private long noticedAt = -1;
    private int calls;
    private long downloads;

    /**
     * Creates a timeline.
     *
     * @param finishAfterNanos how long after the first call the export counts as finished
     */
    ExportTimeline(long finishAfterNanos) {
        this.finishAfterNanos = finishAfterNanos;
    }

    /**
     * Records an export call.
     *
     * @param now   when it arrived ({@link System#nanoTime()})
     * @param start whether it is a first call (no bookmark), which starts a new export
     * @return whether the export is finished as of this call
     */
    synchronized boolean call(long now, boolean start) {
        if (start || startedAt < 0) {
            startedAt = now;
            finishAt = now + finishAfterNanos;
            noticedAt = -1;
            calls = 0;
        }
        calls++;
        boolean finished = now - finishAt >= 0;
        if (finished && noticedAt < 0) {
            noticedAt = now;
        }
        return finished;
    }

    /** Records that a download was served. */
    synchronized void download() {
        downloads++;
    }

    /**
     * The timeline as one line of {@code key=value} pairs, for the script.
     *
     * @return {@code calls=.. finish_ms=.. noticed_ms=.. delay_ms=.. downloads=..}
     */
    synchronized String describe() {
        if (startedAt < 0) {
            return "calls=0 finish_ms=-1 noticed_ms=-1 delay_ms=-1 downloads=" + downloads;
        }
        double finishMs = (finishAt - startedAt) / 1e6;
        double noticedMs = noticedAt < 0 ? -1 : (noticedAt - startedAt) / 1e6;
        double delayMs = noticedAt < 0 ? -1 : (noticedAt - finishAt) / 1e6;
        return String.format(java.util.Locale.ROOT, "calls=%d finish_ms=%.1f noticed_ms=%.1f delay_ms=%.1f downloads=%d",
                calls, finishMs, noticedMs, delayMs, downloads);
    }
}
