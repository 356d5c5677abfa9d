package dev.d1export.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link java.util.concurrent.Future} contract under random timing: after {@code cancel} returns, true or false,
 * the future is done. Found by a helper's review of 5126855: 1.6% of these cancels returned false before it was.
 */
class InterruptibleTaskCancelContractTest {

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void isDoneAfterCancelReturnsFalse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger notDone = new AtomicInteger();
        AtomicInteger falses = new AtomicInteger();
        try {
            for (int i = 0; i < 20_000; i++) {
                long workNanos = ThreadLocalRandom.current().nextLong(0, 20_000);
                long cancelDelay = ThreadLocalRandom.current().nextLong(0, 25_000);
                CountDownLatch started = new CountDownLatch(1);
                // Work that ignores its interrupt and completes normally.
                CompletableFuture<String> f = InterruptibleTask.start(() -> {
                    started.countDown();
                    spin(workNanos);
                    return "done";
                }, pool);
                started.await();
                spin(cancelDelay);
                boolean cancelled = f.cancel(true);
                boolean done = f.isDone();
                if (!cancelled) {
                    falses.incrementAndGet();
                }
                if (!done) {
                    notDone.incrementAndGet();
                }
                f.handle((r, t) -> null).get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("cancel returned false " + falses + " times, isDone false after cancel " + notDone);
        assertThat(notDone.get()).as("times isDone() was false right after cancel() returned").isZero();
    }
}
