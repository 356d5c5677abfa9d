package dev.d1export.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what {@link ProviderRegistry} logs (JUL, the default System.Logger backend) while it is open. */
final class RegistryLog implements AutoCloseable {

    private final Logger logger = Logger.getLogger(ProviderRegistry.class.getName());
    private final Level level = logger.getLevel();
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

    /** Starts recording every level. */
    RegistryLog() {
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
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
