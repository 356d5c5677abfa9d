package dev.d1export.spi.internal;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syncs a growing file to disk in the background while it is still being written, every {@code step} bytes, so that
 * the sync before the atomic move only has the last part left to write. Without it a 1 GiB dump sits in the page
 * cache until the commit, whose {@code fsync} then writes all of it at once (measured here: about 0.3-0.8 s for
 * 1 GiB, as long as the download itself), and the writer is throttled by the kernel's dirty-page limits on the way.
 *
 * <p>At most one background sync runs per file; a step reached while one runs is skipped (the next sync covers it).
 * The syncs run on a small shared pool of daemon threads that end when idle; when all are busy a sync is skipped,
 * as these syncs only move work earlier and the commit's own sync is what makes the file durable. A failed
 * background sync is remembered and reported by {@link #finish()}: Linux reports a write-back error to one
 * {@code fsync} caller only, so the commit's own sync could otherwise succeed over lost data.
 *
 * <p>{@link #written(long)} is called by the one writing thread; {@link #finish()} by the same thread at the end.
 */
public final class BackgroundSync {

    /** The default step: big enough that a small dump never starts a sync, small enough to overlap a large one. */
    public static final long DEFAULT_STEP = 64L << 20;

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor SYNCERS = new ThreadPoolExecutor(0, 4, 5, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                // No inherited thread-locals or context class loader: the pool outlives any one caller.
                Thread thread = new Thread(null, task, "d1-export-sync-" + THREAD_NUMBER.incrementAndGet(), 0, false);
                thread.setDaemon(true);
                thread.setContextClassLoader(null);
                return thread;
            });

    /** The sync itself, e.g. {@code () -> channel.force(false)}. */
    @FunctionalInterface
    public interface Syncer {
        /**
         * Writes the file's data to the storage device.
         *
         * @throws IOException if the device reports an error
         */
        void sync() throws IOException;
    }

    private final Syncer syncer;
    private final long step;
    private long nextAt;
    private Future<?> pending;
    private volatile IOException failure;
    private final AtomicInteger started = new AtomicInteger();

    /**
     * Creates the background sync of one file.
     *
     * @param syncer syncs the file
     * @param step   bytes between two syncs
     */
    public BackgroundSync(Syncer syncer, long step) {
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        this.syncer = syncer;
        this.step = step;
        this.nextAt = step;
    }

    /**
     * Notes the file's size so far, starting a background sync when another {@code step} bytes were written.
     *
     * @param total bytes written to the file so far
     */
    public void written(long total) {
        if (total < nextAt) {
            return;
        }
        nextAt = total + step;
        if (pending != null && !pending.isDone()) {
            return;
        }
        try {
            pending = SYNCERS.submit(this::runSync);
            started.incrementAndGet();
        } catch (RejectedExecutionException busy) {
            // Every syncer is busy with other files: skip this one; the commit syncs anyway.
        }
    }

    /** The file was emptied to be written again: the next sync comes {@code step} bytes from its start. */
    public void restart() {
        nextAt = step;
    }

    private void runSync() {
        try {
            syncer.sync();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /**
     * Waits for a background sync still running and reports the first one that failed.
     *
     * @throws IOException          the first background sync's failure
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public void finish() throws IOException, InterruptedException {
        Future<?> last = pending;
        if (last != null) {
            try {
                last.get();
            } catch (ExecutionException e) {
                // runSync catches IOExceptions; anything else is a bug worth seeing.
                throw new IOException("background sync failed: " + e.getCause(), e.getCause());
            }
        }
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Whether no background sync is running, so the next step reached starts one (for tests; call it from the
     * writing thread).
     *
     * @return {@code true} when idle
     */
    public boolean idle() {
        return pending == null || pending.isDone();
    }

    /**
     * Background syncs started so far (for tests and diagnostics).
     *
     * @return the count
     */
    public int syncsStarted() {
        return started.get();
    }
}
