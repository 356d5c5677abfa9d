package dev.d1export.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The TCK's export thread on real threads: a wait that runs out while the export still runs fails, naming that,
 * in milliseconds here rather than the contract's {@link ContractChecks#PATIENCE}; an export that ends passes it.
 */
class ExportThreadTest {

    private final ExportRequest request = ExportRequest.builder().destination(new ByteArrayOutputStream()).build();

    @Test
    void anExportStillRunningWhenTheWaitRunsOutFailsTheWaitSayingSo() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        // Swallows interrupts, as a provider that ignores them would: only the latch ends it.
        Exporter hanging = r -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // keeps waiting
                }
            }
            throw new ExportCancelledException("released by the test");
        };
        ExportThread export = ExportThread.start(hanging, request);
        try {
            export.thread().interrupt();
            assertThatThrownBy(() -> export.awaitEnd("the export ended after the interrupt", Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("the export ended after the interrupt within 50 ms, but still runs");
        } finally {
            release.countDown();
            export.thread().join(ContractChecks.PATIENCE.toMillis());
        }
    }

    @Test
    void anExportThatEndsPassesTheWaitWithWhatItThrewAndItsFlag() throws InterruptedException {
        ExportCancelledException cancelled = new ExportCancelledException("interrupted");
        Exporter cancelling = r -> {
            Thread.currentThread().interrupt();
            throw cancelled;
        };
        ExportThread export = ExportThread.start(cancelling, request);

        export.awaitEnd("the export ended", ContractChecks.PATIENCE);

        assertThat(export.thread().isAlive()).isFalse();
        assertThat(export.failure()).isSameAs(cancelled);
        assertThat(export.flagKept()).isTrue();
    }
}
