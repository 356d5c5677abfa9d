package dev.d1export.sqlite.internal;

import dev.d1export.spi.UnmatchedTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names a table filter can bring into D1's dump, which a requested name must be one of to match something, read
 * with their types (a dump without schema has nothing for an index, trigger or view) by
 * {@link UnmatchedTables#EXPORTABLE_NAMES_QUERY} (see there which names those are). A UTF-8 database's names are
 * decoded as D1 decodes them.
 */
final class ExportedNames {

    private ExportedNames() {
    }

    /**
     * Reads the names.
     *
     * @param connection the database
     * @return the names of what a table filter can bring into the dump, in schema order, each with its
     *         {@code sqlite_master} type
     * @throws SQLException if SQLite fails
     */
    static Map<String, String> of(Connection connection) throws SQLException {
        boolean utf8;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA encoding")) {
            utf8 = RowReader.encodingOf(rs.next() ? rs.getString(1) : "UTF-8") == RowReader.UTF8;
        }
        Map<String, String> names = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(UnmatchedTables.EXPORTABLE_NAMES_QUERY)) {
            while (rs.next()) {
                // Decoded as D1 (and DumpEngine's filter) decodes a UTF-8 database's names: bytes that are not
                // UTF-8 (ED A0 80) give what a JavaScript decoder gives (three U+FFFD), not what Java's gives (one).
                byte[] bytes = utf8 ? rs.getBytes(1) : null;
                names.put(bytes != null ? JsUtf8Decoder.decode(bytes) : rs.getString(1), rs.getString(2));
            }
        }
        return names;
    }
}
