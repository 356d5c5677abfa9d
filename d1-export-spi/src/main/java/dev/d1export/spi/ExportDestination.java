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
 */
public final class ExportDestination {

    private final Path path;
    private final OutputStream stream;

    private ExportDestination(Path path, OutputStream stream) {
        this.path = path;
        this.stream = stream;
    }

    /**
     * A file. The dump is written to a temporary file beside it and moved into place only when complete; a previous
     * file is replaced then, and kept on any failure.
     *
     * @param path the file, or an existing directory to put the dump in
     * @return the destination
     */
    public static ExportDestination file(Path path) {
        return new ExportDestination(Objects.requireNonNull(path, "path"), null);
    }

    /**
     * A stream. Bytes are written as they arrive, so a failed export may have written part of a dump to it; the
     * stream is flushed but not closed.
     *
     * @param stream the stream
     * @return the destination
     */
    public static ExportDestination stream(OutputStream stream) {
        return new ExportDestination(null, Objects.requireNonNull(stream, "stream"));
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

    @Override
    public String toString() {
        return path != null ? "file " + path : "stream " + stream.getClass().getName();
    }
}
