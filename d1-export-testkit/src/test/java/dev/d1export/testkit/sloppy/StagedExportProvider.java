package dev.d1export.testkit.sloppy;

import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportRequestException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.StagedOutput;
import dev.d1export.spi.UnmatchedTables;
import dev.d1export.sqlite.D1DumpWriter;
import dev.d1export.testkit.internal.ContractChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code d1:staged:<file>}: a careful provider that keeps every rule the TCK checks (it passes it), and three
 * variants that each break one rule only the later TCK checks catch: {@code staged-noschema} ignores
 * {@code noSchema} when tables are named, {@code staged-earlyfinish} sends {@code Finished} before its dump is in
 * place, {@code staged-leftover} leaves a file of no temporary's usual name beside the dump. For
 * {@code ExportProviderContractSelfTest}.
 *
 * <p>The option {@code break} makes the careful provider break one more rule, each one that a TCK check stands for
 * (the self-test pins which check fails, and with what message):
 * <ul>
 * <li>result: {@code bytes} (the size is one short), {@code bytes-before-move} (the size of what was at the
 * destination's path before the move: a previous file, or the folder itself), {@code path} (a relative path),
 * {@code stream-path} (a path for a stream), {@code folder-name} (not the name of the file written in a folder),
 * {@code provider-name} (another provider's name),
 * {@code blank-name} (a blank file name);
 * <li>the dump: {@code no-header} (its first line, the header, left out), {@code no-truncate} (a longer previous
 * file written over in place, its tail left after the dump), {@code folder-beside} (a folder destination's dump
 * written beside the folder, not in it), {@code folder-stray} (a lock file left beside a folder destination),
 * {@code stream-close} (a caller's stream closed once the dump is written), {@code stream-unflushed} (the dump's last
 * byte given to a caller's stream after its flush);
 * <li>filters: {@code filter} (the table filter ignored), {@code nodata} ({@code noData} ignored),
 * {@code noschema-all} ({@code noSchema} ignored when no tables are named);
 * <li>names that match nothing: {@code unmatched} (not in the result's unmatched tables), {@code warnings} (no
 * {@code Warning} event), {@code result-messages} (no notice among the result's messages), {@code schema-only} (an
 * index counted as matched in a request without schema), {@code refusal-message}
 * (refused in other words than {@code UnmatchedTables.refusal}'s), {@code refusal-type} (refused in its words but
 * with {@code IllegalArgumentException}, not its {@code InvalidExportRequestException}), {@code refusal-writes} (the
 * destination emptied before the refusal), {@code refusal-leftover} (a staged file abandoned before the refusal),
 * {@code refusal-filter} (a request that may be refused but is not exports every table);
 * <li>errors: {@code option-message} (an unknown option refused without its name), {@code option-type} (refused by
 * name but with {@code IllegalArgumentException}, not {@code InvalidOptionException}), {@code mkdirs} (a destination's
 * missing folder created before the destination error), {@code folder-as-file} (a
 * {@linkplain ExportDestination#folder(Path) folder destination}'s path taken for a file destination's, so a missing
 * folder's name becomes the dump's), {@code folder-refused} (every folder destination refused),
 * {@code folder-mkdirs} (a folder destination's missing folder created before the destination error),
 * {@code missing-folder-type} (a destination's missing
 * folder reported as an {@code UncheckedIOException}, not a {@code DestinationException}), {@code missing-type} (a
 * missing database reported as an {@code UncheckedIOException}, not a {@code DatabaseNotFoundException}),
 * {@code missing-leftover} (a missing database leaves the staged file opened first), {@code listener-wrap} and
 * {@code partway-wrap} (a listener's exception, at {@code Started} or at the first progress with bytes written,
 * reaches the caller without being the cause), {@code error-wrap} (a listener's {@code Error} at {@code Started}
 * reaches the caller as the cause of an {@code ExportFailedException}, not itself), {@code error-rewrap} (the same,
 * as the cause of another {@code Error}), {@code finished-error} (a
 * listener's {@code Error} at {@code Finished} is dropped, as a {@code RuntimeException} there is),
 * {@code listener-error} (the listener's exception at {@code Started} reaches the caller as the cause of an
 * {@code Error}, not as a {@code RuntimeException}), {@code closed-message} (a closed exporter's refusal does not say
 * so), {@code closed-type} (a closed exporter refuses with {@code ExportCancelledException}, not
 * {@code IllegalStateException}), {@code closed-async} (a closed exporter's {@code exportAsync} fails with
 * {@code ExportCancelledException}, not {@code IllegalStateException}), {@code closed-async-throws} (a closed
 * exporter's {@code exportAsync} throws its {@code IllegalStateException} at once instead of returning a failed
 * future), {@code closed-async-completion} (a closed exporter's {@code exportAsync} throws, at once, the
 * {@code CompletionException} of its {@code IllegalStateException} that {@code join()} of a failed future would
 * throw), {@code closed-executor}, {@code closed-executor-throws} and {@code closed-executor-completion} (the same
 * three, by {@code exportAsync(request, executor)} alone), {@code close-aborts} (an export under way when
 * {@code close()} comes fails with the closed exporter's {@code IllegalStateException}), {@code close-hangs} (an
 * export under way when {@code close()} comes stalls, ignoring interrupts, a little longer than the contract waits,
 * then fails with that {@code IllegalStateException}), {@code async-daemon}
 * ({@code exportAsync(request)} runs the export on a daemon thread), {@code async-wrap} ({@code exportAsync(request)}
 * fails its future with the export's exception wrapped in an {@code ExportFailedException}), {@code executor-wrap}
 * ({@code exportAsync(request, executor)} fails its future with the export's exception wrapped in two
 * {@code CompletionException}s), {@code async-details} and {@code executor-details} ({@code exportAsync(request)},
 * or {@code exportAsync(request, executor)}, fails its future with a copy of the missing database's exception that
 * has its message but not its details), {@code timeout-writes} (a timeout
 * reported once the dump is in place), {@code timeout-type} (a timeout reported as
 * {@code ExportCancelledException}, not {@code ExportTimeoutException}, before anything is written);
 * <li>cancellation: {@code cancel-queued} (an export whose future of {@code exportAsync(request, executor)} was
 * cancelled before the executor started it runs all the same), {@code cancel-false} ({@code cancel(false)} on the
 * future of {@code exportAsync(request, executor)} cancels the future but does not interrupt the export),
 * {@code executor-flag} (cancelling the future of {@code exportAsync(request, executor)} interrupts the export and
 * waits for its end, but leaves the executor's thread interrupted), {@code cancel-early} (cancelling that future
 * interrupts the export but returns at once, before the export has stopped),
 * {@code clear-flag} (an interrupt ends the export but its flag is cleared), {@code pre-interrupt} (an export called
 * with the interrupt flag already set clears it and runs to its end), {@code cancel-type} (an interrupt ends
 * the export with a write error, not {@code ExportCancelledException}), {@code interrupt-commits} (an interrupt
 * partway is taken as the end of the data: its flag cleared, the dump written so far put in place, the flag set
 * again, and the export returns as if the dump were whole);
 * <li>what a failure leaves, each {@code <when>-writes} (the previous file emptied) or {@code <when>-leftover} (a
 * staged file opened and abandoned) before the failure is thrown, {@code <when>} being {@code cancel} (an interrupt
 * before the dump), {@code interrupt} (an interrupt partway), {@code listener} (the listener's exception at
 * {@code Started}), {@code error} (the listener's {@code Error} at {@code Started}), {@code partway} (the listener's
 * exception at the first progress with bytes written),
 * {@code close} (an export after {@code close()}), {@code async} or {@code executor} (a failure of
 * {@code exportAsync(request)}, or of {@code exportAsync(request, executor)}, done by the export's thread before the
 * future fails); {@code timeout-leftover} (a timeout, the deadline kept, that
 * abandons a staged file); and, for each usual name of a temporary file, a leftover of that name alone:
 * {@code refusal-hidden} ({@code .out.sql.staging}), {@code close-part} ({@code out.sql.part}) and
 * {@code timeout-tmp} ({@code out.sql.tmp}) for a destination {@code out.sql}; {@code listener-folder} (an empty work
 * folder, {@code out.sql.work}, left beside the destination before the listener's exception at {@code Started} is
 * thrown);
 * <li>concurrency: {@code one-at-a-time} (a second export while one runs is refused; the first waits up to 10 s
 * for a second to arrive, so that two started at once meet, and exports one after another all run),
 * {@code overlap-first} and {@code overlap-last} (of two exports at once, the one whose destination's name sorts
 * first, or last, writes its dump twice, as a dump buffer the two shared would; the first to start waits for the
 * second in the same way);
 * <li>events: {@code two-started}, {@code two-finished}, {@code started-late} (a {@code Warning} sent before
 * {@code Started}), {@code finished-not-last} (a last progress sent after {@code Finished}), {@code finished-partial}
 * ({@code Finished} sent while the file in place lacks the dump's last byte), {@code finished-copy}
 * ({@code Finished} carries another result than the one returned), {@code polls} (numbered from 0),
 * {@code poll-count} (the result counts one poll fewer), {@code progress-back} (progress that goes back),
 * {@code messages} (a {@code ServerMessage} the result does not hold).
 * </ul>
 *
 * <p>The option {@code liberty} makes it take a liberty the contract allows (the self-test pins that the checks it
 * touches still pass): {@code listener-cause} (a listener's exception, at {@code Started} or partway, reaches the
 * caller as the cause of an {@code ExportFailedException}, not itself).
 */
public class StagedExportProvider implements ExportProvider {

    /** The rule this exporter breaks, for the TCK's self-test; none when absent. */
    static final ExportOption<String> BREAK = ExportOption.string("break");

    /** A liberty the contract allows that this exporter takes, for the TCK's self-test; none when absent. */
    static final ExportOption<String> LIBERTY = ExportOption.string("liberty");

    private final String name;

    /** The careful provider; ServiceLoader calls this. */
    public StagedExportProvider() {
        this("staged");
    }

    /**
     * A variant.
     *
     * @param name its name, which says which rule it breaks
     */
    protected StagedExportProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Exporter create(ExportOptions options) {
        String breaks = options.get(BREAK).orElse("");
        boolean wrapsListener = options.get(LIBERTY).orElse("").equals("listener-cause");
        try {
            options.requireKnown(List.of(BREAK, LIBERTY));
        } catch (InvalidOptionException e) {
            if (breaks.equals("option-message")) {
                throw new InvalidOptionException("unknown option");
            }
            if (breaks.equals("option-type")) {
                throw new IllegalArgumentException(e.getMessage());
            }
            throw e;
        }
        Path source = Path.of(options.path());
        return new Exporter() {
            private volatile boolean closed;
            // one-at-a-time and overlap-*: whether an export runs, the second export's arrival that the first
            // waits for, and the destinations of the exports that arrived.
            private final AtomicBoolean busy = new AtomicBoolean();
            private final CountDownLatch secondArrived = new CountDownLatch(1);
            private final List<String> arrived = Collections.synchronizedList(new ArrayList<>());

            @Override
            public void close() {
                closed = true;
            }

            @Override
            public CompletableFuture<ExportResult> exportAsync(ExportRequest request) {
                if (closed && breaks.equals("closed-async")) {
                    return CompletableFuture.failedFuture(new ExportCancelledException("the exporter is closed"));
                }
                if (closed && breaks.equals("closed-async-throws")) {
                    throw new IllegalStateException("the exporter is closed");
                }
                if (closed && breaks.equals("closed-async-completion")) {
                    // What join() of a failed future would throw, thrown by the call itself.
                    throw new CompletionException(new IllegalStateException("the exporter is closed"));
                }
                if (breaks.equals("async-wrap")) {
                    return wrapping(Exporter.super.exportAsync(request));
                }
                if (List.of("async-writes", "async-leftover", "async-details").contains(breaks)) {
                    return spoiling(Exporter.super.exportAsync(request), request, breaks, "async");
                }
                if (breaks.equals("async-daemon")) {
                    // On a daemon thread of its own, as the common pool's are; supplyAsync is not used, as on two
                    // cores it starts a thread of its caller's kind instead, whatever executor says the pool.
                    CompletableFuture<ExportResult> future = new CompletableFuture<>();
                    Thread thread = new Thread(() -> {
                        try {
                            future.complete(export(request));
                        } catch (RuntimeException e) {
                            future.completeExceptionally(e);
                        }
                    }, "staged-daemon");
                    thread.setDaemon(true);
                    thread.start();
                    return future;
                }
                return Exporter.super.exportAsync(request);
            }

            @Override
            public CompletableFuture<ExportResult> exportAsync(ExportRequest request, Executor executor) {
                // The closed-executor-* rules break this overload only: the one above stays careful.
                if (closed && breaks.equals("closed-executor")) {
                    return CompletableFuture.failedFuture(new ExportCancelledException("the exporter is closed"));
                }
                if (closed && breaks.equals("closed-executor-throws")) {
                    throw new IllegalStateException("the exporter is closed");
                }
                if (closed && breaks.equals("closed-executor-completion")) {
                    throw new CompletionException(new IllegalStateException("the exporter is closed"));
                }
                if (breaks.equals("executor-wrap")) {
                    // What a handler that rethrows the stage's failure does: exceptionally() is given the
                    // CompletionException that supplyAsync made, and wraps it in a second one.
                    return CompletableFuture.supplyAsync(() -> export(request), executor).exceptionally(failure -> {
                        throw new CompletionException(failure);
                    });
                }
                if (List.of("executor-writes", "executor-leftover", "executor-details").contains(breaks)) {
                    return spoiling(Exporter.super.exportAsync(request, executor), request, breaks, "executor");
                }
                if (breaks.equals("executor-flag")) {
                    return leavingTheFlag(() -> export(request), executor);
                }
                if (breaks.equals("cancel-early")) {
                    return notWaiting(() -> export(request), executor);
                }
                if (breaks.equals("cancel-queued")) {
                    // A cancel reaches the export only once the executor has started it: one that comes before
                    // cancels this future alone, and the export runs when the executor gets to it.
                    AtomicBoolean begun = new AtomicBoolean();
                    CompletableFuture<ExportResult> export = Exporter.super.exportAsync(request, task ->
                            executor.execute(() -> {
                                begun.set(true);
                                task.run();
                            }));
                    CompletableFuture<ExportResult> future = new CompletableFuture<>() {
                        @Override
                        public boolean cancel(boolean mayInterruptIfRunning) {
                            if (begun.get() && !export.cancel(mayInterruptIfRunning)) {
                                return false;
                            }
                            return super.cancel(mayInterruptIfRunning);
                        }
                    };
                    return relayed(export, future);
                }
                if (breaks.equals("cancel-false")) {
                    CompletableFuture<ExportResult> export = Exporter.super.exportAsync(request, executor);
                    // Reads mayInterruptIfRunning literally: only cancel(true) reaches the export.
                    CompletableFuture<ExportResult> future = new CompletableFuture<>() {
                        @Override
                        public boolean cancel(boolean mayInterruptIfRunning) {
                            if (mayInterruptIfRunning) {
                                export.cancel(true);
                            }
                            return super.cancel(mayInterruptIfRunning);
                        }
                    };
                    return relayed(export, future);
                }
                return Exporter.super.exportAsync(request, executor);
            }

            @Override
            public ExportResult export(ExportRequest request) {
                if (!List.of("one-at-a-time", "overlap-first", "overlap-last").contains(breaks)) {
                    return exportAlone(request, false);
                }
                // Noted before the race for busy, so that both are here once the second export has arrived.
                arrived.add(destination(request));
                if (!busy.compareAndSet(false, true)) {
                    secondArrived.countDown();
                    if (breaks.equals("one-at-a-time")) {
                        throw new IllegalStateException("another export is running");
                    }
                    return exportAlone(request, spoiled(request));
                }
                boolean met = false;
                try {
                    // Waits for a second export to meet, so that a contract that runs two at once sees the break.
                    met = secondArrived.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    return exportAlone(request, met && spoiled(request));
                } finally {
                    busy.set(false);
                }
            }

            /**
             * With {@code overlap-*}, whether this export, one of two at once, is the one to spoil: chosen by its
             * destination's name, not by which started first, which is the threads' choice.
             */
            private boolean spoiled(ExportRequest request) {
                String first;
                String second;
                synchronized (arrived) {
                    first = arrived.get(0);
                    second = arrived.get(1);
                }
                String mine = destination(request);
                String other = mine.equals(first) ? second : first;
                return breaks.equals("overlap-first") ? mine.compareTo(other) < 0 : mine.compareTo(other) > 0;
            }

            /** One export; {@code twice} writes its dump twice, as a buffer shared with another export would. */
            private ExportResult exportAlone(ExportRequest request, boolean twice) {
                if (closed) {
                    spoil(request, breaks, "close");
                    if (breaks.equals("closed-type")) {
                        throw new ExportCancelledException("the exporter is closed");
                    }
                    throw new IllegalStateException(breaks.equals("closed-message") ? "no more exports"
                            : "the exporter is closed");
                }
                if (breaks.equals("pre-interrupt")) {
                    // A flag set before the call taken for a stale one of the caller's: cleared, and the export runs.
                    Thread.interrupted();
                }
                Instant started = Instant.now();
                if (breaks.equals("started-late")) {
                    request.listener().onEvent(new ExportEvent.Warning("sent before Started"));
                }
                try {
                    request.listener().onEvent(new ExportEvent.Started(name, source.toString()));
                } catch (RuntimeException e) {
                    spoil(request, breaks, "listener");
                    if (breaks.equals("listener-wrap")) {
                        throw new IllegalStateException("the listener failed: " + e.getMessage());
                    }
                    if (breaks.equals("listener-error")) {
                        throw new Error("the listener failed", e);
                    }
                    if (wrapsListener) {
                        throw new ExportFailedException("the listener failed", e);
                    }
                    throw e;
                } catch (Error e) {
                    spoil(request, breaks, "error");
                    if (breaks.equals("error-wrap")) {
                        throw new ExportFailedException("the listener failed", e);
                    }
                    if (breaks.equals("error-rewrap")) {
                        throw new Error("the listener failed", e);
                    }
                    throw e;
                }
                if (closed && breaks.equals("close-hangs")) {
                    // Stalled by close(), interrupts ignored, past the contract's patience; then refused, so that
                    // nothing is written once the test has given up on it.
                    holdPast(ContractChecks.PATIENCE);
                    throw new IllegalStateException("the exporter is closed");
                }
                if (closed && breaks.equals("close-aborts")) {
                    // Checked again after Started: an export under way when close() came is refused too.
                    throw new IllegalStateException("the exporter is closed");
                }
                if (breaks.equals("two-started")) {
                    request.listener().onEvent(new ExportEvent.Started(name, source.toString()));
                }
                if (interrupted(breaks)) {
                    spoil(request, breaks, "cancel");
                    throw cancelled(breaks);
                }
                if ((breaks.equals("timeout-leftover") || breaks.equals("timeout-tmp"))
                        && request.timeout().isPresent()) {
                    spoil(request, breaks, "timeout");
                    throw new ExportTimeoutException("the export took longer than " + request.timeout().get());
                }
                if (breaks.equals("timeout-type") && request.timeout().isPresent()) {
                    throw new ExportCancelledException("the export took longer than " + request.timeout().get());
                }
                if (!Files.isRegularFile(source)) {
                    spoil(request, breaks, "missing");
                    if (breaks.equals("missing-type")) {
                        throw new UncheckedIOException(new NoSuchFileException(source.toString()));
                    }
                    // With details, as an API's answer has them: async-details and executor-details drop them.
                    throw new DatabaseNotFoundException("No database " + source, null,
                            ErrorDetails.ofStatus(404).withError(7404, "database not found"));
                }
                ExportDestination requested = folderRule(request.destination(), breaks);
                Optional<Path> parent = request.destination().path().map(Path::toAbsolutePath).map(Path::getParent);
                if (breaks.equals("mkdirs") && parent.isPresent() && !Files.exists(parent.get())) {
                    try {
                        Files.createDirectories(parent.get());
                    } catch (IOException e) {
                        throw new DestinationException("Cannot create " + parent.get() + ": " + e, e);
                    }
                    throw new DestinationException("The folder " + parent.get() + " was missing");
                }
                if (breaks.equals("missing-folder-type") && parent.isPresent() && !Files.exists(parent.get())) {
                    throw new UncheckedIOException(new NoSuchFileException(parent.get().toString()));
                }
                StagedOutput.checkWritable(requested);
                List<String> notices = List.of();
                if (!request.tables().isEmpty()) {
                    notices = unmatched(source, request, breaks);
                }
                int polls = 0;
                for (int number = 1; number <= 2; number++) {
                    request.listener().onEvent(new ExportEvent.Poll(breaks.equals("polls") ? number - 1 : number,
                            "active", Duration.ZERO));
                    polls++;
                }
                if (breaks.equals("messages")) {
                    request.listener().onEvent(new ExportEvent.ServerMessage("not in the result"));
                }
                boolean noSchema = request.noSchema()
                        && !(name.equals("staged-noschema") && !request.tables().isEmpty())
                        && !(breaks.equals("noschema-all") && request.tables().isEmpty());
                byte[] dump;
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    boolean unfiltered = breaks.equals("filter")
                            || breaks.equals("refusal-filter") && request.failOnUnmatchedTables();
                    D1DumpWriter.builder().tables(unfiltered ? List.of() : request.tables())
                            .noData(request.noData() && !breaks.equals("nodata")).noSchema(noSchema)
                            .build().write(source, bytes);
                    if (twice) {
                        bytes.write(bytes.toByteArray());
                    }
                    dump = bytes.toByteArray();
                    if (breaks.equals("no-header")) {
                        // The first line, the header, left out; the size reported is still what is written.
                        String text = new String(dump, StandardCharsets.UTF_8);
                        dump = text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    throw new DatabaseNotFoundException("Cannot read " + source);
                }
                ExportDestination destination = requested;
                Optional<Path> folder = destination.path().filter(Files::isDirectory);
                if (breaks.equals("folder-beside") && folder.isPresent()) {
                    // The folder's name taken as a prefix: the dump lands beside the folder, not in it.
                    destination = ExportDestination.file(
                            beside(folder.get(), "-dump.sql"));
                }
                // no-truncate: what was there before, of which a longer file keeps its tail.
                byte[] previous = breaks.equals("no-truncate") && destination.path().filter(Files::isRegularFile)
                        .isPresent() ? readAll(destination.path().get()) : new byte[0];
                try (StagedOutput out = StagedOutput.open(destination, "dump.sql")) {
                    OutputStream stream = out.stream();
                    boolean cut = false; // interrupt-commits: an interrupt cut the dump short
                    // stream-unflushed: the last byte held back, to be given to a caller's stream after the flush.
                    int held = breaks.equals("stream-unflushed") && destination.stream().isPresent() ? 1 : 0;
                    for (int i = 0; i < dump.length - held; i += 64) {
                        if (interrupted(breaks)) {
                            if (breaks.equals("interrupt-commits")) {
                                // Taken as the end of the data: the flag cleared so that the commit goes ahead.
                                cut = Thread.interrupted();
                                break;
                            }
                            spoil(request, breaks, "interrupt");
                            throw cancelled(breaks);
                        }
                        int n = Math.min(64, dump.length - held - i);
                        stream.write(dump, i, n);
                        try {
                            request.listener().onEvent(new ExportEvent.DownloadProgress(i + n, dump.length));
                        } catch (RuntimeException e) {
                            spoil(request, breaks, "partway");
                            if (breaks.equals("partway-wrap")) {
                                throw new IllegalStateException("the listener failed: " + e.getMessage());
                            }
                            if (wrapsListener) {
                                throw new ExportFailedException("the listener failed", e);
                            }
                            throw e;
                        }
                        if (breaks.equals("progress-back") && i == 0) {
                            request.listener().onEvent(new ExportEvent.DownloadProgress(0, dump.length));
                        }
                    }
                    stream.flush();
                    // provider-name: the name of the provider it builds on, not its own.
                    String provider = breaks.equals("provider-name") ? "sqlite" : name;
                    ExportResult.Builder built = ExportResult.builder(provider).startedAt(started)
                            .path(out.target().map(p -> breaks.equals("path") ? p.getFileName() : p)
                                    .orElse(breaks.equals("stream-path") ? Path.of("stream.sql") : null))
                            .filename(breaks.equals("folder-name") ? "export.sql"
                                    : breaks.equals("blank-name") ? " " : "dump.sql")
                            .bytes(breaks.equals("bytes") ? dump.length - 1
                                    : breaks.equals("bytes-before-move") ? sizeAt(request, dump.length)
                                    : dump.length)
                            .polls(breaks.equals("poll-count") ? polls - 1 : polls)
                            .messages(breaks.equals("result-messages") ? List.of() : notices);
                    if (!request.tables().isEmpty() && !breaks.equals("unmatched")) {
                        (breaks.equals("schema-only") ? UnmatchedTables.names(request.tables(), names(source).keySet())
                                : UnmatchedTables.names(request, names(source))).forEach(built::unmatchedTable);
                    }
                    ExportResult result = built.build();
                    if (name.equals("staged-earlyfinish")) {
                        request.listener().onEvent(new ExportEvent.Finished(result));
                    }
                    Path path = out.commit().orElse(null);
                    if (held > 0) {
                        destination.stream().get().write(dump, dump.length - held, held);
                    }
                    if (breaks.equals("stream-close") && destination.stream().isPresent()) {
                        destination.stream().get().close();
                    }
                    if (cut) {
                        Thread.currentThread().interrupt(); // set again, as if nothing had happened
                    }
                    if (breaks.equals("timeout-writes") && request.timeout().isPresent()) {
                        // The deadline checked only once the dump is in place: too late to write nothing.
                        try {
                            Thread.sleep(request.timeout().get().toMillis() + 100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new ExportTimeoutException("the export took longer than " + request.timeout().get());
                    }
                    if (previous.length > dump.length) {
                        // Written over in place without truncating: the previous file's tail stays after the dump.
                        Files.write(path, Arrays.copyOfRange(previous, dump.length, previous.length),
                                StandardOpenOption.APPEND);
                    }
                    if (breaks.equals("folder-stray") && folder.isPresent()) {
                        // A lock beside the folder, taken for the export and never removed.
                        Files.write(beside(folder.get(), ".lock"), new byte[0]);
                    }
                    if (name.equals("staged-leftover") && path != null) {
                        Files.write(path.resolveSibling(path.getFileName() + ".inprogress"), dump);
                    }
                    boolean partial = breaks.equals("finished-partial") && path != null;
                    if (partial) {
                        // Its last byte not yet written when Finished is sent, as by a provider writing in place.
                        Files.write(path, Arrays.copyOf(dump, dump.length - 1));
                    }
                    if (!name.equals("staged-earlyfinish")) {
                        try {
                            request.listener().onEvent(new ExportEvent.Finished(breaks.equals("finished-copy")
                                    ? built.build() : result));
                        } catch (Error e) {
                            if (!breaks.equals("finished-error")) {
                                throw e;
                            }
                            // finished-error: dropped as a RuntimeException there is, the dump being in place.
                        }
                    }
                    if (partial) {
                        Files.write(path, Arrays.copyOfRange(dump, dump.length - 1, dump.length),
                                StandardOpenOption.APPEND);
                    }
                    if (breaks.equals("two-finished")) {
                        request.listener().onEvent(new ExportEvent.Finished(result));
                    }
                    if (breaks.equals("finished-not-last")) {
                        request.listener().onEvent(new ExportEvent.DownloadProgress(dump.length, dump.length));
                    }
                    return result;
                } catch (IOException e) {
                    if (interrupted(breaks)) {
                        throw new ExportCancelledException("interrupted");
                    }
                    throw new DestinationException("Cannot write: " + e, e);
                }
            }
        };
    }

    /**
     * Before a failure at {@code when}: empties the previous file ({@code <when>-writes}), abandons a staged file
     * ({@code <when>-leftover}), leaves a file of one usual temporary name ({@code <when>-hidden}, {@code -part},
     * {@code -tmp}) or an empty work folder ({@code <when>-folder}), if {@code breaks} says so.
     */
    private static void spoil(ExportRequest request, String breaks, String when) {
        if (breaks.equals(when + "-writes")) {
            request.destination().path().ifPresent(p -> {
                try {
                    Files.writeString(p, "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } else if (breaks.equals(when + "-leftover")) {
            StagedOutput.open(request.destination(), "dump.sql"); // never closed: left behind
        } else if (breaks.equals(when + "-hidden")) {
            leave(request, p -> "." + p + ".staging");
        } else if (breaks.equals(when + "-part")) {
            leave(request, p -> p + ".part");
        } else if (breaks.equals(when + "-tmp")) {
            leave(request, p -> p + ".tmp");
        } else if (breaks.equals(when + "-folder")) {
            request.destination().path().ifPresent(p -> {
                try {
                    Files.createDirectory(p.resolveSibling(p.getFileName() + ".work"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Leaves half a dump beside a file destination, under the name {@code named} makes of the destination's. */
    private static void leave(ExportRequest request, UnaryOperator<String> named) {
        request.destination().path().ifPresent(p -> {
            try {
                Files.writeString(p.resolveSibling(named.apply(p.getFileName().toString())), "half a dump");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** For {@code close-hangs}: sleeps a little longer than {@code patience}, whatever interrupts come. */
    private static void holdPast(Duration patience) {
        long end = System.nanoTime() + patience.plusSeconds(2).toNanos();
        boolean interrupted = false;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What an interrupt ends the export with; with {@code cancel-type}, a write error instead of a cancellation. */
    private static RuntimeException cancelled(String breaks) {
        return breaks.equals("cancel-type") ? new DestinationException("Cannot write: interrupted")
                : new ExportCancelledException("interrupted");
    }

    /**
     * For {@code bytes-before-move}: the size of what is at the destination's path before the dump is moved there (a
     * previous file, or the folder itself), or {@code written} when nothing is.
     */
    private static long sizeAt(ExportRequest request, long written) {
        Optional<Path> path = request.destination().path().filter(Files::exists);
        if (path.isEmpty()) {
            return written;
        }
        try {
            return Files.size(path.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's bytes, for {@code no-truncate}. */
    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file beside {@code folder} whose name is the folder's with {@code suffix}, for the {@code folder-*} rules. */
    private static Path beside(Path folder, String suffix) {
        return folder.resolveSibling(folder.getFileName() + suffix);
    }

    /**
     * The destination to write, a folder destination's as the {@code folder-as-file}, {@code folder-refused} and
     * {@code folder-mkdirs} rules break it: a missing folder's name taken for the dump's, any folder destination
     * refused, a missing folder created before the destination error.
     */
    private static ExportDestination folderRule(ExportDestination destination, String breaks) {
        if (!destination.isFolder()) {
            return destination;
        }
        Path folder = destination.path().orElseThrow();
        if (breaks.equals("folder-as-file")) {
            return ExportDestination.file(folder);
        }
        if (breaks.equals("folder-refused")) {
            throw new DestinationException("Folder destinations are not supported: " + folder);
        }
        if (breaks.equals("folder-mkdirs") && !Files.exists(folder)) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new DestinationException("Cannot create " + folder + ": " + e, e);
            }
            throw new DestinationException("The folder " + folder + " was missing");
        }
        return destination;
    }

    /** A destination's path as text; empty for a stream. */
    private static String destination(ExportRequest request) {
        return request.destination().path().map(Path::toString).orElse("");
    }

    /** Whether this thread is interrupted; with {@code clear-flag}, clearing its interrupt flag. */
    private static boolean interrupted(String breaks) {
        return breaks.equals("clear-flag") ? Thread.interrupted() : Thread.currentThread().isInterrupted();
    }

    /**
     * Reports the requested names that match nothing as {@code Warning} events (returning the notices), or refuses
     * them when the request says so, breaking the rule {@code breaks} names if it is one of these.
     */
    private static List<String> unmatched(Path source, ExportRequest request, String breaks) {
        Map<String, String> existing = names(source);
        if (request.failOnUnmatchedTables() && !UnmatchedTables.names(request, existing).isEmpty()) {
            if (breaks.equals("refusal-message")) {
                throw new InvalidExportRequestException("unknown table in " + request.tables());
            }
            if (breaks.equals("refusal-type")) {
                throw new IllegalArgumentException(UnmatchedTables.refusal(request, existing).getMessage());
            }
            spoil(request, breaks, "refusal");
            throw UnmatchedTables.refusal(request, existing);
        }
        // schema-only: the names checked as for a dump with schema, whatever the request.
        List<String> notices = breaks.equals("schema-only")
                ? UnmatchedTables.notices(request.tables(), existing.keySet())
                : UnmatchedTables.notices(request, existing);
        if (!breaks.equals("warnings")) {
            notices.forEach(n -> request.listener().onEvent(new ExportEvent.Warning(n)));
        }
        return notices;
    }

    private static Map<String, String> names(Path source) {
        Map<String, String> names = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source);
                ResultSet rows = c.createStatement().executeQuery("SELECT name, type FROM sqlite_schema")) {
            while (rows.next()) {
                names.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new DatabaseNotFoundException("Cannot read " + source + ": " + e);
        }
        return names;
    }

    /** Completes {@code future} as {@code export} completes: a future whose {@code cancel} a break rule rewrites. */
    private static <T> CompletableFuture<T> relayed(CompletableFuture<T> export, CompletableFuture<T> future) {
        export.whenComplete((result, failure) -> {
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    /**
     * For {@code async-wrap}: completes as {@code export} does, but with its failure wrapped in an
     * {@code ExportFailedException}, as a provider that reports whatever its thread threw as its own failure would.
     */
    private static CompletableFuture<ExportResult> wrapping(CompletableFuture<ExportResult> export) {
        CompletableFuture<ExportResult> future = new CompletableFuture<>();
        export.whenComplete((result, failure) -> {
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(new ExportFailedException("the export failed", failure));
            }
        });
        return future;
    }

    /**
     * For {@code async-*} and {@code executor-*} ({@code when}): completes as {@code export} does, but a failure first
     * empties the previous file ({@code <when>-writes}) or abandons a staged file ({@code <when>-leftover}), as a
     * provider's own asynchronous path that cleans up less than its {@code export} would; or reaches the future as a
     * copy of its message alone, without its details ({@code <when>-details}).
     */
    private static CompletableFuture<ExportResult> spoiling(CompletableFuture<ExportResult> export,
            ExportRequest request, String breaks, String when) {
        CompletableFuture<ExportResult> future = new CompletableFuture<>();
        export.whenComplete((result, failure) -> {
            if (failure == null) {
                future.complete(result);
                return;
            }
            spoil(request, breaks, when);
            if (breaks.equals(when + "-details") && failure instanceof DatabaseNotFoundException) {
                future.completeExceptionally(new DatabaseNotFoundException(failure.getMessage()));
            } else {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    /**
     * For {@code executor-flag}: a future of its own whose {@code cancel} interrupts the export's thread and waits
     * until the export has stopped, as it should, but leaves the interrupt, which the export keeps, set on the
     * executor's thread.
     */
    private static CompletableFuture<ExportResult> leavingTheFlag(Supplier<ExportResult> work, Executor executor) {
        AtomicReference<Thread> runner = new AtomicReference<>();
        AtomicBoolean cancelling = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        CompletableFuture<ExportResult> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelling.set(true);
                Thread thread = runner.get();
                if (thread != null) {
                    thread.interrupt();
                }
                boolean interrupted = false;
                while (true) {
                    try {
                        ended.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return super.cancel(mayInterruptIfRunning);
            }
        };
        executor.execute(() -> {
            runner.set(Thread.currentThread());
            try {
                future.complete(work.get());
            } catch (RuntimeException | Error e) {
                if (!cancelling.get()) {
                    // A cancel's interrupt ends the export in a failure that the cancel turns into a cancellation.
                    future.completeExceptionally(e);
                }
            } finally {
                runner.set(null);
                ended.countDown();
            }
        });
        return future;
    }

    /**
     * For {@code cancel-early}: a future of its own whose {@code cancel} interrupts the export's thread and returns at
     * once, before the export has stopped (as {@code CompletableFuture.cancel} would if it interrupted at all); the
     * export's thread clears the interrupt at its end, so that only the missing wait is wrong.
     */
    private static CompletableFuture<ExportResult> notWaiting(Supplier<ExportResult> work, Executor executor) {
        AtomicReference<Thread> runner = new AtomicReference<>();
        AtomicBoolean cancelling = new AtomicBoolean();
        CompletableFuture<ExportResult> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelling.set(true);
                Thread thread = runner.get();
                if (thread != null) {
                    thread.interrupt();
                }
                return super.cancel(mayInterruptIfRunning);
            }
        };
        executor.execute(() -> {
            runner.set(Thread.currentThread());
            try {
                future.complete(work.get());
            } catch (RuntimeException | Error e) {
                if (!cancelling.get()) {
                    future.completeExceptionally(e);
                }
            } finally {
                runner.set(null);
                if (cancelling.get()) {
                    Thread.interrupted();
                }
            }
        });
        return future;
    }

    /** Ignores {@code noSchema} when tables are named. */
    public static final class NoSchema extends StagedExportProvider {
        /** Creates it; ServiceLoader calls this. */
        public NoSchema() {
            super("staged-noschema");
        }
    }

    /** Sends {@code Finished} before the dump is in place. */
    public static final class EarlyFinish extends StagedExportProvider {
        /** Creates it; ServiceLoader calls this. */
        public EarlyFinish() {
            super("staged-earlyfinish");
        }
    }

    /** Leaves {@code <dump>.inprogress} beside the dump. */
    public static final class Leftover extends StagedExportProvider {
        /** Creates it; ServiceLoader calls this. */
        public Leftover() {
            super("staged-leftover");
        }
    }
}
