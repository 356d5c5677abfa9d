package dev.d1export.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BackgroundSyncTest {

    @Test
    void syncsOnceEveryStepAndNotBefore() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        BackgroundSync sync = new BackgroundSync(syncs::incrementAndGet, 100);
        sync.written(99);
        assertThat(sync.syncsStarted()).isZero();
        sync.written(100);
        sync.finish();
        assertThat(syncs).hasValue(1);
        sync.written(150);
        assertThat(sync.syncsStarted()).as("next step is at 200").isEqualTo(1);
        sync.written(200);
        sync.finish();
        assertThat(syncs).hasValue(2);
    }

    @Test
    void stepsReachedWhileASyncRunsAreSkippedAndFinishWaitsForIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        BackgroundSync sync = new BackgroundSync(() -> {
            syncs.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 10);
        sync.written(10);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        sync.written(20);
        sync.written(35);
        assertThat(sync.syncsStarted()).isEqualTo(1);

        CompletableFuture<Void> finished = new CompletableFuture<>();
        Thread finishing = new Thread(() -> {
            try {
                sync.finish();
                finished.complete(null);
            } catch (Exception e) {
                finished.completeExceptionally(e);
            }
        });
        finishing.start();
        while (finishing.getState() != Thread.State.WAITING) {
            assertThat(finished).as("finish must wait for the running sync").isNotDone();
            Thread.onSpinWait();
        }
        assertThat(finished).as("finish waits for the running sync").isNotDone();
        release.countDown();
        finished.get(10, TimeUnit.SECONDS);
        assertThat(syncs).hasValue(1);
    }

    @Test
    void aFailedBackgroundSyncIsReportedByFinish() throws Exception {
        IOException diskError = new IOException("Input/output error");
        AtomicInteger calls = new AtomicInteger();
        BackgroundSync sync = new BackgroundSync(() -> {
            if (calls.incrementAndGet() == 1) {
                throw diskError;
            }
        }, 10);
        sync.written(10);
        assertThatThrownBy(sync::finish).isSameAs(diskError);
        sync.written(20);
        assertThatThrownBy(sync::finish).as("a later successful sync does not hide it").isSameAs(diskError);
    }

    @Test
    void finishIsInterruptible() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        BackgroundSync sync = new BackgroundSync(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 1);
        sync.written(1);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(sync::finish).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
            never.countDown();
        }
    }

    @Test
    void aStepMustBePositive() {
        assertThatThrownBy(() -> new BackgroundSync(() -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
