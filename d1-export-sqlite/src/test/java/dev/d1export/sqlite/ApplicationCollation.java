package dev.d1export.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.Collation;

/**
 * Makes databases as a program with a collation of its own would: {@code uint} (the {@code sqlite3} shell's name for
 * it) is defined on the connection that runs the statements, and on no other.
 */
final class ApplicationCollation {

    private ApplicationCollation() {
    }

    /** Runs the statements on {@code file} with {@code uint} defined. */
    static void run(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Collation.create(c, "uint", new Collation() {
                @Override
                protected int xCompare(String a, String b) {
                    return a.compareTo(b);
                }
            });
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
        }
    }
}
