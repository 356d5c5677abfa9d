package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The alarm that bounds a step with no overall deadline of its own (a TLS handshake): it closes the connection once
 * when it rings, and whichever comes first, the ring or the step turning it off, decides what the step was.
 */
class ConnectionAlarmTest {

    /** A connection that only counts how often it is closed. */
    private static final class Counted implements Closeable {
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }

    @Test
    void anAlarmThatRangClosesTheConnectionOnceAndMakesTheStepATimeout() throws Exception {
        Counted connection = new Counted();
        ConnectionAlarm alarm = ConnectionAlarm.set(connection, 1);
        // A hang guard, not a measurement: the alarm was due a nanosecond from now.
        assertThat(connection.closed.await(30, TimeUnit.SECONDS)).as("the alarm rang").isTrue();

        assertThat(alarm.turnOff()).as("the step finds the alarm rang").isTrue();
        alarm.close();
        assertThat(alarm.turnOff()).as("and keeps finding it").isTrue();
        assertThat(connection.closes).hasValue(1);
    }

    @Test
    void anAlarmTurnedOffInTimeLeavesTheConnectionOpen() {
        Counted connection = new Counted();
        ConnectionAlarm alarm = ConnectionAlarm.set(connection, TimeUnit.HOURS.toNanos(1));

        assertThat(alarm.turnOff()).as("the step finished first").isFalse();
        alarm.close();
        assertThat(alarm.turnOff()).isFalse();
        assertThat(connection.closes).hasValue(0);
    }
}
