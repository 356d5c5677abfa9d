package dev.d1export.spi;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a dump goes: a file (written atomically), a folder (the dump goes inside it, written atomically), or a
 * caller's stream (written as it arrives, never closed).
 *
 * <p>A file destination that names an existing directory receives the dump under the provider's suggested file name,
 * sanitised so that a name from a server can never escape the directory. A {@linkplain #folder(Path) folder
 * destination} says that the path must be such a directory: where it is missing or not a directory the export fails,
 * where a file destination would write a file of that name.
 *
 * <p>A file is synced to disk before it is moved into place, so that after a crash or power loss the destination holds
 * either the previous file or the whole dump. {@link #withoutSync()} skips that, for output that need not survive a
 * crash (a test's snapshot, a file on tmpfs, a caller that syncs itself), as {@code pg_dump --no-sync} does.
 */
public final class ExportDestination {

    private final Path path;
    private final OutputStream stream;
    private final boolean synced;
    private final boolean folder;

    private ExportDestination(Path path, OutputStream stream, boolean synced, boolean folder) {
        this.path = path;
        this.stream = stream;
        this.synced = synced;
        this.folder = folder;
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
        return new ExportDestination(Objects.requireNonNull(path, "path"), null, true, false);
    }

    /**
     * A folder that must exist: the dump goes inside it under the provider's suggested file name (sanitised, so that
     * a name from a server cannot leave it), written and replaced as a {@linkplain #file(Path) file} is. Where the
     * folder is missing, or is a file, the export fails with a {@link DestinationException} naming the folder to
     * create, and nothing is written; a {@link #file(Path)} destination would take such a path for the dump's own
     * name (as a command's {@code -o backups/} must not: a {@code Path} drops the trailing separator). A symbolic link
     * to a folder is that folder.
     *
     * @param folder the folder to put the dump in
     * @return the destination
     */
    public static ExportDestination folder(Path folder) {
        return new ExportDestination(Objects.requireNonNull(folder, "folder"), null, true, true);
    }

    /**
     * A stream. Bytes are written as they arrive, so a failed export may have written part of a dump to it; the
     * stream is flushed but not closed.
     *
     * @param stream the stream
     * @return the destination
     */
    public static ExportDestination stream(OutputStream stream) {
        return new ExportDestination(null, Objects.requireNonNull(stream, "stream"), false, false);
    }

    /**
     * The file, for a file destination; the folder, for a {@linkplain #folder(Path) folder destination}.
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
     * Whether this is a {@linkplain #folder(Path) folder destination}: its {@link #path()} must be an existing folder,
     * which the dump goes inside.
     *
     * @return {@code true} for a folder destination; {@code false} for a file (even one that names a folder) or a
     *         stream
     */
    public boolean isFolder() {
        return folder;
    }

    /**
     * This file or folder destination without the sync to disk: still written to a temporary file and moved into
     * place only when complete (nobody sees part of a dump), but a crash or power loss soon after may leave the
     * destination empty, partly written, missing, or still holding the previous file (the move itself is not synced
     * either). Faster where the disk is slower than the download.
     *
     * @return the same file or folder destination, not synced
     * @throws IllegalStateException for a stream destination, which is never synced
     */
    public ExportDestination withoutSync() {
        if (path == null) {
            throw new IllegalStateException("A stream destination is never synced; withoutSync() is for files");
        }
        return new ExportDestination(path, null, false, folder);
    }

    /**
     * Whether the file is synced to disk before it is moved into place.
     *
     * @return {@code true} for a file or folder destination unless {@link #withoutSync()}; {@code false} for a stream
     */
    public boolean synced() {
        return synced;
    }

    @Override
    public String toString() {
        return path != null ? (folder ? "folder " : "file ") + path + (synced ? "" : " (not synced)")
                : "stream " + stream.getClass().getName();
    }
}
