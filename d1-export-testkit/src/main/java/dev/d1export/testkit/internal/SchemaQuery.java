package dev.d1export.testkit.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
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
            boolean utf8 = utf8(connection);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        if (utf8 && value instanceof String) {
                            // D1 decodes text as JavaScript does: each byte of an encoded surrogate (ED A0 80) is
                            // one U+FFFD, where Java's decoder gives one for the three. The stored bytes, decoded so.
                            value = JsUtf8Decoder.decode(rs.getBytes(c));
                        }
                        row.put(meta.getColumnLabel(c), value instanceof byte[] b ? HexFormat.of().formatHex(b)
                                : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * Whether the database stores text as UTF-8: only then are a text value's bytes its UTF-8 (in a UTF-16
     * database SQLite's own conversion to UTF-8 has already replaced what is ill-formed).
     */
    private static boolean utf8(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA encoding")) {
            return !rs.next() || "UTF-8".equalsIgnoreCase(rs.getString(1));
        }
    }
}
