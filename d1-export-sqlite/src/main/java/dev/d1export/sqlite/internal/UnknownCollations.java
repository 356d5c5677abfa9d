package dev.d1export.sqlite.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The collations a database's indexes (primary keys of WITHOUT ROWID tables included) use that SQLite does not define
 * by itself: a program that defined one of its own (the {@code sqlite3} shell's {@code uint}, an application's) made
 * a file that nothing without that collation can read in key order. SQLite's error then says only "no query
 * solution", so a failed dump asks this to say what it means.
 */
final class UnknownCollations {

    /** The collations every SQLite (and D1) has. */
    private static final Set<String> BUILT_IN = Set.of("binary", "nocase", "rtrim");

    private UnknownCollations() {
    }

    /**
     * The unknown collations, in schema order; empty when there are none or the schema cannot be read.
     *
     * @param connection an open connection to the database
     * @return the collation names as the schema spells them
     */
    static List<String> of(Connection connection) {
        Set<String> unknown = new LinkedHashSet<>();
        try (Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM main.sqlite_schema WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                List<String> indexes = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("PRAGMA main.index_list("
                        + DumpEngine.quoteIdentifier(table) + ")")) {
                    while (rs.next()) {
                        indexes.add(rs.getString("name"));
                    }
                }
                for (String index : indexes) {
                    try (ResultSet rs = statement.executeQuery("PRAGMA main.index_xinfo("
                            + DumpEngine.quoteIdentifier(index) + ")")) {
                        while (rs.next()) {
                            String collation = rs.getString("coll");
                            if (collation != null && !BUILT_IN.contains(collation.toLowerCase(Locale.ROOT))) {
                                unknown.add(collation);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            // Only an explanation of another failure: that failure is reported as it is.
            return List.of();
        }
        return List.copyOf(unknown);
    }
}
