package dev.d1export.cli;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A JUL handler (named in a logging configuration file: {@code handlers=dev.d1export.cli.SlowStartHandler}) that
 * makes a child JVM's start slow on purpose: {@code Main} sets up the log handlers after it has installed its signal
 * handling and before it parses the command line, so the command is held there for 3 s, after printing
 * {@code starting slowly} on stderr, as a loaded machine or a cold disk holds it. A test sends its signal then, before
 * the export command has begun. An interrupt does not cut the wait short (start-up work does not stop for one) but
 * is kept. Logs nothing.
 */
public final class SlowStartHandler extends Handler {

    private static final long HOLD_MILLIS = 3000;

    /** Holds the starting thread; LogManager calls this. */
    public SlowStartHandler() {
        System.err.println("starting slowly");
        System.err.flush();
        long deadline = System.nanoTime() + HOLD_MILLIS * 1_000_000L;
        boolean interrupted = false;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
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
