package dev.d1export.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportRequestException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.spi.UnmatchedTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.d1export.testkit.internal.BlockingListener;
import dev.d1export.testkit.internal.ContractChecks;
import dev.d1export.testkit.internal.ExportThread;
import dev.d1export.testkit.internal.HoldingListener;

/**
 * The provider TCK: the SPI's contract as JUnit 5 tests that any {@link dev.d1export.spi.ExportProvider} runs. A
 * provider's test class implements this interface and says how to reach a {@link ContractDatabase}; the default test
 * methods prove that the provider is discoverable, exports the exact dump (to a caller's stream too, flushed and not
 * closed; into a folder, and a folder destination that is not there is refused), honours the table filter and the
 * {@code noData} / {@code noSchema} options, reports (or, when asked, refuses) a table name that matches nothing, writes atomically (a failure leaves no temporary file and the previous
 * file untouched), reports failures with the SPI's typed errors (and fails {@code exportAsync}'s future with the
 * one {@code export} throws, its details kept, the previous file untouched), lets a listener's exception abort the export (an
 * {@code Error} propagating as thrown, from {@code Finished} too), can be cancelled (interrupt, also of an export
 * called on a thread already interrupted, {@code future.cancel}, which leaves no executor's thread interrupted),
 * refuses an export once closed (and lets one already under way finish), runs {@code exportAsync} on a thread that
 * is not a daemon, delivers its events in order and fills in the result.
 *
 * <pre>{@code
 * class SqliteProviderContractTest implements ExportProviderContract {
 *     public String providerName() { return "sqlite"; }
 *     public ExportOptions optionsFor(ContractDatabase db) { return ExportOptions.parse("d1:sqlite:" + db.file()); }
 *     public ExportOptions optionsForMissingDatabase(Path dir) {
 *         return ExportOptions.parse("d1:sqlite:" + dir.resolve("missing.sqlite"));
 *     }
 * }
 * }</pre>
 *
 * <p>Dumps are compared byte for byte with {@link ContractDatabase}'s, in either {@code INSERT} form (with or without
 * the column list).
 */
public interface ExportProviderContract {

    /**
     * The provider's name, as its results and events report it.
     *
     * @return e.g. {@code sqlite}
     */
    String providerName();

    /**
     * Options that export the given database with this provider.
     *
     * @param database a fresh contract database for one test
     * @return the options
     */
    ExportOptions optionsFor(ContractDatabase database);

    /**
     * Options naming a database that does not exist, whose export must fail with
     * {@link DatabaseNotFoundException}.
     *
     * @param dir an empty folder of the test's
     * @return the options
     */
    ExportOptions optionsForMissingDatabase(Path dir);

    /**
     * Options whose export of the database takes several seconds, for the timeout test; empty to skip it.
     *
     * @param database a fresh contract database
     * @return the options, if the provider can be made slow
     */
    default Optional<ExportOptions> slowOptionsFor(ContractDatabase database) {
        return Optional.empty();
    }

    /**
     * What the provider supports beyond the core contract.
     *
     * @return the features; all by default
     */
    default Set<ContractFeature> features() {
        return EnumSet.allOf(ContractFeature.class);
    }

    // ---- exact dumps and result fields

    /**
     * The provider is found by the SPI's facade and exports the exact dump, and its result describes it.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be read
     */
    @Test
    default void contractExportsTheWholeDatabaseAndDescribesIt(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(ExportRequest.builder().destination(out).build());
        }
        String dump = Files.readString(out, StandardCharsets.UTF_8);
        ContractChecks.assertDump(db, List.of(), false, false, dump);
        assertEquals(providerName(), result.provider(), "result.provider()");
        assertEquals(Optional.of(out.toAbsolutePath()), result.path(), "result.path()");
        assertEquals(Files.size(out), result.bytes(), "result.bytes() is the file's size");
        assertTrue(!result.filename().isBlank(), "result.filename() is set");
        // Not only no file of a temporary's usual name: nothing but the dump (whatever a leftover is called).
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    /**
     * A stream destination receives the dump, flushed and not closed (as {@link dev.d1export.spi.ExportDestination}
     * promises: the stream is the caller's), and the result has no path.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractWritesToAStream(@TempDir Path dir) {
        ContractDatabase db = ContractDatabase.create(dir);
        ContractChecks.Sink sink = new ContractChecks.Sink();
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(ExportRequest.builder().destination(sink).build());
        }
        ContractChecks.assertDump(db, List.of(), false, false, sink.toString(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), result.path(), "result.path() for a stream");
        assertEquals(sink.size(), result.bytes(), "result.bytes()");
        assertFalse(sink.closed(), "the caller's stream is not closed");
        assertEquals(sink.size(), sink.flushedSize(), "the caller's stream is flushed after the dump's last byte (bytes"
                + " written when it was last flushed)");
    }

    /**
     * A folder destination receives the dump under the provider's (sanitised) file name, and the result counts its
     * bytes.
     *
     * @param dir a temporary folder
     * @throws IOException if the folder cannot be made
     */
    @Test
    default void contractWritesIntoAFolderUnderItsFileName(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path folder = Files.createDirectory(dir.resolve("dumps"));
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(ExportRequest.builder().destination(folder).build());
        }
        Path written = result.path().orElseThrow(() -> new AssertionError("result.path() is empty"));
        assertEquals(folder.toAbsolutePath(), written.getParent(), "the dump is inside the folder");
        assertEquals(result.filename(), written.getFileName().toString(), "named by result.filename()");
        ContractChecks.assertDump(db, List.of(), false, false, Files.readString(written));
        assertEquals(Files.size(written), result.bytes(), "result.bytes() is the size of the file in the folder");
        ContractChecks.assertOnly(folder, written);
        ContractChecks.assertOnly(dir, folder, db.folder());
    }

    /**
     * A previous file at the destination is replaced as a whole, leaving no temporary file, and the result counts
     * the new file's bytes.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractReplacesAPreviousFile(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump, much longer than the new one ".repeat(100));
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(ExportRequest.builder().destination(out).build());
        }
        ContractChecks.assertDump(db, List.of(), false, false, Files.readString(out));
        assertEquals(Files.size(out), result.bytes(),
                "result.bytes() is the new file's size, not the previous one's");
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    // ---- filters and options

    /**
     * The table filter exports the named objects only, by their own names, whatever their order.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractHonoursTheTableFilter(@TempDir Path dir) {
        Assumptions.assumeTrue(features().contains(ContractFeature.FILTERS), "the provider does not filter");
        ContractDatabase db = ContractDatabase.create(dir);
        for (List<String> tables : List.of(List.of("users"), List.of("posts", "users"), List.of("idx_posts_user"),
                List.of("users", "idx_posts_user"))) {
            ContractChecks.assertDump(db, tables, false, false, ContractChecks.exportToString(optionsFor(db),
                    ExportRequest.builder().tables(tables)));
        }
    }

    /**
     * {@code noData} leaves out every row.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractHonoursNoData(@TempDir Path dir) {
        Assumptions.assumeTrue(features().contains(ContractFeature.FILTERS), "the provider does not filter");
        ContractDatabase db = ContractDatabase.create(dir);
        ContractChecks.assertDump(db, List.of(), true, false, ContractChecks.exportToString(optionsFor(db),
                ExportRequest.builder().noData(true)));
        ContractChecks.assertDump(db, List.of("posts"), true, false, ContractChecks.exportToString(optionsFor(db),
                ExportRequest.builder().noData(true).tables("posts")));
    }

    /**
     * {@code noSchema} leaves out the schema.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractHonoursNoSchema(@TempDir Path dir) {
        Assumptions.assumeTrue(features().contains(ContractFeature.FILTERS), "the provider does not filter");
        ContractDatabase db = ContractDatabase.create(dir);
        ContractChecks.assertDump(db, List.of(), false, true, ContractChecks.exportToString(optionsFor(db),
                ExportRequest.builder().noSchema(true)));
        ContractChecks.assertDump(db, List.of("posts"), false, true, ContractChecks.exportToString(optionsFor(db),
                ExportRequest.builder().noSchema(true).tables("posts")));
    }

    /**
     * A filter that names nothing in the database gives the header line alone, not an error.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractGivesTheHeaderAloneWhenTheFilterMatchesNothing(@TempDir Path dir) {
        Assumptions.assumeTrue(features().contains(ContractFeature.FILTERS), "the provider does not filter");
        ContractDatabase db = ContractDatabase.create(dir);
        assertEquals(ContractDatabase.HEADER, ContractChecks.exportToString(optionsFor(db),
                ExportRequest.builder().tables("USERS", "does_not_exist")), "case-sensitive, unknown names ignored");
    }

    /**
     * A requested name that matches nothing is reported in {@link UnmatchedTables}' words, as a {@code Warning} event
     * and a result message, and in {@link ExportResult#unmatchedTables()}; the export still runs, as D1's does.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractReportsANameThatMatchesNothing(@TempDir Path dir) {
        Assumptions.assumeTrue(features().contains(ContractFeature.TABLE_NAMES),
                "the provider does not read the database's names");
        ContractDatabase db = ContractDatabase.create(dir);
        List<ExportEvent> events = new ArrayList<>();
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(ExportRequest.builder().tables("users", "USERS", "does_not_exist")
                    .destination(new ByteArrayOutputStream()).listener(events::add).build());
        }
        List<String> notices = UnmatchedTables.notices(List.of("users", "USERS", "does_not_exist"),
                List.of("users", "posts", "idx_posts_user"));
        assertEquals(List.of("USERS", "does_not_exist"), result.unmatchedTables(), "result.unmatchedTables() (report"
                + " the requested names that match nothing, or leave ContractFeature.TABLE_NAMES out of features())");
        assertEquals(notices, events.stream().filter(ExportEvent.Warning.class::isInstance)
                .map(e -> ((ExportEvent.Warning) e).message()).collect(Collectors.toList()), "Warning events");
        assertTrue(result.messages().containsAll(notices), "the result's messages hold the notices: "
                + result.messages());
    }

    /**
     * In a request without schema ({@link ExportRequest#noSchema()}) the dump holds only table rows, so an index's
     * name matches nothing: it is reported as any unmatched name is, in the words of
     * {@link UnmatchedTables#notices(ExportRequest, Map)}.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractReportsAnIndexInARowsOnlyRequest(@TempDir Path dir) {
        Assumptions.assumeTrue(features().contains(ContractFeature.TABLE_NAMES),
                "the provider does not read the database's names");
        Assumptions.assumeTrue(features().contains(ContractFeature.FILTERS),
                "the provider does not honour noSchema");
        ContractDatabase db = ContractDatabase.create(dir);
        List<ExportEvent> events = new ArrayList<>();
        ExportRequest request = ExportRequest.builder().tables("users", "idx_posts_user").noSchema(true)
                .destination(new ByteArrayOutputStream()).listener(events::add).build();
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(request);
        }
        List<String> notices = UnmatchedTables.notices(request,
                Map.of("users", "table", "posts", "table", "idx_posts_user", "index"));
        assertEquals(List.of("idx_posts_user"), result.unmatchedTables(), "result.unmatchedTables() (without schema"
                + " the dump has nothing for an index: check names with UnmatchedTables.names(request, existing))");
        assertEquals(notices, events.stream().filter(ExportEvent.Warning.class::isInstance)
                .map(e -> ((ExportEvent.Warning) e).message()).collect(Collectors.toList()), "Warning events");
    }

    /**
     * A request that {@linkplain ExportRequest#failOnUnmatchedTables() fails on unmatched tables} and names one is
     * refused with {@link UnmatchedTables#refusal}'s {@link InvalidExportRequestException}; nothing is written.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractFailsOnANameThatMatchesNothingWhenAsked(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(features().contains(ContractFeature.TABLE_NAMES),
                "the provider does not read the database's names");
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            InvalidExportRequestException e = assertThrows(InvalidExportRequestException.class,
                    () -> exporter.export(ExportRequest.builder().tables("users", "does_not_exist")
                            .failOnUnmatchedTables(true).destination(out).build()));
            assertEquals(UnmatchedTables.refusal(List.of("does_not_exist"), List.of()).getMessage(), e.getMessage());
            assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
            ContractChecks.assertNoTemporaryFiles(dir);
            exporter.export(ExportRequest.builder().tables("users").failOnUnmatchedTables(true).destination(out)
                    .build());
        }
        ContractChecks.assertDump(db, List.of("users"), false, false, Files.readString(out));
    }

    /**
     * A misspelt option is refused when the exporter is opened, naming the option.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractRefusesAnUnknownOptionByName(@TempDir Path dir) {
        ContractDatabase db = ContractDatabase.create(dir);
        ExportOptions bad = optionsFor(db).mutate().option("no-such-option", "1").build();
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> D1Export.open(bad).close(),
                "an option the provider does not know is refused (call options.requireKnown(supportedOptions()) in"
                        + " create())");
        assertTrue(e.getMessage().contains("no-such-option"), "the message names the option: " + e.getMessage());
    }

    // ---- typed errors and atomic writes

    /**
     * A missing database is {@link DatabaseNotFoundException}; the previous file stays and no temporary file is left.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractReportsAMissingDatabaseAndKeepsThePreviousFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        try (Exporter exporter = D1Export.open(optionsForMissingDatabase(empty))) {
            assertThrows(DatabaseNotFoundException.class,
                    () -> exporter.export(ExportRequest.builder().destination(out).build()));
        }
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertOnly(dir, out, empty);
    }

    /**
     * Each {@code exportAsync} overload fails its future with the {@link D1ExportException} that
     * {@link Exporter#export(ExportRequest)} throws for the same request, as {@link Exporter#exportAsync(ExportRequest)}
     * promises: of the same type, with the same {@linkplain D1ExportException#details() details} apart from the
     * {@code cf-ray} (HTTP status and API error codes), and itself the future's cause (not wrapped in another
     * exception, nor in a second {@link CompletionException}); the call returns the failed future and does not throw.
     * Once the future has failed, the previous file at the destination is untouched and no temporary file is left
     * beside it, as after {@code export}. The request is one for a missing database, which every provider must refuse
     * with a typed error. (Messages are not compared: each export is a request of its own, and a message may name
     * what is the request's alone, as the {@code cloudflare} provider's names the answer's {@code cf-ray}, or a
     * server's text may.)
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractFailsExportAsyncWithTheExceptionExportThrows(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        ExportRequest request = ExportRequest.builder().destination(out).build();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Exporter exporter = D1Export.open(optionsForMissingDatabase(empty))) {
            D1ExportException thrown = assertThrows(D1ExportException.class, () -> exporter.export(request),
                    "export of a missing database");
            assertFailsAsExportDoes(thrown, () -> exporter.exportAsync(request), "exportAsync(request)");
            assertEquals("previous", Files.readString(out), "exportAsync(request): "
                    + ContractChecks.PREVIOUS_FILE_UNTOUCHED);
            ContractChecks.assertOnly("exportAsync(request)", dir, out, empty);
            // A provider may override one overload and not the other.
            assertFailsAsExportDoes(thrown, () -> exporter.exportAsync(request, executor),
                    "exportAsync(request, executor)");
            assertEquals("previous", Files.readString(out), "exportAsync(request, executor): "
                    + ContractChecks.PREVIOUS_FILE_UNTOUCHED);
            ContractChecks.assertOnly("exportAsync(request, executor)", dir, out, empty);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void assertFailsAsExportDoes(D1ExportException thrown,
            Supplier<CompletableFuture<ExportResult>> call, String what) {
        CompletableFuture<ExportResult> future = assertDoesNotThrow(call::get, what + " returns a failed future");
        // get(), not join(): it unwraps the one CompletionException a failed stage may hold, so a cause that is
        // still one is a second wrapping; and its timeout guards against a future that never completes.
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> future.get(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), what + " fails");
        Throwable cause = failed.getCause();
        assertSame(thrown.getClass(), cause == null ? null : cause.getClass(), what + " fails its future with the"
                + " D1ExportException that export throws, itself (not wrapped): " + cause);
        // What an operator acts on, which the same request gets the same of; the cf-ray differs per answer.
        assertEquals(kind(thrown.details()), kind(((D1ExportException) cause).details()), what + " fails with the"
                + " details of export's exception, its HTTP status and API error codes (keep its details(), do not"
                + " copy its message alone): " + cause);
    }

    /** The HTTP status and API error codes of a failure's details: what is the same for the same request. */
    private static String kind(ErrorDetails details) {
        return "HTTP status " + details.httpStatus() + ", error codes " + details.errorCodes();
    }

    /**
     * A destination in a missing folder is {@link DestinationException}, and nothing is created.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractReportsAMissingFolderAsADestinationError(@TempDir Path dir) {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("missing").resolve("out.sql");
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            assertThrows(DestinationException.class,
                    () -> exporter.export(ExportRequest.builder().destination(out).build()));
        }
        assertFalse(Files.exists(out.getParent()), "no folder was created");
    }

    /**
     * A {@linkplain ExportDestination#folder(Path) folder destination} whose folder is missing is
     * {@link DestinationException}, and nothing takes the folder's place (a provider that took the path for a file
     * would write a file of the folder's name there); once the folder is there, the dump goes inside it.
     *
     * @param dir a temporary folder
     * @throws IOException if the folder cannot be made
     */
    @Test
    default void contractRefusesAFolderDestinationThatIsNotThere(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path folder = dir.resolve("dumps");
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            assertThrows(DestinationException.class, () -> exporter.export(ExportRequest.builder()
                    .destination(ExportDestination.folder(folder)).build()), "a folder destination that is not there"
                    + " is refused");
            ContractChecks.assertOnly(dir, db.folder());
            Files.createDirectory(folder);
            result = assertDoesNotThrow(() -> exporter.export(ExportRequest.builder()
                    .destination(ExportDestination.folder(folder)).build()), "an existing folder destination takes"
                    + " the dump");
        }
        Path written = result.path().orElseThrow(() -> new AssertionError("result.path() is empty"));
        assertEquals(folder.toAbsolutePath(), written.getParent(), "the dump is inside the folder");
        ContractChecks.assertOnly(folder, written);
    }

    /**
     * An exception thrown by the listener aborts the export and reaches the caller; nothing is written.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractLetsAListenerExceptionAbortTheExport(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        IllegalStateException boom = new IllegalStateException("listener refuses");
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> exporter.export(
                    ExportRequest.builder().destination(out)
                            .listener(ContractChecks.throwingAt(ExportEvent.Started.class, boom)).build()));
            assertTrue(ContractChecks.causedBy(thrown, boom), "the listener's exception reaches the caller: " + thrown);
        }
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    /**
     * An {@link Error} thrown by the listener propagates as it was thrown, as {@link dev.d1export.spi.ExportListener}
     * promises: at {@code Started} it aborts the export (nothing is written, the previous file is untouched); at
     * {@code Finished}, where a {@link RuntimeException} is only logged, it still reaches the caller.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractLetsAnErrorFromTheListenerPropagate(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        Error atStarted = new Error("the listener's error at Started");
        Error atFinished = new Error("the listener's error at Finished");
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            Error thrown = assertThrows(Error.class, () -> exporter.export(ExportRequest.builder().destination(out)
                    .listener(ContractChecks.throwingAt(ExportEvent.Started.class, atStarted)).build()),
                    "an Error thrown by the listener at Started reaches the caller");
            assertSame(atStarted, thrown, "the listener's Error at Started propagates as it was thrown");
            assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
            ContractChecks.assertOnly(dir, out, db.folder());
            thrown = assertThrows(Error.class, () -> exporter.export(ExportRequest.builder()
                    .destination(new ByteArrayOutputStream())
                    .listener(ContractChecks.throwingAt(ExportEvent.Finished.class, atFinished)).build()),
                    "an Error thrown by the listener at Finished reaches the caller (only a RuntimeException there is"
                            + " logged and dropped)");
            assertSame(atFinished, thrown, "the listener's Error at Finished propagates as it was thrown");
        }
    }

    /**
     * A failure partway through the dump (the listener's, at the first progress with bytes written) leaves the
     * previous file whole and no temporary file: a dump is staged beside the destination, never written in place.
     * Skipped for a provider that reports no such progress.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractKeepsThePreviousFileWhenTheExportFailsPartway(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        IllegalStateException boom = new IllegalStateException("listener refuses partway");
        AtomicReference<Boolean> refused = new AtomicReference<>(false);
        RuntimeException failure = null;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            exporter.export(ExportRequest.builder().destination(out).listener(e -> {
                if (e instanceof ExportEvent.DownloadProgress progress && progress.bytes() > 0 && !refused.get()) {
                    refused.set(true);
                    throw boom;
                }
            }).build());
        } catch (RuntimeException e) {
            failure = e;
        }
        Assumptions.assumeTrue(refused.get(), "the provider reports no progress with bytes written");
        assertTrue(failure != null && ContractChecks.causedBy(failure, boom),
                "the listener's exception reaches the caller: " + failure);
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    // ---- cancellation

    /**
     * Interrupting the exporting thread cancels the export with {@link ExportCancelledException}, keeps the interrupt
     * flag, writes nothing and keeps the previous file.
     *
     * @param dir a temporary folder
     * @throws Exception if the test cannot wait
     */
    @Test
    default void contractCancelsWhenTheThreadIsInterrupted(@TempDir Path dir) throws Exception {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        BlockingListener listener = new BlockingListener();
        ExportThread export;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            export = ExportThread.start(exporter, ExportRequest.builder().destination(out).listener(listener).build());
            listener.awaitStarted(() -> !export.thread().isAlive());
            export.thread().interrupt();
            export.awaitEnd("the export ended after the interrupt");
        }
        assertInstanceOf(ExportCancelledException.class, export.failure(), "the export failed with");
        assertEquals(Boolean.TRUE, export.flagKept(), "the interrupt flag is kept");
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    /**
     * An export called on a thread that is already interrupted is cancelled as one interrupted once it started:
     * {@link ExportCancelledException}, the interrupt flag kept, nothing written and the previous file kept. (An
     * interrupt is a request to stop, whenever it came; a provider that clears a flag it finds set at the start
     * exports in full what its caller asked to cancel.)
     *
     * @param dir a temporary folder
     * @throws Exception if the test cannot wait
     */
    @Test
    default void contractCancelsAnExportCalledOnAnInterruptedThread(@TempDir Path dir) throws Exception {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        ExportThread export;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            export = ExportThread.startInterrupted(exporter, ExportRequest.builder().destination(out).build());
            export.awaitEnd("the export called on an interrupted thread ended");
        }
        assertInstanceOf(ExportCancelledException.class, export.failure(),
                "the export called on an interrupted thread failed with");
        assertEquals(Boolean.TRUE, export.flagKept(), "the interrupt flag is kept");
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    /**
     * An interrupt that comes partway through the dump (at the first progress with bytes written, while the
     * provider writes) ends the export as a cancellation ({@link ExportCancelledException}, the previous file kept)
     * or, if the provider had nothing left to do, lets it finish whole; never as another failure, such as the
     * {@code ClosedByInterruptException} of a file channel reported as a write error. The interrupt flag is kept.
     * Skipped for a provider that reports no such progress.
     *
     * @param dir a temporary folder
     * @throws Exception if the test cannot wait
     */
    @Test
    default void contractCancelsWhenInterruptedPartway(@TempDir Path dir) throws Exception {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        ExportThread export;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            export = ExportThread.start(exporter, ExportRequest.builder().destination(out).listener(e -> {
                if (e instanceof ExportEvent.DownloadProgress progress && progress.bytes() > 0 && !interrupted.get()) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                }
            }).build());
            export.awaitEnd("the export ended after the interrupt its listener gave partway");
        }
        Assumptions.assumeTrue(interrupted.get(), "the provider reports no progress with bytes written");
        if (export.failure() == null) {
            ContractChecks.assertDump(db, List.of(), false, false, Files.readString(out, StandardCharsets.UTF_8));
        } else {
            assertInstanceOf(ExportCancelledException.class, export.failure(), "the export failed with");
            assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        }
        assertEquals(Boolean.TRUE, export.flagKept(), "the interrupt flag is kept");
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    /**
     * Cancelling the future of {@link Exporter#exportAsync(ExportRequest, java.util.concurrent.Executor)} interrupts
     * the export and returns once the export has stopped; when its thread is done, nothing is written, and the
     * executor's thread is not left interrupted after the export's task (the cancel's interrupt is cleared).
     *
     * @param dir a temporary folder
     * @throws Exception if the test cannot wait
     */
    @Test
    default void contractCancelsWhenTheFutureIsCancelled(@TempDir Path dir) throws Exception {
        cancelTheFuture(dir, true);
    }

    /**
     * {@code cancel(false)} interrupts the export too, as {@link Exporter#exportAsync(ExportRequest)} promises (an
     * export nobody waits for must not keep the database busy), and returns once the export has stopped; the
     * executor's thread is not left interrupted either.
     *
     * @param dir a temporary folder
     * @throws Exception if the test cannot wait
     */
    @Test
    default void contractCancelsEvenWhenCancelIsToldNotToInterrupt(@TempDir Path dir) throws Exception {
        cancelTheFuture(dir, false);
    }

    /**
     * A future of {@link Exporter#exportAsync(ExportRequest, java.util.concurrent.Executor)} cancelled before the
     * executor started the export completes at once, and the export never runs: when the executor gets to it later,
     * nothing is sent to the listener and nothing is written.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractNeverRunsAnExportCancelledBeforeItsExecutorStartedIt(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        List<ExportEvent> events = new ArrayList<>();
        // An executor that runs nothing until the test says so, as a busy pool would.
        List<Runnable> queued = new ArrayList<>();
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            CompletableFuture<ExportResult> future = exporter.exportAsync(ExportRequest.builder().destination(out)
                    .listener(events::add).build(), queued::add);
            assertTrue(future.cancel(true), "a future whose export has not started could be cancelled");
            assertTrue(future.isCancelled(), "the future is cancelled at once");
            queued.forEach(Runnable::run);
        }
        assertEquals(List.of(), events, "the export never runs once its future was cancelled before the executor"
                + " started it");
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    private void cancelTheFuture(Path dir, boolean mayInterruptIfRunning) throws Exception {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        BlockingListener listener = new BlockingListener();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        // Whether the executor's thread was left interrupted after each task it ran: read (and cleared) at once on
        // that thread, before the pool could clear it for its next task and hide what the export's future left.
        List<Boolean> leftInterrupted = new CopyOnWriteArrayList<>();
        Executor recording = task -> executor.execute(() -> {
            try {
                task.run();
            } finally {
                leftInterrupted.add(Thread.interrupted());
            }
        });
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            CompletableFuture<ExportResult> future = exporter.exportAsync(ExportRequest.builder().destination(out)
                    .listener(listener).build(), recording);
            listener.awaitStarted(future::isDone);
            assertTrue(future.cancel(mayInterruptIfRunning), "the future could be cancelled");
            assertTrue(future.isCancelled(), "the future is cancelled");
            try {
                // At once, not after a wait: cancel returns only once the export has stopped, so the interrupt has
                // already let the listener go (and a provider whose cancel does not interrupt fails now, not in 20 s).
                // The listener holds an interrupted export until this thread waits, so a cancel that interrupts and
                // returns without waiting for the export's end fails here every time, not only when it wins a race.
                listener.assertInterrupted("cancel(" + mayInterruptIfRunning + ")");
            } finally {
                listener.giveUp();
            }
            executor.shutdown();
            assertTrue(executor.awaitTermination(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
                    "the export ended after the cancel");
        } finally {
            executor.shutdownNow();
        }
        // Nothing but the database's folder: this fails on the dump itself (out.sql) too, and names it.
        ContractChecks.assertOnly(dir, db.folder());
        assertFalse(leftInterrupted.isEmpty(), "the export ran on the executor it was given");
        assertFalse(leftInterrupted.contains(true), "the executor's thread is not left interrupted after the"
                + " cancelled export's task (clear the cancel's interrupt once the export has stopped, as"
                + " Exporter#exportAsync(request, executor) promises)");
    }

    /**
     * A request timeout shorter than the export ends it with {@link ExportTimeoutException}; nothing is written.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractTimesOutWithATypedError(@TempDir Path dir) {
        ContractDatabase db = ContractDatabase.create(dir);
        Optional<ExportOptions> slow = slowOptionsFor(db);
        Assumptions.assumeTrue(slow.isPresent(), "the provider cannot be made slow");
        Path out = dir.resolve("out.sql");
        try (Exporter exporter = D1Export.open(slow.get())) {
            assertThrows(ExportTimeoutException.class, () -> exporter.export(ExportRequest.builder()
                    .destination(out).timeout(Duration.ofMillis(300)).build()));
        }
        assertFalse(Files.exists(out), "no dump was written");
        ContractChecks.assertNoTemporaryFiles(dir);
    }

    /**
     * A closed exporter refuses a new export, synchronous or not, with {@link IllegalStateException} and writes
     * nothing ({@code exportAsync}, with or without an executor, returns a future failed with it, and does not
     * throw); closing it again is harmless.
     *
     * @param dir a temporary folder
     * @throws IOException if a file cannot be written
     */
    @Test
    default void contractRefusesAnExportAfterClose(@TempDir Path dir) throws IOException {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
        Exporter exporter = D1Export.open(optionsFor(db));
        exporter.close();
        exporter.close();
        ExportRequest request = ExportRequest.builder().destination(out).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> exporter.export(request),
                "export after close()");
        assertTrue(e.getMessage() != null && e.getMessage().contains("closed"), "the message says the exporter is"
                + " closed: " + e.getMessage());
        // The call and the join() are checked apart: a CompletionException thrown by the call itself would
        // otherwise pass for a failed future, which is what Exporter#exportAsync promises after close().
        CompletableFuture<ExportResult> future = assertDoesNotThrow(() -> exporter.exportAsync(request),
                "exportAsync after close() returns a failed future");
        CompletionException async = assertThrows(CompletionException.class, future::join,
                "exportAsync after close()");
        assertInstanceOf(IllegalStateException.class, async.getCause(), "exportAsync after close() fails with");
        // The executor overload promises the same, and a provider may override one overload and not the other.
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<ExportResult> onExecutor = assertDoesNotThrow(
                    () -> exporter.exportAsync(request, executor),
                    "exportAsync(request, executor) after close() returns a failed future");
            CompletionException failed = assertThrows(CompletionException.class, onExecutor::join,
                    "exportAsync(request, executor) after close()");
            assertInstanceOf(IllegalStateException.class, failed.getCause(),
                    "exportAsync(request, executor) after close() fails with");
        } finally {
            executor.shutdownNow();
        }
        assertEquals("previous", Files.readString(out), ContractChecks.PREVIOUS_FILE_UNTOUCHED);
        ContractChecks.assertNoTemporaryFiles(dir);
    }

    /**
     * {@code close()} lets an export already under way run to its end: an export held at {@code Started} while the
     * exporter is closed then writes the whole dump and returns its result.
     *
     * @param dir a temporary folder
     * @throws Exception if the test cannot wait
     */
    @Test
    default void contractLetsAnExportUnderWayFinishAfterClose(@TempDir Path dir) throws Exception {
        ContractDatabase db = ContractDatabase.create(dir);
        Path out = dir.resolve("out.sql");
        HoldingListener listener = new HoldingListener();
        ExportThread export;
        Exporter exporter = D1Export.open(optionsFor(db));
        try {
            export = ExportThread.start(exporter, ExportRequest.builder().destination(out).listener(listener).build());
            listener.awaitStarted(() -> !export.thread().isAlive());
            exporter.close();
        } finally {
            listener.release();
            exporter.close();
        }
        export.awaitEnd("the export under way when close() came ran to its end once let go on");
        assertNull(export.failure(), () -> "the export under way when close() came runs to its end, but failed with "
                + export.failure());
        ContractChecks.assertDump(db, List.of(), false, false, Files.readString(out, StandardCharsets.UTF_8));
        ContractChecks.assertOnly(dir, out, db.folder());
    }

    /**
     * {@link Exporter#exportAsync(ExportRequest)} runs the export on a thread that is not a daemon, so that the JVM
     * does not exit in the middle of an export or of its clean-up. ({@code CompletableFuture.supplyAsync} runs on
     * the common pool's daemons on machines with more than two cores, and on threads of its caller's kind on smaller
     * ones, where this check cannot tell.)
     *
     * @param dir a temporary folder
     * @throws Exception if the export fails
     */
    @Test
    default void contractRunsExportAsyncOnAThreadThatIsNotADaemon(@TempDir Path dir) throws Exception {
        ContractDatabase db = ContractDatabase.create(dir);
        // Whether the thread that delivered the first event, which runs the export, is a daemon.
        AtomicReference<Boolean> daemon = new AtomicReference<>();
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            exporter.exportAsync(ExportRequest.builder().destination(new ByteArrayOutputStream()).listener(e ->
                    daemon.compareAndSet(null, Thread.currentThread().isDaemon())).build())
                    .get(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertTrue(daemon.get() != null, "the export sent no event, so the thread it ran on cannot be told");
        assertFalse(daemon.get(), "exportAsync(request) runs the export on a thread that is not a daemon");
    }

    // ---- events and concurrency

    /**
     * Events come in order: one {@code Started} first (with the provider's name), one {@code Finished} last (with the
     * returned result, once the dump is in place); polls numbered from 1; progress that never goes back; server
     * messages as in the result.
     *
     * @param dir a temporary folder
     */
    @Test
    default void contractDeliversEventsInOrder(@TempDir Path dir) {
        ContractDatabase db = ContractDatabase.create(dir);
        List<ExportEvent> events = new ArrayList<>();
        Path out = dir.resolve("out.sql");
        // What the destination held when Finished came: the dump, as ExportEvent.Finished promises.
        List<String> atFinished = new ArrayList<>();
        ExportResult result;
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            result = exporter.export(ExportRequest.builder().destination(out).listener(e -> {
                events.add(e);
                if (e instanceof ExportEvent.Finished) {
                    atFinished.add(Files.exists(out) ? ContractChecks.read(out) : "(no file)");
                }
            }).build());
        }
        assertTrue(!events.isEmpty(), "events were delivered to the request's listener");
        ExportEvent.Started started = assertInstanceOf(ExportEvent.Started.class, events.get(0), "first event");
        assertEquals(providerName(), started.provider(), "Started.provider()");
        ExportEvent.Finished finished = assertInstanceOf(ExportEvent.Finished.class, events.get(events.size() - 1),
                "last event");
        assertSame(result, finished.result(), "Finished carries the returned result");
        assertEquals(1, events.stream().filter(ExportEvent.Started.class::isInstance).count(), "one Started");
        // Counted before the dump is looked at: atFinished holds one entry a Finished, so a second one would
        // otherwise be reported as a Finished that came too early.
        assertEquals(1, events.stream().filter(ExportEvent.Finished.class::isInstance).count(), "one Finished");
        assertEquals(List.of(ContractChecks.read(out)), atFinished, "Finished comes once the dump is in place");
        int poll = 0;
        long bytes = -1;
        for (ExportEvent e : events) {
            if (e instanceof ExportEvent.Poll p) {
                assertEquals(++poll, p.number(), "polls are numbered 1, 2, ...");
            } else if (e instanceof ExportEvent.DownloadProgress d) {
                assertTrue(d.bytes() >= bytes, "progress never goes back");
                assertTrue(d.bytes() <= result.bytes(), "progress stays within the dump");
                bytes = d.bytes();
            }
        }
        assertEquals(result.polls(), poll, "result.polls() counts the Poll events");
        List<String> messages = events.stream().filter(ExportEvent.ServerMessage.class::isInstance)
                .map(e -> ((ExportEvent.ServerMessage) e).message()).collect(Collectors.toList());
        assertEquals(result.messages(), messages, "ServerMessage events are result.messages(), in order");
    }

    /**
     * One exporter runs two exports at once (exporters are thread-safe).
     *
     * @param dir a temporary folder
     * @throws Exception if an export fails
     */
    @Test
    default void contractRunsTwoExportsAtOnce(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(features().contains(ContractFeature.CONCURRENT_EXPORTS),
                "the provider runs one export of a database at a time");
        ContractDatabase db = ContractDatabase.create(dir);
        try (Exporter exporter = D1Export.open(optionsFor(db))) {
            CompletableFuture<ExportResult> a = exporter.exportAsync(ExportRequest.builder()
                    .destination(dir.resolve("a.sql")).build());
            CompletableFuture<ExportResult> b = exporter.exportAsync(ExportRequest.builder()
                    .destination(dir.resolve("b.sql")).build());
            a.get(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            b.get(ContractChecks.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
        ContractChecks.assertDump(db, List.of(), false, false, Files.readString(dir.resolve("a.sql")));
        ContractChecks.assertDump(db, List.of(), false, false, Files.readString(dir.resolve("b.sql")));
    }
}
