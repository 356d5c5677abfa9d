package dev.d1export.testkit.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Holds the export at its {@code Started} event until the test lets it go, so that the test can act (close the
 * exporter, say) while the export is under way; unlike {@link BlockingListener} it waits for no interrupt.
 */
public final class HoldingListener implements ExportListener {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Creates the listener. */
    public HoldingListener() {
    }

    @Override
    public void onEvent(ExportEvent event) {
        if (!(event instanceof ExportEvent.Started)) {
            return;
        }
        started.countDown();
        try {
            // Bounded so that a test that fails before release() does not leave the export held forever.
            if (!released.await(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the test did not let the export go on within " + ContractChecks.PATIENCE.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            // Not this listener's to decide: the provider sees the interrupt and cancels.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the export reached {@code Started}, failing at once with the reason when the export ended first.
     *
     * @param ended whether the export has ended
     * @throws InterruptedException if the test is interrupted
     */
    public void awaitStarted(BooleanSupplier ended) throws InterruptedException {
        ContractChecks.awaitStarted(started, ended, "");
    }

    /** Lets the held export go on. */
    public void release() {
        released.countDown();
    }
}
