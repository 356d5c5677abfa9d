package dev.d1export.http.internal;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.Exporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests: it stands still except when the export sleeps, and each sleep is recorded instead of waited
 * out. Tests assert on the waits the export planned (poll gaps, retry delays), never on wall-clock time. Because
 * the clock does not move while an HTTP call runs, every planned wait is exactly what the pacer or the retry
 * policy asked for. Thread-safe.
 */
public final class FakeTime implements TimeSource {

    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final int blockingSleep;
    private final CountDownLatch blocked = new CountDownLatch(1);

    /** A clock whose sleeps return at once. */
    public FakeTime() {
        this(0);
    }

    private FakeTime(int blockingSleep) {
        this.blockingSleep = blockingSleep;
    }

    /**
     * A clock whose sleep number {@code n} (from 1) does not return until the sleeping thread is interrupted, so a
     * test can interrupt an export at a known point: after exactly the calls made before that sleep.
     *
     * @param n the sleep that blocks
     * @return the clock
     */
    public static FakeTime blockingAtSleep(int n) {
        return new FakeTime(n);
    }

    /**
     * Waits until the export is parked in the blocking sleep.
     *
     * @param timeout how long to wait at most (a guard against a hung test, not a measurement)
     * @return {@code true} once it is parked
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitBlocked(Duration timeout) throws InterruptedException {
        return blocked.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * An exporter of the {@code cloudflare} provider on this clock, with no environment variables.
     *
     * @param options the provider's options
     * @return the exporter
     */
    public Exporter exporter(ExportOptions options) {
        options.requireKnown(dev.d1export.http.CloudflareOptions.all());
        return new CloudflareExporter(CloudflareSettings.from(options, name -> null, null), this);
    }

    /**
     * The waits requested so far, in order.
     *
     * @return a copy
     */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(delay);
        if (sleeps.size() == blockingSleep) {
            blocked.countDown();
            // Parks until interrupted: a latch that nobody counts down.
            new CountDownLatch(1).await();
        }
        now.addAndGet(delay.toNanos());
    }
}
