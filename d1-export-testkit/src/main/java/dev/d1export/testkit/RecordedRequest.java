package dev.d1export.testkit;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One export request the {@code fixture} provider received.
 *
 * @param options     the exporter's options (secrets are redacted in their {@code toString})
 * @param tables      the requested tables, in request order; empty for all
 * @param noData      whether rows were left out
 * @param noSchema    whether the schema was left out
 * @param failOnUnmatchedTables whether a table name that matches nothing was to fail the export (the fixture
 *                    provider serves canned dumps and does not check names)
 * @param file        the file the dump was to go to (or, for an existing folder, into); for a
 *                    {@linkplain dev.d1export.spi.ExportDestination#folder(Path) folder destination}, the folder;
 *                    {@code null} for a stream
 * @param folder      whether the destination was a {@linkplain dev.d1export.spi.ExportDestination#folder(Path) folder
 *                    destination} ({@link dev.d1export.spi.ExportDestination#isFolder()}): {@code file} had to be an
 *                    existing folder, which the dump went inside; {@code false} for a file destination (even one
 *                    naming a folder) and for a stream
 * @param synced      whether that file was to be synced to disk ({@code false} after
 *                    {@link dev.d1export.spi.ExportDestination#withoutSync()} and for a stream)
 * @param receivedAt  when the request arrived
 * @param thread      the name of the thread that ran it
 */
public record RecordedRequest(ExportOptions options, List<String> tables, boolean noData, boolean noSchema,
        boolean failOnUnmatchedTables, Path file, boolean folder, boolean synced, Instant receivedAt, String thread) {

    /**
     * Creates a record.
     *
     * @param options     the exporter's options
     * @param tables      the requested tables
     * @param noData      whether rows were left out
     * @param noSchema    whether the schema was left out
     * @param failOnUnmatchedTables whether a table name that matches nothing was to fail the export
     * @param file        the destination file (or folder), or {@code null} for a stream
     * @param folder      whether the destination was a folder destination
     * @param synced      whether the file was to be synced
     * @param receivedAt  when the request arrived
     * @param thread      the thread's name
     */
    public RecordedRequest {
        Objects.requireNonNull(options, "options");
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(thread, "thread");
    }

    /**
     * Creates a record of a request whose destination was not a folder destination ({@code folder} is
     * {@code false}): the constructor from before {@code folder} was recorded, kept for callers that build records.
     *
     * @param options     the exporter's options
     * @param tables      the requested tables
     * @param noData      whether rows were left out
     * @param noSchema    whether the schema was left out
     * @param failOnUnmatchedTables whether a table name that matches nothing was to fail the export
     * @param file        the destination file, or {@code null} for a stream
     * @param synced      whether the file was to be synced
     * @param receivedAt  when the request arrived
     * @param thread      the thread's name
     */
    public RecordedRequest(ExportOptions options, List<String> tables, boolean noData, boolean noSchema,
            boolean failOnUnmatchedTables, Path file, boolean synced, Instant receivedAt, String thread) {
        this(options, tables, noData, noSchema, failOnUnmatchedTables, file, false, synced, receivedAt, thread);
    }

    static RecordedRequest of(ExportOptions options, ExportRequest request) {
        return new RecordedRequest(options, request.tables(), request.noData(), request.noSchema(),
                request.failOnUnmatchedTables(), request.destination().path().orElse(null),
                request.destination().isFolder(), request.destination().synced(), Instant.now(),
                Thread.currentThread().getName());
    }
}
