package dev.d1export.junit.internal;

import dev.d1export.junit.D1Snapshot;
import dev.d1export.junit.D1SnapshotException;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportConfigurationException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.MissingCredentialsException;
import dev.d1export.spi.ProviderRegistry;
import dev.d1export.spi.UnmatchedTablesException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * One export shared by every test of the run that needs it: made at most once, by the first test that asks, while
 * concurrent askers wait; its outcome (file or failure) is kept for the others. Lives in the root store under its
 * {@link SnapshotKey}; closing it at the end of the run deletes the file as the {@link CleanupMode} says.
 */
// CloseableResource as well as AutoCloseable: JUnit 5.10-5.12 close only CloseableResource values, 5.13+ and 6
// close AutoCloseable ones (and deprecate CloseableResource); close() is idempotent, so being closed twice is harmless.
@SuppressWarnings("deprecation")
public final class SharedSnapshot implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final System.Logger LOG = System.getLogger("dev.d1export.junit");

    private final SnapshotKey key;
    private final ProviderRegistry registry;
    private final RunDirectory run;
    private final CleanupMode cleanup;
    private final String credentialsHint;
    private final ReentrantLock databaseLock;
    private final boolean failOnUnmatchedTables;
    /** The key's shown URL and whether it shows every part: worked out once per export, not once per test. */
    private final String url;
    private final boolean urlShowsAll;

    // Guards done, result and failure, and serialises the export itself; file is read by close() on another thread.
    private final ReentrantLock exporting = new ReentrantLock();
    private boolean done;
    private ExportResult result;
    private volatile Path file;
    private Throwable failure;
    private boolean usedByFailedTest;
    private boolean closed;

    /**
     * Creates the holder; nothing is exported until {@link #obtain(MissingCredentialsMode, SnapshotDeclaration)}.
     *
     * @param key             what to export
     * @param registry        the providers
     * @param run             the run's folder
     * @param cleanup         what to do with the file at the end of the run
     * @param credentialsHint what to set when the provider has no credentials
     * @param databaseLock    held while exporting: shared by every snapshot of the same database in the run
     * @param failOnUnmatchedTables whether a table name that matches nothing refuses the export before it starts
     *                        ({@code d1.snapshot.unmatched-tables=fail}, a setting of the whole run)
     */
    public SharedSnapshot(SnapshotKey key, ProviderRegistry registry, RunDirectory run, CleanupMode cleanup,
            String credentialsHint, ReentrantLock databaseLock, boolean failOnUnmatchedTables) {
        this.key = key;
        this.registry = registry;
        this.run = run;
        this.cleanup = cleanup;
        this.credentialsHint = credentialsHint;
        this.databaseLock = databaseLock;
        this.failOnUnmatchedTables = failOnUnmatchedTables;
        this.url = key.url();
        this.urlShowsAll = key.urlShowsAll();
    }

    /**
     * The export's result, exporting on the first call; later and concurrent callers get the same outcome.
     *
     * @param missingCredentials what to do when the provider has no credentials
     * @param declaration        the declaration that asks, named in configuration errors
     * @return the result, with the file's path
     * @throws TestAbortedException when credentials are missing and the mode is {@code SKIP}
     * @throws ExtensionConfigurationException when the provider refused the declaration's configuration (e.g. an
     *                                         unknown option in its URL)
     * @throws D1SnapshotException when the export failed (or credentials are missing and the mode is {@code FAIL})
     */
    public ExportResult obtain(MissingCredentialsMode missingCredentials, SnapshotDeclaration declaration) {
        // Waiting interruptibly: a test waiting for another test's export of this snapshot can be stopped (a timeout,
        // a cancelled run) while the export goes on for the test that started it. Uncontended, no wait: an
        // interrupted test then meets the interrupt in the export, as any export does.
        if (!exporting.tryLock()) {
            try {
                exporting.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new D1SnapshotException("Snapshot " + key + " was not exported: interrupted while another test"
                        + " exported it", new ExportCancelledException("Interrupted while waiting for the export", e));
            }
        }
        try {
            return obtainLocked(missingCredentials, declaration);
        } finally {
            exporting.unlock();
        }
    }

    private ExportResult obtainLocked(MissingCredentialsMode missingCredentials, SnapshotDeclaration declaration) {
        if (!done) {
            try {
                result = export();
            } catch (ExportCancelledException e) {
                // The asking test's thread was interrupted (a timeout, a cancelled run): that says nothing of the
                // export, so it is not kept; the next test that needs the snapshot exports it again.
                throw new D1SnapshotException("Snapshot " + key + " was not exported: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = e;
            } catch (VirtualMachineError e) {
                // Out of memory or stack says nothing of the provider: not kept, the next test tries again.
                throw e;
            } catch (Error e) {
                // A provider that cannot link or initialise (NoClassDefFoundError, ExceptionInInitializerError)
                // fails the same way for every test: kept, so the export is tried once, as for any failure.
                failure = e;
            }
            done = true;
        }
        if (failure instanceof MissingCredentialsException) {
            if (missingCredentials == MissingCredentialsMode.SKIP) {
                throw new TestAbortedException("Snapshot " + key + " needs credentials: " + failure.getMessage() + ". "
                        + credentialsHint + " (or set " + D1Snapshot.MISSING_CREDENTIALS_PROPERTY_NAME
                        + "=fail to fail instead of skipping)", failure);
            }
            throw new D1SnapshotException("Snapshot " + key + " needs credentials: " + failure.getMessage() + ". "
                    + credentialsHint, failure);
        }
        if (failure instanceof ExportConfigurationException) {
            // The annotation is wrong, not the export: say which one, as a bad URL caught before exporting does.
            // Each declaration that shares the export gets its own description.
            throw new ExtensionConfigurationException("@D1Snapshot " + declaration.describe() + ": "
                    + failure.getMessage() + (failure instanceof UnmatchedTablesException ? "; set "
                    + D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME + "=warn to go on with such a snapshot" : ""),
                    failure);
        }
        if (failure != null) {
            // An Error's message alone may be just a class name, or nothing.
            throw new D1SnapshotException("Snapshot " + key + " could not be exported: "
                    + (failure instanceof Error ? failure.toString() : failure.getMessage()), failure);
        }
        return result;
    }

    /**
     * The export's URL as tests see it ({@link SnapshotKey#url()}).
     *
     * @return the URL, without secrets
     */
    public String url() {
        return url;
    }

    /**
     * Whether {@link #url()} shows every part of the export ({@link SnapshotKey#urlShowsAll()}).
     *
     * @return {@code false} when it hides a part
     */
    public boolean urlShowsAll() {
        return urlShowsAll;
    }

    /**
     * The file, once exported.
     *
     * @return the path
     */
    public synchronized Path file() {
        return file;
    }

    /**
     * Notes that a test that used the snapshot failed, so {@link CleanupMode#ON_SUCCESS} keeps the file.
     */
    public synchronized void markUsedByFailedTest() {
        usedByFailedTest = true;
    }

    private ExportResult export() {
        // D1 runs one export of a database at a time and answers a second with 409 "busy": snapshots of one database
        // with other tables, run by parallel tests, take turns instead of failing.
        if (!databaseLock.tryLock()) {
            LOG.log(Level.DEBUG, () -> "D1 snapshot " + key + " waits for another export of the same database");
            try {
                databaseLock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExportCancelledException("Snapshot " + key + " was interrupted while it waited for another"
                        + " export of the same database", e);
            }
        }
        try {
            return exportNow();
        } finally {
            databaseLock.unlock();
        }
    }

    private ExportResult exportNow() {
        Path destination = run.newFile(key.tables().isEmpty() ? "all" : String.join("+", key.tables()));
        long started = System.nanoTime();
        try (Exporter exporter = registry.open(key.options())) {
            // Said once the provider has what it needs (credentials, options), not for an export that never starts.
            LOG.log(Level.INFO, () -> "Exporting D1 snapshot " + key + " to " + destination);
            ExportResult exported = exporter.export(ExportRequest.builder()
                    .tables(key.tables())
                    .noData(key.noData())
                    .noSchema(key.noSchema())
                    // With fail, a misspelt name is refused before a (remote) export is made only to be thrown away.
                    .failOnUnmatchedTables(failOnUnmatchedTables)
                    // A test fixture need not survive a crash: skipping the sync to disk saves each snapshot the
                    // wait for a slow disk.
                    .destination(ExportDestination.file(destination).withoutSync())
                    .listener(new ProgressLogger(LOG, key.toString()))
                    .build());
            file = exported.path().orElse(destination);
            // Shared by every test that needs it: a test that wrote to it would change what the others read.
            if (!file.toFile().setWritable(false, false)) {
                LOG.log(Level.DEBUG, () -> "Cannot make D1 snapshot file " + file + " read-only");
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.log(Level.INFO, () -> "Exported D1 snapshot " + key + ": " + exported.bytes() + " bytes in "
                    + millis + " ms" + exported.bookmark().map(b -> ", bookmark " + b).orElse(""));
            return exported;
        } catch (MissingCredentialsException e) {
            LOG.log(Level.INFO, () -> "D1 snapshot " + key + " has no credentials: " + e.getMessage());
            throw e;
        } catch (D1ExportException e) {
            LOG.log(Level.WARNING, () -> "D1 snapshot " + key + " failed: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Deletes the file unless the cleanup mode keeps it; idempotent.
     *
     * @throws IOException if the file could not be deleted, which JUnit then reports as a failure (as it does for a
     *                     {@code @TempDir} it cannot delete): a file the cleanup mode was meant to remove is not left
     *                     behind unseen
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (file == null) {
            return;
        }
        boolean keep = cleanup == CleanupMode.NEVER || (cleanup == CleanupMode.ON_SUCCESS && usedByFailedTest);
        if (keep) {
            LOG.log(Level.INFO, () -> "Keeping D1 snapshot " + key + " at " + file + " (cleanup " + cleanup
                    + (usedByFailedTest ? ", a test that used it failed" : "") + ")");
            return;
        }
        try {
            // Writable again first: a read-only file cannot be deleted on Windows.
            file.toFile().setWritable(true, true);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IOException("Cannot delete D1 snapshot file " + file + " (d1.snapshot.cleanup=" + cleanup
                    .name().toLowerCase(java.util.Locale.ROOT) + "): " + (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getClass().getSimpleName()) + "; something may still hold it open", e);
        }
        RunDirectory.removeIfEmpty(file.getParent());
    }

    @Override
    public String toString() {
        return "SharedSnapshot{" + key + "}";
    }
}
