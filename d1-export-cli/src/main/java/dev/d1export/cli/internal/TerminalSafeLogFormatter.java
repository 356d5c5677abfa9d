package dev.d1export.cli.internal;

import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} formatter that passes another's output through {@link TerminalText#lines(String)}:
 * provider log lines carry text from outside (a header the JDK refused, quoted in its exception message; a URL), and
 * on stderr they reach the same terminal as the command's own lines, which are cleaned the same way.
 */
public final class TerminalSafeLogFormatter extends Formatter {

    private final Formatter delegate;

    /**
     * Wraps a formatter.
     *
     * @param delegate the formatter whose output is cleaned; a {@link SimpleFormatter} when {@code null}
     */
    public TerminalSafeLogFormatter(Formatter delegate) {
        this.delegate = Objects.requireNonNullElseGet(delegate, SimpleFormatter::new);
    }

    @Override
    public String format(LogRecord record) {
        return TerminalText.lines(delegate.format(record));
    }

    @Override
    public String getHead(java.util.logging.Handler handler) {
        return TerminalText.lines(delegate.getHead(handler));
    }

    @Override
    public String getTail(java.util.logging.Handler handler) {
        return TerminalText.lines(delegate.getTail(handler));
    }
}
