package dev.d1export.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A SQLite file made for a test, through the driver the sqlite provider uses. */
final class SqliteDatabase {

    private SqliteDatabase() {
    }

    /**
     * Creates (or opens) the file and runs the statements on it, in order.
     *
     * @param file       the database file
     * @param statements SQL statements
     * @return the file
     * @throws SQLException if one fails
     */
    static Path create(Path file, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return file;
    }
}
