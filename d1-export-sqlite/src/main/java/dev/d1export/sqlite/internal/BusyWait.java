package dev.d1export.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.BusyHandler;

/**
 * How long to wait for a database another connection holds locked (a writer in rollback-journal mode): as
 * sqlite-jdbc's default, up to 3 seconds, but never past the request's deadline and not a moment after the export's
 * thread is interrupted. SQLite's own busy timeout sleeps in native code, deaf to both.
 */
final class BusyWait extends BusyHandler {

    /** sqlite-jdbc's default busy timeout. */
    static final long PATIENCE_NANOS = 3_000_000_000L;
    private static final long STEP_MILLIS = 10;

    private final long deadline;
    private long firstCall;

    private BusyWait(long deadline) {
        this.deadline = deadline;
    }

    /**
     * Makes the connection wait this way.
     *
     * @param connection a connection of sqlite-jdbc's
     * @param deadline   the request's deadline in {@link System#nanoTime()} terms, {@link Long#MAX_VALUE} for none
     * @throws SQLException if the driver refuses
     */
    static void install(Connection connection, long deadline) throws SQLException {
        BusyHandler.setHandler(connection, new BusyWait(deadline));
    }

    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            firstCall = now;
        }
        if (Thread.currentThread().isInterrupted() || now - deadline >= 0 || now - firstCall >= PATIENCE_NANOS) {
            // 0: SQLite gives up and the statement fails with SQLITE_BUSY, which the exporter explains.
            return 0;
        }
        try {
            Thread.sleep(STEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        return 1;
    }
}
