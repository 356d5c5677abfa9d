package dev.d1export.sqlite.internal;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportConfigurationException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.PermissionDeniedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the database a {@code d1:sqlite:<path>} URL means: the file itself, or the one {@code *.sqlite} file under a
 * folder such as wrangler's {@code .wrangler/state/v3/d1} (searched recursively).
 */
public final class DatabaseLocator {

    private DatabaseLocator() {
    }

    /**
     * Resolves the path.
     *
     * @param path a SQLite file or a folder holding exactly one
     * @return the database file
     * @throws DatabaseNotFoundException     if nothing is there, or the path or a folder under it cannot be read
     *                                       (the message names the path and the system's reason)
     * @throws ExportConfigurationException if the folder holds several databases (each listed with its tables)
     */
    public static Path locate(Path path) {
        ShownPath shown = new ShownPath(path);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // A relative path is shown resolved too: an IDE may run tests from another folder than the build does.
            String hint = escapedPathHint(path);
            throw new DatabaseNotFoundException("No SQLite database at " + shown.of(path) + (path.isAbsolute() ? ""
                    : " (" + shown.of(path.toAbsolutePath()) + ")") + ": no such file or folder", e,
                    hint == null ? ErrorDetails.none() : ErrorDetails.none().withHint(hint));
        } catch (IOException e) {
            throw unreadable(path, e, shown, false);
        }
        if (attributes.isRegularFile()) {
            return path;
        }
        if (!attributes.isDirectory()) {
            throw new DatabaseNotFoundException("No SQLite database at " + shown.of(path)
                    + ": neither a file nor a folder");
        }
        List<Path> found;
        // Files.walk throws IOException when the folder itself cannot be opened, UncheckedIOException for one
        // below it: both mean the same to the caller.
        try (Stream<Path> files = Files.walk(path)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".sqlite") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw unreadable(path, e, shown, true);
        } catch (UncheckedIOException e) {
            throw unreadable(path, e.getCause(), shown, true);
        }
        if (found.isEmpty()) {
            throw new DatabaseNotFoundException("No SQLite database (*.sqlite) under " + shown.of(path));
        }
        if (found.size() > 1) {
            List<Path> databases = found.stream().filter(file -> !isMiniflareMetadata(file)).toList();
            if (databases.size() == 1) {
                return databases.get(0);
            }
            // Miniflare's metadata files are no choice to offer, unless nothing else is there.
            List<Path> listed = databases.isEmpty() ? found : databases;
            StringBuilder sb = new StringBuilder("Found ").append(listed.size()).append(" SQLite databases under ")
                    .append(shown.of(path)).append("; name one file in the URL (d1:sqlite:<file>): ");
            // One line (error reports print messages on one line): "file (tables: a, b); file (tables: c)".
            for (int i = 0; i < listed.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(shown.of(listed.get(i))).append(" (tables: ")
                        .append(describeTables(listed.get(i))).append(')');
            }
            throw new ExportConfigurationException(sb.toString());
        }
        return found.get(0);
    }

    /**
     * What to write instead when a missing path looks URL-escaped: the provider part of {@code d1:sqlite:} is a path
     * taken as written (as {@code jdbc:sqlite:} takes it), so {@code my%20db.sqlite} names a file with {@code %20} in
     * its name. Said only when the decoded path exists, so the hint is never a guess.
     */
    static String escapedPathHint(Path path) {
        String written = path.toString();
        String unescaped = written.startsWith("file:") ? fileUriPath(written) : percentDecoded(written);
        if (unescaped == null || unescaped.equals(written)) {
            return null;
        }
        try {
            Path meant = Path.of(unescaped);
            if (Files.exists(meant)) {
                return "the path of a d1:sqlite: URL is taken as written, not percent-decoded nor a file: URI;"
                        + " write the path itself: d1:sqlite:" + ExportOptions.redactTarget(meant.toString());
            }
        } catch (InvalidPathException e) {
            // Not a path on this system either: nothing better to suggest.
        }
        return null;
    }

    /** The path of a {@code file:} URI ({@code file:/abs} or the relative {@code file:rel}), or {@code null}. */
    private static String fileUriPath(String written) {
        try {
            URI uri = new URI(written.replace('\\', '/'));
            // file:examples/app.sqlite is an opaque URI: its path is the scheme-specific part, not getPath().
            String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
            return path == null || path.isEmpty() ? null : Path.of(path).toString();
        } catch (URISyntaxException | InvalidPathException e) {
            return null;
        }
    }

    /** The text with its {@code %XX} escapes decoded as UTF-8; {@code null} when it has none or a malformed one. */
    private static String percentDecoded(String written) {
        if (written.indexOf('%') < 0) {
            return null;
        }
        try {
            // A '+' in a path is a plus, not the space of form encoding.
            return URLDecoder.decode(written.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A path that cannot be read: permission denied is a {@code PermissionDeniedException}, as for a database file
     * that cannot be read; any other reason (a link loop, a name too long) is not-found rather than a configuration
     * error: as with a missing path, no database can be reached where the URL points, and the fix is on disk, not in
     * the URL's syntax.
     */
    private static D1ExportException unreadable(Path path, IOException e, ShownPath shown, boolean searching) {
        String where = e instanceof FileSystemException fse && fse.getFile() != null
                && !fse.getFile().equals(path.toString()) ? " (at " + shown.text(fse.getFile()) + ")"
                : "";
        String what = searching ? "Cannot search " + shown.of(path) + " for SQLite databases: "
                : "Cannot read " + shown.of(path) + ": ";
        if (e instanceof AccessDeniedException) {
            // The file or a folder on its path is not this user's to open (or to search, for a folder): the same
            // failure as a database file that cannot be read, and the same fix.
            return new PermissionDeniedException(what + "permission denied" + where, e, ErrorDetails.none()
                    .withHint("let the user running the export read the database file and search (x) every folder"
                            + " on its path" + (searching ? ", and read the folders searched" : "")));
        }
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : shown.text(e.toString());
        return new DatabaseNotFoundException(what + reason + where, e);
    }

    /**
     * Whether the file is the metadata database miniflare (wrangler 4's local runtime) keeps beside every local D1
     * database, {@code miniflare-D1DatabaseObject/metadata.sqlite}: by that name, in such a folder, and with none but
     * workerd's own {@code _cf_} tables (such as {@code _cf_ALARM}). Searching {@code .wrangler/state/v3/d1} would
     * otherwise always find two databases.
     */
    static boolean isMiniflareMetadata(Path file) {
        Path folder = file.getParent();
        if (!file.getFileName().toString().equals("metadata.sqlite") || folder == null
                || folder.getFileName() == null || !folder.getFileName().toString().startsWith("miniflare-")) {
            return false;
        }
        try (Connection c = ReadOnlySqlite.open(file);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type='table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'")) {
            return rs.next() && rs.getInt(1) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String describeTables(Path file) {
        try (Connection c = ReadOnlySqlite.open(file);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type='table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'"
                     + " ORDER BY rowid")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
