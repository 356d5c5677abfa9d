package dev.d1export.cli;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A JUL handler (named in a logging configuration file: {@code handlers=dev.d1export.cli.SlowStartHandler}) that
 * makes a child JVM's start slow on purpose: {@code Main} sets up the log handlers after it has installed its signal
 * handling and before it parses the command line, so the command is held there, after printing
 * {@code starting slowly} on stderr, until a signal comes (its hook interrupts the starting thread), as a loaded
 * machine or a cold disk holds it. A test sends its signal then, before the export command has begun. The hold ends
 * with the signal, not at a set time: what is left of the start (parsing the command line, the command reporting)
 * then has the whole of the start-up hook's wait, however loaded the machine, and none of it is spent here. The
 * interrupt is kept for the start to go on with. Logs nothing.
 */
public final class SlowStartHandler extends Handler {

    /** A guard against a hang only: the test signals within its own 30 s guard or ends the child. */
    private static final long HOLD_AT_MOST_MILLIS = 120_000;

    /** Holds the starting thread until it is interrupted; LogManager calls this. */
    public SlowStartHandler() {
        System.err.println("starting slowly");
        System.err.flush();
        try {
            Thread.sleep(HOLD_AT_MOST_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void publish(LogRecord logRecord) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
