package dev.d1export.junit;

import java.util.List;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The test JVM's {@code System.LoggerFinder} (registered in META-INF/services): records every line logged through
 * {@code System.Logger} at every level, so tests can read what the extension logs.
 */
public final class RecordingLoggerFinder extends System.LoggerFinder {

    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

    /** Creates the finder; the JDK does this. */
    public RecordingLoggerFinder() {
    }

    /**
     * Every line logged so far, as {@code LEVEL logger: message}.
     *
     * @return the lines
     */
    static List<String> lines() {
        return List.copyOf(LINES);
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new System.Logger() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, Supplier<String> supplier) {
                LINES.add(level + " " + name + ": " + supplier.get());
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                LINES.add(level + " " + name + ": " + msg + (thrown == null ? "" : " " + thrown));
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                LINES.add(level + " " + name + ": " + (params == null || params.length == 0 ? format
                        : java.text.MessageFormat.format(format, params)));
            }
        };
    }

    @Override
    public System.Logger getLocalizedLogger(String name, ResourceBundle bundle, Module module) {
        try {
            return getLogger(name, module);
        } catch (MissingResourceException e) {
            throw new IllegalStateException(e);
        }
    }
}
