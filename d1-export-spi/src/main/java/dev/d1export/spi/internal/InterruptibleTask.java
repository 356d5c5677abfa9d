package dev.d1export.spi.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link CompletableFuture} whose {@code cancel} stops the work and waits until it has stopped: plain
 * {@code CompletableFuture.supplyAsync} ignores {@code mayInterruptIfRunning}, which would leave an export polling,
 * and completes at once, before the export has removed its temporary file.
 *
 * <p>{@link #cancel(boolean)} interrupts the thread running the work and returns once that work has returned or
 * thrown (so its clean-up is done), and only then completes the future: with a {@link
 * java.util.concurrent.CancellationException} if the work did not complete, else with its outcome (and {@code cancel}
 * returns {@code false}). The moment the dump is moved into place is decided against cancellation under one lock
 * ({@link #commitUnlessCancelled(IoAction, Object)}): a {@code cancel} that returns {@code true} never sees the destination
 * replaced, and one that comes after the move returns {@code false}.
 *
 * @param <T> the result type
 */
public final class InterruptibleTask<T> extends CompletableFuture<T> {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    /** The task whose work runs on this thread, so that a commit deep inside it can ask whether it was cancelled. */
    private static final ThreadLocal<InterruptibleTask<?>> CURRENT = new ThreadLocal<>();

    /** Where the work is; changed only under {@link #lock}. */
    private enum State {
        /** Not started: a cancel just completes the future and the work never runs. */
        WAITING,
        /** Running; may still be cancelled. */
        RUNNING,
        /** Cancelled while running: interrupted, and its commit will be refused. */
        CANCELLING,
        /** Its dump is in place: too late to cancel. */
        COMMITTED,
        /** The work returned or threw (or never ran); the future is completed right after. */
        ENDED
    }

    /** An action on files that may fail. */
    @FunctionalInterface
    public interface IoAction {
        /**
         * Runs the action.
         *
         * @throws IOException if it fails
         */
        void run() throws IOException;
    }

    private final Object lock = new Object();
    /** The request's destination: only a commit to it puts the task's dump in place; {@code null}: any commit. */
    private final Object destination;
    private State state = State.WAITING;
    private Thread runner;
    /** Whether the outcome is a cancellation; decided under {@link #lock} when the state becomes ENDED. */
    private boolean endsCancelled;
    /** The work's result or failure, when the outcome is not a cancellation; set with {@link #endsCancelled}. */
    private T result;
    private Throwable failure;
    /**
     * Counted down once the work has ended (or a cancel came before it started) and its outcome is decided, before
     * the future is completed: completing it runs dependent stages on that thread, and one of them may cancel this
     * future or another task's ("first one wins, cancel the rest"), which must not wait for a latch that only the
     * end of those stages would count down.
     */
    private final CountDownLatch completed = new CountDownLatch(1);

    private InterruptibleTask(Object destination) {
        this.destination = destination;
    }

    /**
     * Starts {@code work} on {@code executor}, or on a new thread when it is {@code null}. That thread is not a
     * daemon: the JVM does not exit in the middle of an export (or of its clean-up after a cancel).
     *
     * @param work     the work
     * @param executor where to run it, or {@code null}
     * @param <T>      the result type
     * @return the running task
     */
    public static <T> CompletableFuture<T> start(Supplier<T> work, Executor executor) {
        return start(work, executor, null);
    }

    /**
     * Starts {@code work} as {@link #start(Supplier, Executor)} does, for an export to {@code destination}: only a
     * commit to that destination puts the task's dump in place. Another export run on the same thread (a listener
     * writing a side file with another exporter) commits its own file without making this task uncancellable.
     *
     * @param work        the work
     * @param executor    where to run it, or {@code null}
     * @param destination the destination of the work's request, compared by identity; {@code null}: any commit
     * @param <T>         the result type
     * @return the running task
     */
    public static <T> CompletableFuture<T> start(Supplier<T> work, Executor executor, Object destination) {
        InterruptibleTask<T> task = new InterruptibleTask<>(destination);
        Runnable body = () -> task.run(work);
        if (executor == null) {
            Thread thread = new Thread(body, "d1-export-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(false);
            thread.start();
        } else {
            executor.execute(body);
        }
        return task;
    }

    /**
     * Runs {@code move}, the step that puts a dump in place, unless the task running on this thread was cancelled;
     * decided under the lock that {@link #cancel(boolean)} takes, so the two cannot overlap. On a thread that runs no
     * task (a plain {@code export} call) it just runs {@code move}.
     *
     * @param move        the move
     * @param destination the destination the file is committed for (what {@code StagedOutput} was opened with)
     * @return {@code false} if the task was cancelled and {@code move} did not run
     * @throws IOException if {@code move} fails
     */
    public static boolean commitUnlessCancelled(IoAction move, Object destination) throws IOException {
        InterruptibleTask<?> task = CURRENT.get();
        if (task == null) {
            move.run();
            return true;
        }
        synchronized (task.lock) {
            if (task.state == State.CANCELLING) {
                return false;
            }
            // Under the lock, so a cancel waits for the move (a rename: quick) and then finds COMMITTED. Another
            // export's file (a nested export on this thread) is moved, but leaves the task cancellable.
            move.run();
            if (task.destination == null || task.destination == destination) {
                task.state = State.COMMITTED;
            }
            return true;
        }
    }

    private void run(Supplier<T> work) {
        synchronized (lock) {
            if (state != State.WAITING) {
                return;
            }
            state = State.RUNNING;
            runner = Thread.currentThread();
        }
        CURRENT.set(this);
        T result = null;
        Throwable failure = null;
        try {
            result = work.get();
        } catch (Throwable t) {
            failure = t;
        } finally {
            CURRENT.remove();
        }
        boolean cancelled;
        synchronized (lock) {
            cancelled = state == State.CANCELLING;
            state = State.ENDED;
            runner = null;
            // Also after a cancel, when the work ignored it and finished: the export did complete.
            endsCancelled = cancelled && failure != null;
            this.result = result;
            this.failure = failure;
        }
        if (cancelled) {
            // The cancel's interrupt must not leak into a pooled thread; none can come after ENDED.
            Thread.interrupted();
        }
        completed.countDown();
        if (endsCancelled) {
            super.cancel(false);
        } else if (failure != null) {
            completeExceptionally(failure);
        } else {
            complete(result);
        }
    }

    /**
     * Cancels the work: interrupts its thread, waits until the work has returned or thrown (its temporary file
     * removed), then completes this future. Waits without a time limit and without giving up when the calling
     * thread is interrupted (the interrupt is kept): the wait is as long as the export takes to notice its
     * interrupt. Called from the work's own thread (e.g. by a listener), it cannot wait: the future is cancelled at
     * once and the work stops as its thread unwinds.
     *
     * @param mayInterruptIfRunning ignored: the work is always interrupted, since an export nobody waits for must
     *                              not keep running
     * @return {@code true} if the work was stopped before its dump was put in place; {@code false} if it had
     *         completed (or put its dump in place) first
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        State was;
        boolean ownThread;
        synchronized (lock) {
            was = state;
            ownThread = runner == Thread.currentThread();
            switch (state) {
                case WAITING -> {
                    state = State.ENDED;
                    endsCancelled = true;
                }
                case RUNNING -> {
                    state = State.CANCELLING;
                    runner.interrupt();
                }
                default -> {
                    // CANCELLING: a second cancel also waits; COMMITTED or ENDED: wait for the outcome.
                }
            }
        }
        if (ownThread) {
            // The work cancels itself: waiting for its end here would wait forever.
            return (was == State.RUNNING || was == State.CANCELLING) && super.cancel(false);
        }
        if (was == State.WAITING) {
            completed.countDown();
            return super.cancel(false);
        }
        awaitCompletion();
        boolean cancelled;
        T value;
        Throwable thrown;
        synchronized (lock) {
            cancelled = endsCancelled;
            value = result;
            thrown = failure;
        }
        // The work's thread completes the future the same way right after; whichever comes first (completing twice
        // changes nothing), so that the future is done when cancel returns, as Future requires.
        if (cancelled) {
            return super.cancel(false) || isCancelled();
        }
        if (thrown != null) {
            completeExceptionally(thrown);
        } else {
            complete(value);
        }
        return false;
    }

    private void awaitCompletion() {
        boolean interrupted = false;
        while (true) {
            try {
                completed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
