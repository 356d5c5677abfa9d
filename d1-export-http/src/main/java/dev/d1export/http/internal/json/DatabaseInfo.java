package dev.d1export.http.internal.json;

/** One database of the list call: its {@code uuid} and {@code name}. */
public class DatabaseInfo {

    /** The database id. */
    public String uuid;

    /** The database name. */
    public String name;

    /** For JSON-B. */
    public DatabaseInfo() {
    }
}
