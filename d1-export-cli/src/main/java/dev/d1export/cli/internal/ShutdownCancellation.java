package dev.d1export.cli.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C or SIGTERM into a cancelled export: a shutdown hook interrupts the exporting thread and waits a
 * little for it to clean up, so the provider deletes its temporary file and a previous output file stays as it was.
 */
public final class ShutdownCancellation {

    private static final long CLEANUP_SECONDS = 5;
    /** How often the worker is interrupted again while the hook waits for it. */
    private static final long INTERRUPT_AGAIN_MILLIS = 100;
    private static volatile boolean signalled;
    /** The hook of {@link #installForStartup}, until a command's own takes over. */
    private static volatile ShutdownCancellation startup;

    private final Thread worker;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private final long waitMillis;
    private final Runnable lastWord;

    private ShutdownCancellation(Thread worker, long waitMillis, Runnable lastWord) {
        this.worker = worker;
        this.waitMillis = waitMillis;
        this.lastWord = lastWord;
        this.hook = new Thread(this::cancel, "d1-export-cancel");
    }

    /**
     * Installs the hook for an export running on a thread.
     *
     * @param worker the exporting thread
     * @return the installed cancellation; call {@link #finished()} when the export is over
     */
    public static ShutdownCancellation install(Thread worker) {
        return install(worker, TimeUnit.SECONDS.toMillis(CLEANUP_SECONDS), () -> { });
    }

    /**
     * Installs the hook with a wait of its own. For a dump on standard output there is no staged file to clean up,
     * and a worker blocked writing to a pipe nobody reads cannot be interrupted: a short wait, then a last word.
     *
     * @param worker     the thread running the export
     * @param waitMillis how long the hook waits for the worker to finish
     * @param lastWord   run by the hook when the worker did not finish in time (it cannot report then)
     * @return the installed cancellation
     */
    public static ShutdownCancellation install(Thread worker, long waitMillis, Runnable lastWord) {
        ShutdownCancellation cancellation = new ShutdownCancellation(worker, waitMillis, lastWord);
        try {
            Runtime.getRuntime().addShutdownHook(cancellation.hook);
        } catch (IllegalStateException shuttingDown) {
            // A signal came before the export began: the start-up hook (installForStartup) still waits for this
            // thread, which reports the export as cancelled. This cancellation's hook never runs.
            signalled = true;
            return cancellation;
        }
        // From here on this hook waits for the export (with its own wait, e.g. the short one of -o -).
        startupOver();
        return cancellation;
    }

    /**
     * Installs the hook that covers the process's start, before a command installs its own: a signal then does not
     * end the process before the command has reported it (an export that sees the signal ends as a cancelled one,
     * with {@code --json}'s object). Removed by {@link #install} once an export's own hook is in, or by
     * {@link #startupOver()}.
     *
     * @param worker the thread that runs the command
     */
    public static void installForStartup(Thread worker) {
        startup = install(worker, TimeUnit.SECONDS.toMillis(CLEANUP_SECONDS), () -> { });
    }

    /** Removes the start-up hook of {@link #installForStartup}, if any: the command has ended or taken over. */
    public static void startupOver() {
        ShutdownCancellation starting = startup;
        startup = null;
        if (starting != null) {
            starting.finished();
        }
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (true) {
                // Again and again: library code that swallows an interrupt (a catch that does not restore it)
                // would otherwise let the export run on, and commit it, after the signal.
                worker.interrupt();
                long left = deadline - System.nanoTime();
                if (finished.await(Math.min(Math.max(left, 0), INTERRUPT_AGAIN_MILLIS * 1_000_000L),
                        TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (deadline - System.nanoTime() <= 0) {
                    lastWord.run();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
