package dev.d1export.sqlite.internal;

import dev.d1export.spi.ExportOptions;
import java.nio.file.Path;

/**
 * A path as messages, logs, events and {@code toString} show it: masked as the URL it came from is
 * ({@link ExportOptions#redactTarget(String)}), so a token pasted as {@code d1:sqlite:<token>} is not printed whole
 * right after the masked URL.
 */
final class ShownPath {

    private ShownPath() {
    }

    /**
     * The path, with token-like names masked.
     *
     * @param path a path derived from the URL's provider part
     * @return the text to show
     */
    static String of(Path path) {
        return ExportOptions.redactTarget(path.toString());
    }
}
