package dev.d1export.http.internal;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.Exporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
        now.addAndGet(delay.toNanos());
    }
}
