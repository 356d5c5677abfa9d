package dev.d1export.http.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes a connection when a step on it has not finished in time: for the steps whose blocking calls take no overall
 * deadline, such as a TLS handshake, where a socket timeout bounds each read but a server trickling bytes could stretch
 * the whole for ever. One daemon timer thread serves every alarm and ends when none is set.
 */
final class ConnectionAlarm implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static final int ARMED = 0;
    private static final int RUNG = 1;
    private static final int OFF = 2;

    /** Armed, then either rung (by the timer) or off (by the step): whichever comes first wins, once. */
    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final ScheduledFuture<?> pending;

    private ConnectionAlarm(Closeable connection, long nanos) {
        pending = TIMER.schedule(() -> {
            if (!state.compareAndSet(ARMED, RUNG)) {
                return;
            }
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
     * Turns the alarm off once the step has finished, or finds it has rung (and closed the connection, or is closing
     * it), which makes the step a timeout.
     *
     * @return {@code true} if it had rung: the connection cannot be used
     */
    boolean turnOff() {
        state.compareAndSet(ARMED, OFF);
        pending.cancel(false);
        return state.get() == RUNG;
    }

    /** Turns the alarm off if it has not rung. Idempotent. */
    @Override
    public void close() {
        turnOff();
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
