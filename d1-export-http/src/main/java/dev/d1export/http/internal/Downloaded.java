package dev.d1export.http.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A dump in place.
 *
 * @param path  where it is, or {@code null} for a stream destination
 * @param bytes its size
 * @param time  how long the download took, retries included
 */
record Downloaded(Path path, long bytes, Duration time) {
}
