package dev.d1export.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a class of the SPI logs (JUL, the default System.Logger backend, under the class's name) while it is
 * open.
 */
final class LogRecording implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts recording every level of what {@code source} logs. */
    LogRecording(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Every record, in order. */
    List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The records whose message contains {@code text}, in order. */
    List<LogRecord> about(String text) {
        synchronized (records) {
            return records.stream().filter(r -> r.getMessage().contains(text)).toList();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(level);
    }
}
