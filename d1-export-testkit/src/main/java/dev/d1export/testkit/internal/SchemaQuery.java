package dev.d1export.testkit.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The query endpoint, limited to what tools need before an export: a single read-only {@code SELECT} from
 * {@code sqlite_schema} (or {@code sqlite_master}), run on a read-only connection.
 */
public final class SchemaQuery {

    private static final Pattern ALLOWED = Pattern.compile(
            "(?is)\\s*select\\s[^;]*\\sfrom\\s+(main\\.)?(sqlite_schema|sqlite_master)\\b[^;]*;?\\s*");

    private SchemaQuery() {
    }

    /**
     * Whether the fake server answers this statement.
     *
     * @param sql the statement
     * @return {@code true} for one read-only SELECT of the schema table
     */
    public static boolean allowed(String sql) {
        return ALLOWED.matcher(sql).matches();
    }

    /**
     * Runs the query.
     *
     * @param file   the database file
     * @param sql    an {@linkplain #allowed(String) allowed} statement
     * @param params positional parameters
     * @return the rows, each a column-to-value map
     * @throws SQLException if SQLite fails
     */
    public static List<Map<String, Object>> run(Path file, String sql, List<Object> params) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                statement.setObject(i + 1, p instanceof BigDecimal d ? (d.scale() <= 0 ? (Object) d.longValue()
                        : (Object) d.doubleValue()) : p);
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        row.put(meta.getColumnLabel(c), value instanceof byte[] b ? HexFormat.of().formatHex(b)
                                : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
