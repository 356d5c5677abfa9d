package dev.d1export.spi;

import dev.d1export.spi.internal.InterruptibleTask;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Exports one database, as configured by the options it was {@linkplain ExportProvider#create(ExportOptions) created}
 * with. An exporter may run several exports, one after another or at once; {@link #close()} releases what it holds.
 */
public interface Exporter extends AutoCloseable {

    /**
     * Runs an export to completion on the calling thread.
     *
     * <p>The dump reaches the request's destination only when it is complete: on any failure, cancellation or
     * interruption no file is left behind and a previous file at the destination is untouched. Interrupting the
     * calling thread cancels the export with an {@link ExportCancelledException} (and keeps the interrupt flag set);
     * an interrupt that comes only once the dump is complete (from the listener's last event, say) may let the export
     * return its result, the flag still set.
     *
     * @param request what to export and where to
     * @return what was exported
     * @throws D1ExportException or one of its subclasses on any failure
     */
    ExportResult export(ExportRequest request);

    /**
     * Runs an export on a new thread. The thread is not a daemon: the JVM does not exit in the middle of an export or
     * of its clean-up (cancel the future, or wait for it, to end the export early).
     *
     * <p>Cancelling the returned future stops the export and waits until it has stopped:
     * <ul>
     * <li>{@code cancel} interrupts the export's thread ({@code cancel(false)} too: an export nobody waits for must not
     *     keep the database busy), then waits until the export has returned or thrown, and only then completes the
     *     future. So when {@code cancel} returns, the temporary file is removed, and {@code get()}, {@code join()} and
     *     dependent stages see the export's true end.</li>
     * <li>{@code true}: the export was stopped before its dump was put in place; the destination is never replaced
     *     after that (a previous file is untouched), and the future is cancelled ({@code get()} throws
     *     {@link java.util.concurrent.CancellationException}).</li>
     * <li>{@code false}: the export had already completed, or had already moved its dump into place (the move and the
     *     cancel are decided under one lock, never both); the future then holds the export's outcome.</li>
     * <li>The wait has no time limit and is as long as the export takes to notice the interrupt (at once for the
     *     providers here; a sync to disk under way is waited for). An interrupt of the cancelling thread does not cut
     *     it short (the interrupt flag is kept). Called from the export's own thread (e.g. by its listener),
     *     {@code cancel} cannot wait: the future is cancelled at once and the export stops as its thread unwinds.</li>
     * </ul>
     * Cancelling a stage derived from the future (e.g. with {@code thenApply}) does not reach the export, nor do
     * {@code complete}, {@code completeExceptionally} or {@code orTimeout}; cancel this future itself.
     *
     * <p>A failed export fails the future with the exception the export threw, which is what
     * {@link #export(ExportRequest)} throws for the same request: a {@link D1ExportException} of the same subclass,
     * with its details (or the listener's exception, or the {@link IllegalStateException} of a closed exporter). It is
     * itself the future's cause, never wrapped in another exception nor in a second
     * {@link java.util.concurrent.CompletionException}: {@code get()} throws an
     * {@link java.util.concurrent.ExecutionException}, and {@code join()} a {@code CompletionException}, whose
     * {@code getCause()} is that exception. The call does not throw it; it returns the failed future. By the time the
     * future fails, the export has cleaned up as {@code export} does: no file is left behind, and a previous file at
     * the destination is untouched.
     *
     * @param request what to export and where to
     * @return a future of the result; on failure, completed exceptionally with the exception {@code export} throws
     * @throws NullPointerException if {@code request} is {@code null}
     */
    default CompletableFuture<ExportResult> exportAsync(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        return InterruptibleTask.start(() -> export(request), null, request.destination());
    }

    /**
     * Runs an export on the given executor. Cancelling the returned future behaves as for
     * {@link #exportAsync(ExportRequest)}: it interrupts the thread that runs the export, waits until the export has
     * stopped, and returns {@code true} only if the dump was not put in place; the executor's thread is not left
     * interrupted. A future cancelled before the executor started the export completes at once, and the export never
     * runs.
     *
     * <p>A failed export fails the future as for {@link #exportAsync(ExportRequest)}: with the exception the export
     * threw, which is what {@link #export(ExportRequest)} throws for the same request (a {@link D1ExportException} of
     * the same subclass, with its details, or the listener's exception, or the {@link IllegalStateException} of a
     * closed exporter), itself the future's cause, never wrapped in another exception nor in a second
     * {@link java.util.concurrent.CompletionException}; the call does not throw it. By the time the future fails, no
     * file is left behind, and a previous file at the destination is untouched.
     *
     * @param request  what to export and where to
     * @param executor runs the export
     * @return a future of the result; on failure, completed exceptionally with the exception {@code export} throws
     * @throws NullPointerException if {@code request} or {@code executor} is {@code null}
     */
    default CompletableFuture<ExportResult> exportAsync(ExportRequest request, Executor executor) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(executor, "executor");
        return InterruptibleTask.start(() -> export(request), executor, request.destination());
    }

    /**
     * Releases what this exporter holds. Idempotent. Afterwards {@link #export(ExportRequest)} (and so
     * {@code exportAsync}) fails with {@link IllegalStateException} before it writes anything; exports already under
     * way run to their end. An {@code exportAsync} whose thread has not yet begun its export counts as not under way:
     * its future then completes with that {@code IllegalStateException}, so wait for the futures before closing the
     * exporter (as with {@code try}-with-resources around code that only starts them). The providers here all do so
     * and the testkit's contract checks it; this default does nothing, so a provider implements it.
     */
    @Override
    default void close() {
    }
}
