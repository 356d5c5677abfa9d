package dev.d1export.testkit.internal;

import dev.d1export.testkit.FakeDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The databases a fake server serves, each with its bookmark clock. Thread-safe. */
public final class DatabaseRegistry {

    private final Map<String, FakeDatabase> byUuid = new ConcurrentHashMap<>();
    private final Map<String, BookmarkClock> clocks = new ConcurrentHashMap<>();

    /** Creates an empty registry. */
    public DatabaseRegistry() {
    }

    /**
     * Adds a database.
     *
     * @param database the database
     * @throws IllegalArgumentException if its UUID is taken, or its file is missing or not a SQLite database
     */
    public synchronized void add(FakeDatabase database) {
        checkFile(database);
        if (byUuid.containsKey(database.uuid())) {
            throw new IllegalArgumentException("A database with id " + database.uuid() + " is already registered");
        }
        byUuid.put(database.uuid(), database);
        clocks.put(database.uuid(), new BookmarkClock(database.file()));
    }

    /**
     * Fails when the database is added, not at its first export (as an HTTP 500 far from the mistake): the file must
     * exist and be empty (SQLite's empty database) or start with SQLite's header.
     *
     * @param database the database
     * @throws IllegalArgumentException if the file is missing or not a SQLite database
     */
    public static void checkFile(FakeDatabase database) {
        Path file = database.file();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Database '" + database.name() + "': "
                    + (Files.exists(file) ? file + " is not a file" : "no such file: " + file));
        }
        byte[] header = new byte[16];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new IllegalArgumentException("Database '" + database.name() + "': cannot read " + file + ": " + e,
                    e);
        }
        boolean sqlite = read == 16 && Arrays.equals(header,
                "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        if (read > 0 && !sqlite) {
            throw new IllegalArgumentException("Database '" + database.name() + "': " + file
                    + " is not a SQLite database (it does not start with SQLite's header)");
        }
    }

    /**
     * A database by UUID.
     *
     * @param uuid the id
     * @return the database, if registered
     */
    public Optional<FakeDatabase> byUuid(String uuid) {
        return Optional.ofNullable(byUuid.get(uuid));
    }

    /**
     * Every database, sorted by name then id.
     *
     * @return a snapshot
     */
    public List<FakeDatabase> all() {
        List<FakeDatabase> list = new ArrayList<>(byUuid.values());
        list.sort((a, b) -> a.name().equals(b.name()) ? a.uuid().compareTo(b.uuid()) : a.name().compareTo(b.name()));
        return list;
    }

    /**
     * The current bookmark of a database.
     *
     * @param uuid the id of a registered database
     * @return the bookmark
     */
    public String bookmark(String uuid) {
        return clocks.get(uuid).current();
    }
}
