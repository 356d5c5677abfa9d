package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.junit.D1SnapshotException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ProviderRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One snapshot shared by tests on several threads: one export, and a waiting test that can be interrupted. */
class SharedSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void aTestWaitingForAnotherTestsExportCanBeInterruptedWhileTheExportGoesOn() throws Exception {
        // The fixture takes 3 s: long enough for a second test to wait for it, and to be interrupted meanwhile.
        SnapshotKey key = new SnapshotKey(ExportOptions.parse("d1:fixture:classpath:fixtures/shop.sql?delay=3s"),
                List.of(), false, false);
        SharedSnapshot shared = new SharedSnapshot(key, ProviderRegistry.load(), new RunDirectory(dir),
                CleanupMode.ALWAYS, "set nothing", new ReentrantLock(), false);
        AtomicReference<ExportResult> exported = new AtomicReference<>();
        AtomicReference<Throwable> waited = new AtomicReference<>();
        Thread first = new Thread(() -> exported.set(shared.obtain(MissingCredentialsMode.SKIP, null)));
        first.start();
        Thread.sleep(300);
        Thread second = new Thread(() -> {
            try {
                shared.obtain(MissingCredentialsMode.SKIP, null);
            } catch (Throwable t) {
                waited.set(t);
            }
        });
        second.start();
        Thread.sleep(200);
        second.interrupt();
        second.join(10_000);

        // The order says it, not a time limit: the waiting test ended while the export was still going on.
        assertThat(second.isAlive()).isFalse();
        assertThat(waited.get()).isInstanceOf(D1SnapshotException.class)
                .hasCauseInstanceOf(ExportCancelledException.class).hasMessageContaining("interrupted");
        assertThat(first.isAlive()).as("the export goes on for the test that started it").isTrue();
        first.join(10_000);
        assertThat(exported.get()).isNotNull();
        assertThat(shared.file()).exists();
        shared.close();
    }
}
