package dev.d1export.testkit.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.sqlite.D1DumpWriter;
import dev.d1export.testkit.FakeDatabase;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake server's exports: at most one running per database, cancelled when not polled within the configured
 * window, dumps written to the server's work folder. Thread-safe (one lock for every state change).
 */
public final class ExportRegistry {

    private static final System.Logger LOG = System.getLogger("dev.d1export.testkit");

    private final ServerConfig config;
    private final Path workDir;
    private final Map<String, ExportTask> byId = new ConcurrentHashMap<>();
    private final List<ExportTask> tasks = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Path> preparedDumps = new ConcurrentHashMap<>();

    /**
     * Creates a registry.
     *
     * @param config  the server's configuration
     * @param workDir where dumps are written
     */
    public ExportRegistry(ServerConfig config, Path workDir) {
        this.config = config;
        this.workDir = workDir;
    }

    /**
     * Makes every later export of a database serve a given SQL file as its dump, as is, instead of dumping the
     * database.
     *
     * @param databaseUuid the database
     * @param sqlFile      the dump to serve, or {@code null} to dump the database again
     */
    public void prepare(String databaseUuid, Path sqlFile) {
        // Served in place: the registry deletes only files inside its work folder (deleteQuietly), never this one.
        if (sqlFile == null) {
            preparedDumps.remove(databaseUuid);
        } else {
            preparedDumps.put(databaseUuid, sqlFile);
        }
    }

    /**
     * Cancels the exports of a database that were not polled in time.
     *
     * @param databaseUuid the database
     */
    public synchronized void expire(String databaseUuid) {
        long now = System.nanoTime();
        for (ExportTask task : tasks) {
            if (task.databaseUuid().equals(databaseUuid) && task.unpolledFor(config.abandonAfter().toNanos(), now)) {
                task.cancel();
                deleteQuietly(task.dump());
            }
        }
    }

    /**
     * The running export of a database.
     *
     * @param databaseUuid the database
     * @return the export, if one is running
     */
    public synchronized Optional<ExportTask> running(String databaseUuid) {
        expire(databaseUuid);
        return tasks.stream().filter(t -> t.databaseUuid().equals(databaseUuid)
                && t.state() == ExportTask.State.RUNNING).findFirst();
    }

    /**
     * The latest export of a database that started at a bookmark.
     *
     * @param databaseUuid the database
     * @param bookmark     the bookmark the client sent back
     * @return the export, if there is one
     */
    public synchronized Optional<ExportTask> find(String databaseUuid, String bookmark) {
        expire(databaseUuid);
        for (int i = tasks.size() - 1; i >= 0; i--) {
            ExportTask task = tasks.get(i);
            if (task.databaseUuid().equals(databaseUuid) && task.atBookmark().equals(bookmark)) {
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    /**
     * Reserves an export: registers it (so the database counts as busy) without making its dump yet, which
     * {@link #write} does outside the lock. Call under this registry's lock together with the busy check.
     *
     * @param database the database
     * @param bookmark its current bookmark
     * @return the new export, {@link ExportTask.State#RUNNING}, its dump not yet made
     */
    public synchronized ExportTask reserve(FakeDatabase database, String bookmark) {
        byte[] raw = new byte[12];
        random.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        String filename = database.uuid() + "-" + bookmark.substring(0, 8) + "-" + id.substring(0, 8) + ".sql";
        Path prepared = preparedDumps.get(database.uuid());
        ExportTask task = new ExportTask(id, database.uuid(), bookmark, filename,
                prepared != null ? prepared : workDir.resolve(id + ".sql"),
                config.pollsUntilComplete());
        tasks.add(task);
        byId.put(id, task);
        return task;
    }

    /**
     * Makes a reserved export's dump (or records why it cannot be made). Runs without the registry's lock, so a slow
     * dump holds up no other database; an export forgotten or cancelled meanwhile has its file deleted.
     *
     * @param task     the reserved export
     * @param database the database
     * @param tables   the table filter, empty for all
     * @param noData   leave out rows
     * @param noSchema leave out schema
     */
    public void write(ExportTask task, FakeDatabase database, List<String> tables, boolean noData, boolean noSchema) {
        Path dump = task.dumpFile();
        String error = null;
        if (!dump.startsWith(workDir)) {
            // A prepared dump (serveDump), served where it is.
            error = Files.isRegularFile(dump) ? null : "D1 Export error: the prepared dump " + dump + " is gone";
        } else {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dump), 1 << 16)) {
                D1DumpWriter.builder().tables(tables).noData(noData).noSchema(noSchema)
                        .columnList(config.columnList()).build().write(database.file(), out);
            } catch (D1ExportException e) {
                // D1's message alone: the sqlite provider's hint (for its own users) is no part of what D1 says.
                error = e.summary();
            } catch (IOException e) {
                error = "D1 Export error: " + e.getMessage();
            }
        }
        if (error != null) {
            deleteQuietly(dump);
        }
        synchronized (this) {
            task.made(error);
            if (byId.get(task.id()) != task || task.state() == ExportTask.State.CANCELLED) {
                deleteQuietly(task.dump());
            }
        }
    }

    /**
     * Starts an export: reserves it and writes the dump now.
     *
     * @param database the database
     * @param bookmark its current bookmark
     * @param tables   the table filter, empty for all
     * @param noData   leave out rows
     * @param noSchema leave out schema
     * @return the new export, {@link ExportTask.State#RUNNING}
     */
    public ExportTask start(FakeDatabase database, String bookmark, List<String> tables, boolean noData,
            boolean noSchema) {
        ExportTask task = reserve(database, bookmark);
        write(task, database, tables, noData, noSchema);
        return task;
    }

    /**
     * Answers a call for an export.
     *
     * @param task   the export
     * @param signer makes the signed URL on completion
     * @return the messages of this call
     */
    public synchronized List<String> answer(ExportTask task, java.util.function.Supplier<String> signer) {
        return task.answerCall(signer);
    }

    /**
     * Records that a call for a running export has arrived and is held (by a fault's delay, or while its dump is
     * made): until {@link #release} it counts as a poll, so the export is not cancelled as unpolled meanwhile.
     *
     * @param task the export
     * @return {@code true} if the export was running and is now held; {@code false} (nothing held) otherwise
     */
    public synchronized boolean hold(ExportTask task) {
        if (task.state() != ExportTask.State.RUNNING) {
            return false;
        }
        task.hold();
        return true;
    }

    /**
     * Ends a {@link #hold}: the gap the server allows between polls counts from now.
     *
     * @param task the export
     */
    public synchronized void release(ExportTask task) {
        task.release();
    }

    /**
     * Answers a held call and ends its hold, in one step under the lock, so the answer is the state the call saw:
     * the export cannot be cancelled between the two.
     *
     * @param task   the export, {@linkplain #hold held}
     * @param signer makes the signed URL on completion
     * @return the messages of this call
     */
    public synchronized List<String> answerHeld(ExportTask task, java.util.function.Supplier<String> signer) {
        task.release();
        return task.answerCall(signer);
    }

    /**
     * An export by id, for downloads.
     *
     * @param id the id
     * @return the export, if known
     */
    public Optional<ExportTask> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * How many exports were started.
     *
     * @return the count
     */
    public synchronized int started() {
        return tasks.size();
    }

    /** Forgets every export and deletes the dumps. */
    public synchronized void clear() {
        for (ExportTask task : tasks) {
            deleteQuietly(task.dump());
        }
        tasks.clear();
        byId.clear();
    }

    // A dump that cannot be deleted must not stop the clean-up of the others, nor turn a poll into a 500.
    private void deleteQuietly(Path file) {
        if (file == null || !file.startsWith(workDir)) {
            return; // no dump, or a prepared one (serveDump): never ours to delete
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Fake D1 server could not delete the dump " + file + ": " + e);
        }
    }
}
