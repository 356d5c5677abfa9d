package dev.d1export.testkit.internal;

import dev.d1export.testkit.FakeDatabase;
import java.util.ArrayList;
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
     * @throws IllegalArgumentException if its UUID is taken
     */
    public void add(FakeDatabase database) {
        if (byUuid.putIfAbsent(database.uuid(), database) != null) {
            throw new IllegalArgumentException("A database with id " + database.uuid() + " is already registered");
        }
        clocks.put(database.uuid(), new BookmarkClock(database.file()));
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
