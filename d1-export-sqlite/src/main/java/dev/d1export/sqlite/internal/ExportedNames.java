package dev.d1export.sqlite.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a table filter can bring into D1's dump, which a requested name must be one of to match something (see
 * {@link dev.d1export.spi.UnmatchedTables}). Not every name in {@code sqlite_schema} is one: D1 leaves out tables
 * named {@code _cf_...} (workerd's {@code _cf_METADATA}) or {@code sqlite_...} other than {@code sqlite_sequence} and
 * the statistics tables, and an automatic index ({@code sqlite_autoindex_t_1}) has no SQL to write; naming one of
 * those gives a dump with nothing for it, as a misspelt name does. A virtual table counts, whatever its name: it
 * fails the export, or is reported as skipped, rather than being nothing. Indexes, triggers and views with SQL count
 * whatever their name, as D1 writes them. A UTF-8 database's names are decoded as D1 decodes them.
 */
final class ExportedNames {

    /** The query; the same rule as {@code DumpEngine}'s, the statistics prefix as D1's {@code /^sqlite_stat./}. */
    static final String SQL = "SELECT name FROM sqlite_master WHERE sql IS NOT NULL AND (type <> 'table'"
            + " OR substr(sql, 1, 20) = 'CREATE VIRTUAL TABLE' OR name = 'sqlite_sequence'"
            + " OR (substr(name, 1, 4) <> '_cf_' AND substr(name, 1, 7) <> 'sqlite_')"
            + " OR (substr(name, 1, 11) = 'sqlite_stat' AND length(name) > 11"
            + " AND substr(name, 12, 1) NOT IN (char(10), char(13), char(8232), char(8233))))";

    private ExportedNames() {
    }

    /**
     * Reads the names.
     *
     * @param connection the database
     * @return the names of what a table filter can bring into the dump, in schema order
     * @throws SQLException if SQLite fails
     */
    static List<String> of(Connection connection) throws SQLException {
        boolean utf8;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA encoding")) {
            utf8 = RowReader.encodingOf(rs.next() ? rs.getString(1) : "UTF-8") == RowReader.UTF8;
        }
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(SQL)) {
            while (rs.next()) {
                // Decoded as D1 (and DumpEngine's filter) decodes a UTF-8 database's names: bytes that are not
                // UTF-8 (ED A0 80) give what a JavaScript decoder gives (three U+FFFD), not what Java's gives (one).
                byte[] bytes = utf8 ? rs.getBytes(1) : null;
                names.add(bytes != null ? JsUtf8Decoder.decode(bytes) : rs.getString(1));
            }
        }
        return names;
    }
}
