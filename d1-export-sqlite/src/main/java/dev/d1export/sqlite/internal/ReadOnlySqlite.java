package dev.d1export.sqlite.internal;

import dev.d1export.spi.ExportCancelledException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens a SQLite file so that it is never changed: {@code SQLITE_OPEN_READONLY} with a {@code mode=ro} URI, no
 * create flag, {@code query_only}. A read-only connection writes no journal and never checkpoints a WAL, and it
 * reads a WAL database while another connection is writing to it (it sees the last committed state).
 */
public final class ReadOnlySqlite {

    /** Whether the thread that loads the driver's native library has been started (or could not be). */
    private static final AtomicBoolean LOAD_STARTED = new AtomicBoolean();

    /** Open once that load has ended, loaded or not. */
    private static final CountDownLatch LOAD_ENDED = new CountDownLatch(1);

    private ReadOnlySqlite() {
    }

    /**
     * Opens a connection.
     *
     * @param file an existing SQLite file
     * @return a read-only connection, owned by the caller
     * @throws SQLException             if SQLite cannot open the file
     * @throws ExportCancelledException if the thread is interrupted before or while the driver loads its native
     *                                  library (the JVM's first connection); the interrupt status stays set
     */
    public static Connection open(Path file) throws SQLException {
        awaitNativeLibrary();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.resetOpenMode(SQLiteOpenMode.READWRITE);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        // The driver's first connection in a JVM loads its native library, which may clear the thread's interrupt
        // status (sqlite-jdbc 3.51): a cancel that came before it would be lost, and the export run to the end.
        // awaitNativeLibrary has it loaded on a thread of its own; this covers a load that failed there and is
        // tried again here (the driver then fails this connection with its own error).
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

    /**
     * Has the driver's native library loaded, once per JVM, on a thread of its own that this one waits for: the
     * loader runs {@code uname} on Linux and swallows the {@code InterruptedException} of its wait, which clears the
     * interrupt status of the thread it runs on, so an interrupt that came while it ran on the exporting thread was
     * lost (the export ran to the end). Here that interrupt ends the wait instead. A load that fails is left to the
     * connection, which tries again and reports the driver's own error.
     *
     * @throws ExportCancelledException if this thread is interrupted before the load has ended (its interrupt
     *                                  status stays set; the load goes on and later connections use it)
     */
    private static void awaitNativeLibrary() {
        if (LOAD_ENDED.getCount() == 0) {
            return;
        }
        if (LOAD_STARTED.compareAndSet(false, true)) {
            try {
                Thread loader = new Thread(() -> {
                    try {
                        SQLiteJDBCLoader.initialize();
                    } catch (Exception | LinkageError e) {
                        // The connection tries again and says why.
                    } finally {
                        LOAD_ENDED.countDown();
                    }
                }, "sqlite-jdbc native library loader");
                // Not a daemon: a JVM that ends while the driver copies its library to the temporary folder would
                // leave the copy and its lock file there for good (later JVMs do not clean a locked one up).
                loader.setDaemon(false);
                loader.start();
            } catch (Throwable e) {
                // No thread to be had (OutOfMemoryError, a SecurityManager): every connection, this one included,
                // loads the library on its own thread, as before; nobody may be left waiting for a load never run.
                LOAD_ENDED.countDown();
                return;
            }
        }
        try {
            LOAD_ENDED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportCancelledException("Export was interrupted before the SQLite driver had loaded its native"
                    + " library", e);
        }
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
