package dev.d1export.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The small SQLite database every provider exports in the {@link ExportProviderContract}, with the dumps D1 makes of
 * it, written out by hand so that the contract checks bytes, not a second implementation. Two tables ({@code users},
 * {@code posts}, in that schema order), two rows each, one index ({@code idx_posts_user}).
 */
public final class ContractDatabase {

    /** The first line of every D1 dump. */
    public static final String HEADER = "PRAGMA defer_foreign_keys=TRUE;";

    private static final String USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
    private static final String POSTS = "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES"
            + " users(id), title TEXT)";
    private static final String INDEX = "CREATE INDEX idx_posts_user ON posts(user_id)";

    private final Path file;

    private ContractDatabase(Path file) {
        this.file = file;
    }

    /**
     * Creates the database as {@code contract-db/contract.sqlite} in a folder. The {@code contract-db} folder is the
     * implementer's: it may put more files there (the contract checks which files an export leaves beside its
     * destination, and destinations are never in that folder).
     *
     * @param dir an existing folder
     * @return the database
     * @throws UncheckedIOException if SQLite cannot write it
     */
    public static ContractDatabase create(Path dir) {
        Path file = dir.resolve("contract-db").resolve("contract.sqlite");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                 Statement s = c.createStatement()) {
                s.execute(USERS);
                s.execute(POSTS);
                s.execute(INDEX);
                s.execute("INSERT INTO users VALUES (1, 'ada'), (2, 'grace')");
                s.execute("INSERT INTO posts VALUES (1, 1, 'hello'), (2, 2, 'it''s')");
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Cannot create " + file + ": " + e.getMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContractDatabase(file.toAbsolutePath());
    }

    /**
     * The SQLite file.
     *
     * @return its absolute path
     */
    public Path file() {
        return file;
    }

    /**
     * The folder the file is in ({@code contract-db}), where an implementer may put more files.
     *
     * @return the folder
     */
    public Path folder() {
        return file.getParent();
    }

    /**
     * The dump D1 makes of the whole database.
     *
     * @param columnList {@code true} for the current {@code INSERT INTO "t" ("a","b") VALUES(..)} form,
     *                   {@code false} for wrangler 4.86's {@code INSERT INTO "t" VALUES(..)}
     * @return the dump, without a trailing newline
     */
    public String fullDump(boolean columnList) {
        return dump(List.of(), false, false, columnList);
    }

    /**
     * The dump D1 makes with a filter and options.
     *
     * @param tables     names to export, empty for all
     * @param noData     leave out rows
     * @param noSchema   leave out schema
     * @param columnList the {@code INSERT} form
     * @return the dump
     */
    public String dump(Collection<String> tables, boolean noData, boolean noSchema, boolean columnList) {
        Objects.requireNonNull(tables, "tables");
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        if (tables.isEmpty() || tables.contains("users")) {
            if (!noSchema) {
                lines.add(USERS + ";");
            }
            if (!noData) {
                lines.add(insert("users", "(\"id\",\"name\")", "1,'ada'", columnList));
                lines.add(insert("users", "(\"id\",\"name\")", "2,'grace'", columnList));
            }
        }
        if (tables.isEmpty() || tables.contains("posts")) {
            if (!noSchema) {
                lines.add(POSTS + ";");
            }
            if (!noData) {
                lines.add(insert("posts", "(\"id\",\"user_id\",\"title\")", "1,1,'hello'", columnList));
                lines.add(insert("posts", "(\"id\",\"user_id\",\"title\")", "2,2,'it''s'", columnList));
            }
        }
        if (!noSchema && (tables.isEmpty() || tables.contains("idx_posts_user"))) {
            lines.add(INDEX + ";");
        }
        return String.join("\n", lines);
    }

    private static String insert(String table, String columns, String values, boolean columnList) {
        return "INSERT INTO \"" + table + "\" " + (columnList ? columns + " " : "") + "VALUES(" + values + ");";
    }

    @Override
    public String toString() {
        return "ContractDatabase{" + file + "}";
    }
}
