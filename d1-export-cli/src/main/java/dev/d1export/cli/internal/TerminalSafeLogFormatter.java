package dev.d1export.cli.internal;

import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} formatter that cleans another's output as the command's own lines are cleaned: the
 * message through {@link TerminalText#oneLine(String)}, the rest through {@link TerminalText#lines(String)}. Provider
 * log lines carry text from outside (a header the JDK refused, quoted in its exception message; a URL), and
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

    /**
     * Formats the record with the wrapped formatter, its message on one line (as the command prints a server's text:
     * a line break in it could otherwise pass for a line of the command's own) and the rest, a stack trace included,
     * with its line breaks but without control characters.
     *
     * @param record the record
     * @return the text to print
     */
    @Override
    public String format(LogRecord record) {
        LogRecord flat = new LogRecord(record.getLevel(), TerminalText.oneLine(String.valueOf(formatMessage(record))));
        flat.setLoggerName(record.getLoggerName());
        flat.setInstant(record.getInstant());
        flat.setSourceClassName(record.getSourceClassName());
        flat.setSourceMethodName(record.getSourceMethodName());
        // Each message of the trace on one line too: a line break in one could pass for a line of the command's own.
        flat.setThrown(record.getThrown() == null ? null : TerminalText.flatMessages(record.getThrown()));
        flat.setSequenceNumber(record.getSequenceNumber());
        flat.setLongThreadID(record.getLongThreadID());
        return TerminalText.lines(delegate.format(flat));
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
