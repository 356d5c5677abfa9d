package dev.d1export.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The folder of one test run's snapshot files, {@code <base>/run-<timestamp>-<random>}, made on first use. Lives in
 * the root store; closing it removes the folder if it is empty.
 */
// CloseableResource as well as AutoCloseable: JUnit 5.10-5.12 close only CloseableResource values, 5.13+ and 6
// close AutoCloseable ones (and deprecate CloseableResource); close() is idempotent, so being closed twice is harmless.
@SuppressWarnings("deprecation")
public final class RunDirectory implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path base;
    private final AtomicInteger sequence = new AtomicInteger();
    private Path directory;

    /**
     * Creates the holder; nothing is made on disk yet.
     *
     * @param base the folder to make the run's folder in
     */
    public RunDirectory(Path base) {
        this.base = base;
    }

    /**
     * The run's folder, made on first call.
     *
     * @return the folder
     * @throws UncheckedIOException if it cannot be made
     */
    public synchronized Path directory() {
        if (directory == null) {
            try {
                Files.createDirectories(base);
                directory = Files.createTempDirectory(base, "run-" + LocalDateTime.now().format(STAMP) + "-");
            } catch (IOException e) {
                String reason = e instanceof FileAlreadyExistsException exists
                        ? "a file is in the way: " + exists.getFile()
                        : e instanceof AccessDeniedException denied
                        ? "permission denied: " + denied.getFile() : String.valueOf(e.getMessage());
                throw new UncheckedIOException("Cannot create the snapshot folder in " + base + " (" + reason + ")", e);
            }
        }
        return directory;
    }

    /**
     * A new file name in the run's folder, unique within the run.
     *
     * @param label a readable part, e.g. the tables
     * @return the path (the file does not exist yet)
     */
    public Path newFile(String label) {
        String safe = label.replaceAll("[^A-Za-z0-9_.-]+", "_");
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        return directory().resolve(String.format("%03d-%s.sql", sequence.incrementAndGet(), safe));
    }

    /** Removes the folder if nothing is left in it. */
    @Override
    public synchronized void close() {
        removeIfEmpty(directory);
    }

    static void removeIfEmpty(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException e) {
            // Kept files (cleanup never / on_success after a failure) keep their folder.
        } catch (IOException e) {
            System.getLogger(RunDirectory.class.getName()).log(System.Logger.Level.WARNING,
                    "Cannot remove snapshot folder " + folder, e);
        }
    }

    @Override
    public String toString() {
        return "RunDirectory{" + (directory == null ? base : directory) + "}";
    }
}
