package dev.d1export.sqlite.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens a SQLite file so that it is never changed: {@code SQLITE_OPEN_READONLY} with a {@code mode=ro} URI, no
 * create flag, {@code query_only}. A read-only connection writes no journal and never checkpoints a WAL, and it
 * reads a WAL database while another connection is writing to it (it sees the last committed state).
 */
public final class ReadOnlySqlite {

    private ReadOnlySqlite() {
    }

    /**
     * Opens a connection.
     *
     * @param file an existing SQLite file
     * @return a read-only connection, owned by the caller
     * @throws SQLException if SQLite cannot open the file
     */
    public static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.resetOpenMode(SQLiteOpenMode.READWRITE);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        // The driver's first connection in a JVM loads its native library, which clears the thread's interrupt
        // status (sqlite-jdbc 3.51): a cancel that came before it would be lost, and the export run to the end.
        boolean interrupted = Thread.currentThread().isInterrupted();
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + uri(file));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try (var statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only=1");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A SQLite URI for the file: every byte outside a safe set percent-encoded, so '?', '#' and '%' stay literal. */
    static String uri(Path file) {
        String path = file.toAbsolutePath().toString().replace('\\', '/');
        StringBuilder sb = new StringBuilder("file:");
        if (!path.startsWith("/")) {
            sb.append('/');
        }
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == ':';
            if (safe) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.append("?mode=ro").toString();
    }
}
