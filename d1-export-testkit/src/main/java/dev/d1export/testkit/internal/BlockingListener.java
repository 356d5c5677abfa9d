package dev.d1export.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds the export at its {@code Started} event until the exporting thread is interrupted. */
public final class BlockingListener implements ExportListener {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

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
            Thread.sleep(ContractChecks.PATIENCE.toMillis());
            fail("the exporting thread was not interrupted");
        } catch (InterruptedException e) {
            // Hand the interrupt back to the provider, which must notice it.
            Thread.currentThread().interrupt();
        } finally {
            released.countDown();
        }
    }

    /**
     * Waits until the export reached {@code Started}.
     *
     * @throws InterruptedException if the test is interrupted
     */
    public void awaitStarted() throws InterruptedException {
        assertTrue(started.await(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the export started");
    }

    /**
     * Waits until the listener let the export go on after the interrupt.
     *
     * @throws InterruptedException if the test is interrupted
     */
    public void awaitReleased() throws InterruptedException {
        assertTrue(released.await(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the export was interrupted");
    }
}

