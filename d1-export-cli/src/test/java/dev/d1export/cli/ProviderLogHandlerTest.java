package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.LiveProgress;
import dev.d1export.cli.internal.ProviderLogHandler;
import dev.d1export.spi.ExportEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provider log records on the command's stderr: one line in the command's style, above the live status line. */
class ProviderLogHandlerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void detach() {
        ProviderLogHandler.showAbove(null);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static LogRecord record(Level level, String message, Object... params) {
        LogRecord record = new LogRecord(level, message);
        record.setParameters(params);
        record.setLoggerName("dev.d1export.spi.ProviderRegistry");
        return record;
    }

    @Test
    void aWarningIsOneLineInTheCommandsStyle() {
        ProviderLogHandler handler = new ProviderLogHandler(err, false);

        handler.publish(record(Level.WARNING, "Skipping provider {0}:\nline two\u001b[31m", "broken"));

        assertThat(printed()).isEqualTo("warning: Skipping provider broken: line two?[31m" + System.lineSeparator());
    }

    @Test
    void withoutVerboseAThrowableIsNamedNotTraced() {
        ProviderLogHandler handler = new ProviderLogHandler(err, false);
        LogRecord record = record(Level.SEVERE, "Could not delete the staged file");
        record.setThrown(new IllegalStateException("disk gone"));

        handler.publish(record);

        assertThat(printed()).isEqualTo("error: Could not delete the staged file (disk gone)"
                + System.lineSeparator());
    }

    @Test
    void verboseLinesNameTheLoggerAndCarryTheStackTrace() {
        ProviderLogHandler handler = new ProviderLogHandler(err, true);
        handler.setLevel(Level.FINE);
        LogRecord record = record(Level.FINE, "Polling");
        record.setThrown(new IllegalStateException("why"));

        handler.publish(record);

        assertThat(printed()).startsWith("debug dev.d1export.spi.ProviderRegistry: Polling" + System.lineSeparator()
                + "java.lang.IllegalStateException: why").contains("\tat ");
    }

    @Test
    void verboseLinesCarryTheCausesOfTheThrowableToo() {
        ProviderLogHandler handler = new ProviderLogHandler(err, true);
        LogRecord record = record(Level.WARNING, "Retrying");
        record.setThrown(new IllegalStateException("outer", new java.io.IOException("inner\nline")));

        handler.publish(record);

        assertThat(printed()).startsWith("warning dev.d1export.spi.ProviderRegistry: Retrying"
                + System.lineSeparator() + "java.lang.IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: inner line").doesNotContain("Can't overwrite cause");
    }

    @Test
    void withoutVerboseTheCloudflareProvidersWarningsAreLeftToTheProgressViewAndTheErrorReport() {
        ProviderLogHandler quiet = new ProviderLogHandler(err, false);
        LogRecord retry = record(Level.WARNING, "Retrying starting the export in 400 ms");
        retry.setLoggerName("dev.d1export.http");
        LogRecord broken = record(Level.SEVERE, "Could not close the connection");
        broken.setLoggerName("dev.d1export.http");

        quiet.publish(retry);
        quiet.publish(broken);
        quiet.publish(record(Level.WARNING, "Skipping provider {0}", "broken"));
        new ProviderLogHandler(err, true).publish(retry);

        assertThat(printed().lines()).containsExactly(
                "error: Could not close the connection",
                "warning: Skipping provider broken",
                "warning dev.d1export.http: Retrying starting the export in 400 ms");
    }

    @Test
    void belowTheHandlersLevelNothingPrints() {
        ProviderLogHandler handler = new ProviderLogHandler(err, false);
        handler.setLevel(Level.WARNING);

        handler.publish(record(Level.INFO, "Exporting"));

        assertThat(printed()).isEmpty();
    }

    @Test
    void aLineDuringAnExportPrintsAboveTheLiveStatusLineNotOnIt() {
        AtomicLong clock = new AtomicLong();
        LiveProgress view = new LiveProgress(err, clock::get);
        view.onEvent(new ExportEvent.Started("cloudflare", "acc/db"));
        ProviderLogHandler handler = new ProviderLogHandler(err, false);
        ProviderLogHandler.showAbove(view);

        handler.publish(record(Level.WARNING, "Skipping provider {0}", "broken"));

        String status = "Exporting acc/db with provider cloudflare ...";
        String blank = " ".repeat(status.length());
        assertThat(printed()).isEqualTo("\r" + status + "\r" + blank + "\r" + "warning: Skipping provider broken"
                + System.lineSeparator() + "\r" + status);
    }
}
