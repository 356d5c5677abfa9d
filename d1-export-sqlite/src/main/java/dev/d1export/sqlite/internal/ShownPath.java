package dev.d1export.sqlite.internal;

import dev.d1export.spi.ExportOptions;
import java.nio.file.Path;

/**
 * Paths as messages, logs, events and {@code toString} show them: where the URL's path is masked
 * ({@link ExportOptions#redactTarget(String)}: a token pasted as {@code d1:sqlite:<token>}), every copy of it in a
 * shown path is masked too (the resolved absolute path, a file found under it), so it is not printed whole right
 * after the masked URL. Anything else stays as it is: a folder with a long name is no secret.
 */
final class ShownPath {

    private final String target;
    private final String masked;

    /**
     * The paths of one {@code d1:sqlite:} location.
     *
     * @param location the path the URL gave
     */
    ShownPath(Path location) {
        this.target = location.toString();
        this.masked = ExportOptions.redactTarget(target);
    }

    /**
     * A path to show.
     *
     * @param path the location itself or a path derived from it
     * @return its text, with the location's masked form wherever the location appears
     */
    String of(Path path) {
        return text(path.toString());
    }

    /**
     * A text to show (e.g. a system error that quotes the path).
     *
     * @param text any text
     * @return the text, with the location's masked form wherever the location appears
     */
    String text(String text) {
        return masked.equals(target) || target.isEmpty() ? text : text.replace(target, masked);
    }
}
