package dev.d1export.http.internal;

import java.time.Duration;

/**
 * Where an export reads the time and waits. In production the monotonic system clock and {@link Thread#sleep}; a
 * test substitutes a fake clock that records the waits the export plans, so pacing and backoff are checked without
 * measuring wall-clock time.
 */
interface TimeSource {

    /** The system's monotonic clock and {@link Thread#sleep(long, int)}. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration delay) throws InterruptedException {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        }
    };

    /**
     * The current time of a monotonic clock; only differences between two readings mean anything.
     *
     * @return nanoseconds
     */
    long nanoTime();

    /**
     * Waits.
     *
     * @param delay how long, positive
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration delay) throws InterruptedException;
}
