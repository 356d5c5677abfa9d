package dev.d1export.http.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a connection when a step on it has not finished in time: for the steps whose blocking calls take no overall
 * deadline, such as a TLS handshake, where a socket timeout bounds each read but a server trickling bytes could stretch
 * the whole for ever. One daemon timer thread serves every alarm and ends when none is set.
 */
final class ConnectionAlarm implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final AtomicBoolean rang = new AtomicBoolean();
    private final ScheduledFuture<?> pending;

    private ConnectionAlarm(Closeable connection, long nanos) {
        pending = TIMER.schedule(() -> {
            rang.set(true);
            try {
                connection.close();
            } catch (IOException e) {
                // Closing is all the alarm does; a connection that fails to close is broken already.
            }
        }, Math.max(1, nanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Sets an alarm.
     *
     * @param connection what to close when it rings
     * @param nanos      how long from now
     * @return the alarm; {@link #close()} it when the step has finished
     */
    static ConnectionAlarm set(Closeable connection, long nanos) {
        return new ConnectionAlarm(connection, nanos);
    }

    /**
     * Whether the alarm rang (and closed the connection), which makes the step's failure a timeout.
     *
     * @return {@code true} once it rang
     */
    boolean rang() {
        return rang.get();
    }

    /** Cancels the alarm if it has not rung. */
    @Override
    public void close() {
        pending.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "d1-export-connection-alarm");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }
}
