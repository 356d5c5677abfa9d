package dev.d1export.http.internal;

import java.time.Duration;

/**
 * Spaces the polls of one export: the gap between the starts of two polls begins at the minimum and grows by a
 * factor after each poll, up to the maximum. A fast-answering server is never hammered (Cloudflare allows 1200 calls
 * per 5 minutes per user, across all tools), and the gap never grows long enough for the server to cancel an export
 * that it thinks is abandoned. A slow answer counts towards the gap, so a slow server is polled again at once.
 * Not thread-safe: one export, one pacer.
 */
final class PollPacer {

    private final Duration max;
    private final double growth;
    private Duration gap;

    /**
     * Creates a pacer.
     *
     * @param min    the first gap
     * @param max    the largest gap
     * @param growth the factor the gap grows by after each poll, at least 1
     */
    PollPacer(Duration min, Duration max, double growth) {
        this.max = max;
        this.growth = growth;
        this.gap = min;
    }

    /**
     * How long to wait before the next poll, and grows the gap.
     *
     * @param sinceLastStart the time since the previous poll was sent
     * @return the wait, never negative
     */
    Duration nextDelay(Duration sinceLastStart) {
        Duration wait = gap.minus(sinceLastStart);
        long grown = (long) Math.min((double) max.toNanos(), gap.toNanos() * growth);
        gap = Duration.ofNanos(grown);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
