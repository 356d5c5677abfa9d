package dev.d1export.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.time.Duration;

/**
 * An export on a thread of its own, for the contract's tests that act on an export under way (interrupt it, close
 * its exporter) or call it on an interrupted thread: what it ended in, and whether its interrupt flag was still set
 * when it did.
 */
public final class ExportThread {

    private final Thread thread;
    private volatile Throwable failure;
    private volatile Boolean flagKept;

    private ExportThread(Exporter exporter, ExportRequest request, boolean interruptedFirst) {
        this.thread = new Thread(() -> {
            if (interruptedFirst) {
                Thread.currentThread().interrupt();
            }
            try {
                exporter.export(request);
            } catch (Throwable t) {
                failure = t;
            } finally {
                flagKept = Thread.currentThread().isInterrupted();
            }
        }, "contract-export");
    }

    /**
     * Starts the export.
     *
     * @param exporter the exporter
     * @param request  the request
     * @return the running export
     */
    public static ExportThread start(Exporter exporter, ExportRequest request) {
        ExportThread export = new ExportThread(exporter, request, false);
        export.thread.start();
        return export;
    }

    /**
     * Starts the export on a thread that interrupts itself first, so that {@code export} is called with the interrupt
     * flag already set (a thread of the test's own must not be left interrupted).
     *
     * @param exporter the exporter
     * @param request  the request
     * @return the running export
     */
    public static ExportThread startInterrupted(Exporter exporter, ExportRequest request) {
        ExportThread export = new ExportThread(exporter, request, true);
        export.thread.start();
        return export;
    }

    /**
     * The thread, to interrupt it or ask whether it still runs.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Waits for the export to end, at most {@link ContractChecks#PATIENCE}, and fails the test if it does not.
     *
     * @param expectation what the test expected, as the failure's message says it, e.g. {@code the export ended
     *                    after the interrupt}: the tests that wait do not all interrupt the export
     * @throws InterruptedException if the test's own thread is interrupted
     */
    public void awaitEnd(String expectation) throws InterruptedException {
        awaitEnd(expectation, ContractChecks.PATIENCE);
    }

    /**
     * Waits for the export to end, at most {@code patience}, and fails the test if it does not. The bound is a
     * parameter so that the TCK's own test can show, in milliseconds, that an export still running is reported as
     * such rather than by whichever later check its missing outcome happens to fail.
     *
     * @param expectation what the test expected, as the failure's message says it
     * @param patience    how long to wait
     * @throws InterruptedException if the test's own thread is interrupted
     */
    public void awaitEnd(String expectation, Duration patience) throws InterruptedException {
        thread.join(patience.toMillis());
        assertFalse(thread.isAlive(), () -> expectation + " within " + patience.toMillis() + " ms, but still runs");
    }

    /**
     * What the export threw.
     *
     * @return the throwable, or {@code null} if it returned
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Whether the interrupt flag was set when the export ended.
     *
     * @return the flag, or {@code null} before the end
     */
    public Boolean flagKept() {
        return flagKept;
    }
}
