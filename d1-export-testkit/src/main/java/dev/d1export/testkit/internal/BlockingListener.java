package dev.d1export.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Holds the export at its {@code Started} event until the exporting thread is interrupted, and records whether it
 * was: an export that merely ends (the listener gave up waiting) is not proof that cancelling reached it. Once
 * interrupted, it still holds the export until the thread that waited for {@code Started} (the test's, which
 * interrupts or cancels) is itself waiting, as a cancel that waits for the export's end is: so a cancel that returns
 * as soon as it has interrupted finds the export not yet let go every time, not only when the exporting thread
 * happens to be slower than the test's.
 */
public final class BlockingListener implements ExportListener {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch givenUp = new CountDownLatch(1);
    private volatile boolean interrupted;
    /** The thread that waited for {@code Started}, which then interrupts the export or cancels its future. */
    private volatile Thread canceller;

    /** Creates the listener. */
    public BlockingListener() {
    }

    @Override
    public void onEvent(ExportEvent event) {
        if (!(event instanceof ExportEvent.Started)) {
            return;
        }
        started.countDown();
        try {
            // Longer than the test's own wait, so the test (not this fallback) decides that no interrupt came.
            givenUp.await(2 * ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            fail("the exporting thread was not interrupted");
        } catch (InterruptedException e) {
            interrupted = true;
            holdUntilTheCancellerWaits();
            // Hand the interrupt back to the provider, which must notice it.
            Thread.currentThread().interrupt();
        } finally {
            released.countDown();
        }
    }

    /**
     * Waits until the export reached {@code Started}, failing at once with the reason when the export ended first.
     *
     * @param ended whether the export has ended
     * @throws InterruptedException if the test is interrupted
     */
    public void awaitStarted(BooleanSupplier ended) throws InterruptedException {
        canceller = Thread.currentThread();
        ContractChecks.awaitStarted(started, ended, " to cancel it");
    }

    /**
     * Asserts, without waiting, that an interrupt of the exporting thread has already let the listener go: what a
     * cancel that returns only once the export has stopped leaves.
     *
     * @param cancel the cancel call that just returned, for the message, e.g. {@code cancel(true)}
     */
    public void assertInterrupted(String cancel) {
        assertTrue(released.getCount() == 0 && interrupted, "the exporting thread was interrupted when " + cancel
                + " returned (it interrupts the export and waits until the export has stopped)");
    }

    /**
     * Returns once the canceller waits (blocked, or parked with or without a time limit, as on a latch or a join),
     * has ended, or the test gave up; and after {@link ContractChecks#PATIENCE} at the latest, so that a cancel that
     * waits for the export's end without parking (a spin) only slows the check down.
     */
    private void holdUntilTheCancellerWaits() {
        Thread waiter = canceller;
        long deadline = System.nanoTime() + ContractChecks.PATIENCE.toNanos();
        while (waiter != null && givenUp.getCount() > 0 && System.nanoTime() - deadline < 0) {
            Thread.State state = waiter.getState();
            if (state != Thread.State.RUNNABLE && state != Thread.State.NEW) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Stops waiting for an interrupt that did not come: the blocked export goes on with the listener's failure, so
     * its thread ends. Does nothing once the listener was released.
     */
    public void giveUp() {
        givenUp.countDown();
    }
}
