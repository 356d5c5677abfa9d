package dev.d1export.spi;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a dump goes: a file (written atomically) or a caller's stream (written as it arrives, never closed).
 *
 * <p>A file destination that names an existing directory receives the dump under the provider's suggested file name,
 * sanitised so that a name from a server can never escape the directory.
 *
 * <p>A file is synced to disk before it is moved into place, so that after a crash or power loss the destination holds
 * either the previous file or the whole dump. {@link #withoutSync()} skips that, for output that need not survive a
 * crash (a test's snapshot, a file on tmpfs, a caller that syncs itself), as {@code pg_dump --no-sync} does.
 */
public final class ExportDestination {

    private final Path path;
    private final OutputStream stream;
    private final boolean synced;

    private ExportDestination(Path path, OutputStream stream, boolean synced) {
        this.path = path;
        this.stream = stream;
        this.synced = synced;
    }

    /**
     * A file. The dump is written to a temporary file beside it and moved into place only when complete; a previous
     * file is replaced then (the dump keeps its POSIX permissions, and its owner and group where allowed), and kept
     * on any failure.
     *
     * @param path the file, or an existing directory to put the dump in
     * @return the destination
     */
    public static ExportDestination file(Path path) {
        return new ExportDestination(Objects.requireNonNull(path, "path"), null, true);
    }

    /**
     * A stream. Bytes are written as they arrive, so a failed export may have written part of a dump to it; the
     * stream is flushed but not closed.
     *
     * @param stream the stream
     * @return the destination
     */
    public static ExportDestination stream(OutputStream stream) {
        return new ExportDestination(null, Objects.requireNonNull(stream, "stream"), false);
    }

    /**
     * The file, for a file destination.
     *
     * @return the path, or empty for a stream
     */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /**
     * The stream, for a stream destination.
     *
     * @return the stream, or empty for a file
     */
    public Optional<OutputStream> stream() {
        return Optional.ofNullable(stream);
    }

    /**
     * This file destination without the sync to disk: still written to a temporary file and moved into place only
     * when complete (nobody sees part of a dump), but a crash or power loss soon after may leave the destination
     * empty, partly written, missing, or still holding the previous file (the move itself is not synced either).
     * Faster where the disk is slower than the download.
     *
     * @return a file destination that is not synced
     * @throws IllegalStateException for a stream destination, which is never synced
     */
    public ExportDestination withoutSync() {
        if (path == null) {
            throw new IllegalStateException("A stream destination is never synced; withoutSync() is for files");
        }
        return new ExportDestination(path, null, false);
    }

    /**
     * Whether the file is synced to disk before it is moved into place.
     *
     * @return {@code true} for a file destination unless {@link #withoutSync()}; {@code false} for a stream
     */
    public boolean synced() {
        return synced;
    }

    @Override
    public String toString() {
        return path != null ? "file " + path + (synced ? "" : " (not synced)") : "stream " + stream.getClass().getName();
    }
}
