package dev.d1export.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every name in a SQLite file's {@code sqlite_master}, read directly, for tests that check each one. */
final class SchemaNames {

    private SchemaNames() {
    }

    /**
     * The names, in schema order; a name a trigger shares with a table comes twice.
     *
     * @param db the file
     * @return the names
     * @throws Exception if SQLite fails
     */
    static List<String> of(Path db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
