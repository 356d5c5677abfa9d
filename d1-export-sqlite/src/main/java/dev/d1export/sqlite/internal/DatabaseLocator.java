package dev.d1export.sqlite.internal;

import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * @throws DatabaseNotFoundException     if nothing is there
     * @throws ExportConfigurationException if the folder holds several databases (each listed with its tables)
     */
    public static Path locate(Path path) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new DatabaseNotFoundException("No SQLite database at " + path + ": no such file or folder");
        }
        List<Path> found;
        try (Stream<Path> files = Files.walk(path)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".sqlite") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search " + path, e);
        } catch (UncheckedIOException e) {
            throw new DatabaseNotFoundException("Cannot search " + path + " for databases: " + e.getCause(), e);
        }
        if (found.isEmpty()) {
            throw new DatabaseNotFoundException("No SQLite database (*.sqlite) under " + path);
        }
        if (found.size() > 1) {
            StringBuilder sb = new StringBuilder("Found ").append(found.size()).append(" SQLite databases under ")
                    .append(path).append("; name one file in the URL (d1:sqlite:<file>):");
            for (Path file : found) {
                sb.append("\n  ").append(file).append(" tables: ").append(describeTables(file));
            }
            throw new ExportConfigurationException(sb.toString());
        }
        return found.get(0);
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
            return names.isEmpty() ? "(none)" : String.join(", ", names);
        } catch (SQLException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
