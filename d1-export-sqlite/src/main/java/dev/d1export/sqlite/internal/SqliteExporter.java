package dev.d1export.sqlite.internal;

import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.StagedOutput;
import dev.d1export.spi.UnmatchedTables;
import dev.d1export.sqlite.DumpSummary;
import dev.d1export.sqlite.VirtualTables;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Exports one local SQLite database through the SPI: resolves the file, dumps it, writes through {@link StagedOutput}. */
public final class SqliteExporter implements Exporter {

    /** SQLite's result code for a file that is not a database. */
    private static final int SQLITE_NOTADB = 26;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private static final String PROVIDER = "sqlite";
    /** The longest timeout a {@link System#nanoTime()} difference can measure. */
    private static final Duration LONGEST_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);
    private static final System.Logger LOG = System.getLogger(SqliteExporter.class.getName());

    private final Path location;
    private final boolean columnList;
    private final VirtualTables virtualTables;
    private final boolean lossless;
    /** Set by {@link #close()}: the SPI's rule is that a closed exporter refuses new exports, whatever it holds. */
    private volatile boolean closed;

    /**
     * Creates an exporter.
     *
     * @param location      a SQLite file or a folder holding one
     * @param columnList    the column-list INSERT form
     * @param virtualTables virtual table policy
     * @param lossless      exact values instead of D1's forms
     */
    public SqliteExporter(Path location, boolean columnList, VirtualTables virtualTables, boolean lossless) {
        this.location = location;
        this.columnList = columnList;
        this.virtualTables = virtualTables;
        this.lossless = lossless;
    }

    @Override
    public ExportResult export(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("This sqlite exporter is closed; create a new one to export again");
        }
        Instant started = Instant.now();
        long deadline = request.timeout().map(t -> deadline(System.nanoTime(), t)).orElse(Long.MAX_VALUE);
        ExportListener listener = request.listener();
        Path database = DatabaseLocator.locate(location);
        String shown = new ShownPath(location).of(database);
        String filename = baseName(database) + ".sql";
        // Before anything is written: the dump must never replace the database it is read from.
        StagedOutput.targetOf(request.destination(), filename)
                .ifPresent(target -> SelfOverwriteGuard.check(database, shown, target));
        // And what it leads to: a link to a side file that does not exist yet (app.sqlite-journal) would be created.
        StagedOutput.replacedFile(request.destination(), filename)
                .ifPresent(target -> SelfOverwriteGuard.check(database, shown, target));
        if (!java.nio.file.Files.isReadable(database)) {
            // After the self-overwrite guards, which need no read access: making an unreadable database readable
            // must not just lead to "it is the database being exported". Found, but not ours to read: SQLite
            // would say only "unable to open database file".
            throw new dev.d1export.spi.PermissionDeniedException("Cannot read SQLite database " + shown
                    + ": permission denied", null, ErrorDetails.none().withHint("let the user running the export read"
                            + " the file"));
        }
        listener.onEvent(new ExportEvent.Started(PROVIDER, shown));
        DumpSettings settings = new DumpSettings(new LinkedHashSet<>(request.tables()), request.noData(),
                request.noSchema(), columnList, virtualTables, lossless);
        DumpSummary summary;
        Path written;
        List<String> missing;
        List<String> unmatched;
        try (StagedOutput output = StagedOutput.open(request.destination(), filename);
             Connection connection = ReadOnlySqlite.open(database)) {
            BusyWait.install(connection, deadline);
            // D1 exports nothing for a name that matches no object, without an error; say so, once per name.
            // The request's own list: the notices come in its order, whatever order the settings keep.
            Map<String, String> schema = schemaNames(connection, request.tables());
            missing = UnmatchedTables.notices(request, schema);
            unmatched = UnmatchedTables.names(request, schema);
            if (request.failOnUnmatchedTables() && !unmatched.isEmpty()) {
                // Before a byte is written: the staged output goes without a commit, the destination stays.
                throw UnmatchedTables.refusal(request, schema);
            }
            for (String notice : missing) {
                listener.onEvent(new ExportEvent.Warning(notice));
            }
            DumpEngine engine = new DumpEngine(settings,
                    bytes -> listener.onEvent(new ExportEvent.DownloadProgress(bytes, -1)), deadline);
            try {
                summary = engine.write(connection, output.stream());
            } catch (SQLException e) {
                // Asked while the connection is open; the staged output then goes without a commit.
                // Only for SQLite's answers to a missing collation: any other failure (out of memory, a damaged page,
                // a lock) is reported as it is, whatever collations the file also uses.
                String message = String.valueOf(e.getMessage());
                List<String> collations = e.getErrorCode() == SQLITE_ERROR && (message.contains("no query solution")
                        || message.contains("no such collation sequence")) ? UnknownCollations.of(connection)
                        : List.of();
                if (collations.isEmpty()) {
                    throw e;
                }
                String named = "'" + String.join("', '", collations) + "'";
                throw new ExportFailedException("Cannot read SQLite database " + shown + ": it uses the collation"
                        + (collations.size() > 1 ? "s " : " ") + named + ", which the program that made it defined"
                        + " and SQLite does not have (" + e.getMessage() + ")", e, ErrorDetails.none().withHint(
                                "collation " + named + " exists only in the program that made the file (the sqlite3"
                                + " shell defines 'uint'); D1 knows only BINARY, NOCASE and RTRIM, so wrangler cannot"
                                + " export this file either: rebuild the table without it"));
            } catch (ExportTimeoutException e) {
                throw new ExportTimeoutException("Export of " + shown + " did not finish within "
                        + request.timeout().map(ExportOption::durationText).orElse("its timeout")
                        + "; raise the request timeout", e);
            }
            for (String table : summary.skippedTables()) {
                listener.onEvent(new ExportEvent.Warning("Skipped virtual table or its shadow table: " + table));
            }
            for (String trigger : summary.skippedTriggers()) {
                listener.onEvent(new ExportEvent.Warning("Skipped trigger that uses a skipped virtual table or its"
                        + " shadow table: " + trigger));
            }
            for (String index : summary.skippedIndexes()) {
                listener.onEvent(new ExportEvent.Warning("Skipped index on a skipped virtual table's shadow table: "
                        + index));
            }
            written = output.commit().orElse(null);
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ExportCancelledException("Export of " + shown + " was interrupted", e);
            }
            if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new ExportTimeoutException("Export of " + shown + " did not finish within "
                            + request.timeout().map(ExportOption::durationText).orElse("its timeout")
                            + ": another connection holds the database locked; raise the request timeout", e);
                }
                throw new ExportBusyException("Cannot read SQLite database " + shown + ": another connection"
                        + " holds it locked (" + e.getMessage() + ")", e, ErrorDetails.none().withHint("export again"
                                + " when the writer is done; a database in WAL mode (PRAGMA journal_mode=WAL) can be"
                                + " read while it is written"));
            }
            if (e.getErrorCode() == SQLITE_NOTADB) {
                throw new DatabaseNotFoundException(shown + " is not a SQLite database (" + e.getMessage() + ")", e,
                        ErrorDetails.none().withHint("d1:sqlite: takes a SQLite database file, or a folder holding"
                                + " one such as .wrangler/state/v3/d1"));
            }
            if (isHotJournal(e)) {
                // A writer stopped in the middle of a transaction: SQLite must roll it back before anything can be
                // read, and that writes to the file, which this export never does (wrangler's does it unasked).
                throw new ExportFailedException("Cannot read SQLite database " + shown + ": its rollback journal (the"
                        + " -journal file beside it) holds a transaction a writer left unfinished, which SQLite must roll back, writing to the file, before it can be read;"
                        + " this export only reads", e, ErrorDetails.none().withHint("let the program that writes it"
                                + " open it again, or roll it back with: sqlite3 <file> 'PRAGMA quick_check' (this"
                                + " changes the file: copy it and its -journal first if unsure)"));
            }
            if (e.getErrorCode() == SQLITE_NOMEM || "out of memory".equalsIgnoreCase(e.getMessage())) {
                // The driver reads each string or BLOB whole into the heap; the file is fine.
                throw new ExportFailedException("Cannot read SQLite database " + shown + ": a value is larger than"
                        + " the Java heap can hold (maximum heap " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MiB)", e, ErrorDetails.none().withHint("give the JVM more heap (for the command:"
                        + " JAVA_OPTS=-Xmx1g); each string or BLOB is read whole, and D1 itself holds at most"
                        + " 2,000,000 bytes in one, so a database D1 could hold needs little"));
            }
            throw new ExportFailedException("Cannot read SQLite database " + shown + ": " + e.getMessage(), e,
                    ErrorDetails.none().withHint("SQLite could not read the file; check it with: sqlite3 <file>"
                            + " 'PRAGMA integrity_check'"));
        } catch (IOException e) {
            if (e instanceof java.io.InterruptedIOException || Thread.currentThread().isInterrupted()) {
                throw new ExportCancelledException("Export of " + shown + " was interrupted", e);
            }
            throw new DestinationException("Cannot write the dump of " + shown + ": " + e.getMessage(), e);
        }
        ExportResult.Builder result = ExportResult.builder(PROVIDER).path(written).filename(filename)
                .bytes(summary.bytes()).inexactValues(summary.inexactValues()).startedAt(started);
        summary.skippedTables().forEach(result::skippedTable);
        // The SPI has one list of what was left out on purpose; the triggers go there after the tables.
        summary.skippedTriggers().forEach(result::skippedTable);
        summary.skippedIndexes().forEach(result::skippedTable);
        missing.forEach(result::message);
        unmatched.forEach(result::unmatchedTable);
        if (summary.inexactValues() > 0) {
            result.message(summary.inexactValues() + " value(s) cannot be carried exactly by D1's dump format"
                    + (lossless ? "; written exactly (lossless)" : "; use ?lossless=true to keep them exact"));
        }
        ExportResult built = result.build();
        LOG.log(System.Logger.Level.DEBUG, () -> "Exported " + shown + ": " + built);
        listener.onEvent(new ExportEvent.Finished(built));
        return built;
    }

    /**
     * The names a table filter can bring into the dump, read only when names were requested (see
     * {@link UnmatchedTables} and {@link ExportedNames}).
     */
    private static Map<String, String> schemaNames(Connection connection, List<String> requested)
            throws SQLException {
        return requested.isEmpty() ? Map.of() : ExportedNames.of(connection);
    }

    /**
     * The {@link System#nanoTime()} at which a timeout ends, compared by difference as {@code nanoTime} requires.
     * {@link Duration#toNanos()} throws beyond about 292 years, and a difference only orders times less than 2^63 ns
     * apart, so a timeout that long saturates to {@link Long#MAX_VALUE}, which the engine reads as no deadline.
     */
    static long deadline(long now, Duration timeout) {
        if (timeout.compareTo(LONGEST_TIMEOUT) >= 0) {
            return Long.MAX_VALUE;
        }
        long deadline = now + timeout.toNanos();
        // Wrapping past Long.MAX_VALUE is fine for difference comparisons; landing on it would mean "none".
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : deadline;
    }

    /** SQLITE_READONLY_ROLLBACK: a hot journal that a read-only connection may not roll back. */
    private static boolean isHotJournal(SQLException e) {
        return e instanceof org.sqlite.SQLiteException sqlite
                && sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_READONLY_ROLLBACK;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Marks the exporter closed: an export started afterwards fails with {@link IllegalStateException}. Each export
     * opens and closes its own connection, so there is nothing else to release and exports under way run to their
     * end. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "SqliteExporter{" + new ShownPath(location).of(location) + ", columnList=" + columnList + ", virtualTables="
                + virtualTables + ", lossless=" + lossless + "}";
    }
}
