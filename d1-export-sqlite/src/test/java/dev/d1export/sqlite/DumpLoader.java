package dev.d1export.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Test helper: loads a dump into a fresh SQLite file, statement by statement, and reads tables back typed. */
final class DumpLoader {

    private DumpLoader() {
    }

    /**
     * Splits a dump into statements: a statement ends at a {@code ;} outside quotes that ends a line (or the text),
     * except inside a trigger body, which ends at {@code END;}.
     */
    static List<String> statements(String dump) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < dump.length(); i++) {
            char c = dump.charAt(i);
            current.append(c);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else if (c == ';' && (i + 1 == dump.length() || dump.charAt(i + 1) == '\n')) {
                String statement = current.toString().strip();
                boolean trigger = statement.toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER");
                if (!trigger || statement.toUpperCase(Locale.ROOT).endsWith("END;")) {
                    result.add(statement);
                    current.setLength(0);
                    i++; // the newline between statements
                }
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString());
        }
        return result;
    }

    /** Creates {@code target} and runs every statement of the dump in it, in one transaction. */
    static void load(String dump, Path target) throws SQLException {
        load(dump, target, 0);
    }

    /**
     * As {@link #load(String, Path)}, with SQLite's expression depth limit lowered to {@code maxExprDepth} (D1's is
     * 100, SQLite's own 1000); 0 keeps SQLite's.
     */
    static void load(String dump, Path target, int maxExprDepth) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target)) {
            if (maxExprDepth > 0) {
                c.unwrap(org.sqlite.SQLiteConnection.class)
                        .setLimit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_EXPR_DEPTH, maxExprDepth);
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String statement : statements(dump)) {
                    try {
                        st.execute(statement);
                    } catch (SQLException e) {
                        throw new SQLException("Failed: " + statement, e);
                    }
                }
            }
            c.commit();
        }
    }

    /** Every value of a table in scan order, each as [storage class, value] with integers as Long. */
    static List<List<Object>> rows(Path db, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Integer x) {
                        v = (long) x;
                    } else if (v instanceof Double d) {
                        v = "REAL bits " + Long.toHexString(Double.doubleToRawLongBits(d)) + " (" + d + ")";
                    } else if (v instanceof byte[] b) {
                        v = "BLOB " + Arrays.toString(b);
                    } else if (v instanceof String s) {
                        v = "TEXT " + s;
                    }
                    row.add(v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The names of the tables a dump carries (not SQLite's or workerd's own, except sqlite_sequence/sqlite_stat1). */
    static List<String> tables(Path db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (!name.startsWith("_cf_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
