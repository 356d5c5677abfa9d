package dev.d1export.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A database that {@link FakeD1Server} serves: its UUID, its name and the SQLite file that holds it. The file is read
 * (never written) on each export, so a test may change it between exports; the bookmark changes with it.
 *
 * @param uuid the database id, a UUID in lower case
 * @param name the database name
 * @param file the SQLite file
 */
public record FakeDatabase(String uuid, String name, Path file) {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Validates the database.
     *
     * @param uuid the database id
     * @param name the database name
     * @param file the SQLite file
     * @throws IllegalArgumentException if the id is not a lower-case UUID or the name is blank
     */
    public FakeDatabase {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (!UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("Database id '" + uuid + "' is not a lower-case UUID");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("Database name must not be blank");
        }
        file = file.toAbsolutePath();
    }
}
