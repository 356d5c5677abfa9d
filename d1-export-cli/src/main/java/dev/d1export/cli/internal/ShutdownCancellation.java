package dev.d1export.cli.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C or SIGTERM into a cancelled export: a shutdown hook interrupts the exporting thread and waits a
 * little for it to clean up, so the provider deletes its temporary file and a previous output file stays as it was.
 */
public final class ShutdownCancellation {

    private static final long CLEANUP_SECONDS = 5;
    private static volatile boolean signalled;

    private final Thread worker;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownCancellation(Thread worker) {
        this.worker = worker;
        this.hook = new Thread(this::cancel, "d1-export-cancel");
    }

    /**
     * Installs the hook for an export running on a thread.
     *
     * @param worker the exporting thread
     * @return the installed cancellation; call {@link #finished()} when the export is over
     */
    public static ShutdownCancellation install(Thread worker) {
        ShutdownCancellation cancellation = new ShutdownCancellation(worker);
        Runtime.getRuntime().addShutdownHook(cancellation.hook);
        return cancellation;
    }

    /** Marks the export as over (its output is committed or cleaned up) and removes the hook. */
    public void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; it waits on the latch counted down above.
        }
    }

    /**
     * Whether the JVM is shutting down because of a signal (or {@code System.exit} elsewhere) while an export ran. The
     * process must then not call {@code System.exit} itself: its own status would race the shutdown under way,
     * which ends the process with the signal's status (143 for SIGTERM).
     *
     * @return {@code true} once a cancellation hook has run
     */
    public static boolean signalled() {
        return signalled;
    }

    private void cancel() {
        signalled = true;
        if (finished.getCount() == 0) {
            return;
        }
        worker.interrupt();
        try {
            finished.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
