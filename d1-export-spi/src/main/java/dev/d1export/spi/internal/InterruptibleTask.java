package dev.d1export.spi.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link CompletableFuture} whose {@code cancel} interrupts the thread running the work: plain
 * {@code CompletableFuture.supplyAsync} ignores {@code mayInterruptIfRunning}, which would leave an export polling.
 *
 * @param <T> the result type
 */
public final class InterruptibleTask<T> extends CompletableFuture<T> {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final Object lock = new Object();
    private Thread runner;

    private InterruptibleTask() {
    }

    /**
     * Starts {@code work} on {@code executor}, or on a new daemon thread when it is {@code null}.
     *
     * @param work     the work
     * @param executor where to run it, or {@code null}
     * @param <T>      the result type
     * @return the running task
     */
    public static <T> CompletableFuture<T> start(Supplier<T> work, Executor executor) {
        InterruptibleTask<T> task = new InterruptibleTask<>();
        Runnable body = () -> task.run(work);
        if (executor == null) {
            Thread thread = new Thread(body, "d1-export-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        } else {
            executor.execute(body);
        }
        return task;
    }

    private void run(Supplier<T> work) {
        synchronized (lock) {
            if (isDone()) {
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            complete(work.get());
        } catch (Throwable t) {
            completeExceptionally(t);
        } finally {
            synchronized (lock) {
                runner = null;
            }
            // A cancel that raced with the end of the work must not leak its interrupt into a pooled thread.
            if (isCancelled()) {
                Thread.interrupted();
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        synchronized (lock) {
            if (cancelled && runner != null) {
                runner.interrupt();
            }
        }
        return cancelled;
    }
}
