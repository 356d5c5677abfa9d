package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.TerminalText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server's text reaches the terminal without the characters a terminal acts on: escape sequences (here one that
 * clears the screen and one that retitles the window), C1 controls and bidirectional overrides are shown as
 * {@code ?}, in progress lines, error lines and {@code --verbose} stack traces, through the real command and the real
 * cloudflare provider against a loopback server. The {@code --json} output keeps the exact text, escaped.
 */
class TerminalSafetyTest {

    private static final String TOKEN = "tok-terminal-safety";
    /** Clears the screen, retitles the window (ended by BEL), then a CSI in its C1 form and a right-to-left override. */
    private static final String HOSTILE = "\u001b[2J\u001b]0;owned\u0007Generating x.sql \u009b31m red \u202Egnp.exe";
    private static final String SHOWN = "?[2J?]0;owned?Generating x.sql ?31m red ?gnp.exe";

    /** A cf-ray header the server made up: an escape sequence that clears the screen, and a C1 CSI. */
    private static final String RAY = "8f1e\u001b[2J\u009b31m";
    private static final String RAY_SHOWN = "8f1e?[2J?31m";

    @TempDir
    Path dir;

    private Path tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token"), TOKEN);
    }

    /** Every character a terminal would act on, except the line breaks and (live view) the carriage returns. */
    private static void assertInert(String output, boolean carriageReturns) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            boolean allowed = c == '\n' || c == '\t' || (carriageReturns && c == '\r');
            assertThat(allowed || !(c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)))
                    .as("U+%04X at %d in:%n%s", (int) c, i, output).isTrue();
        }
    }

    @ParameterizedTest(name = "--progress {0}")
    @ValueSource(strings = {"plain", "live"})
    void aServerMessageIsPrintedWithoutItsControlCharacters(String progress) throws IOException {
        try (LoopbackApi api = started(LoopbackApi.active(HOSTILE))) {
            CliResult result = InProcess.run("export", api.url(), "--token-file", tokenFile().toString(),
                    "--progress", progress, "-o", dir.resolve("o.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(Files.readString(dir.resolve("o.sql"))).isEqualTo(LoopbackApi.DUMP);
            assertThat(result.err()).contains("server: " + SHOWN);
            assertInert(result.all(), progress.equals("live"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonSummaryKeepsTheExactMessageEscaped() throws IOException {
        try (LoopbackApi api = started(LoopbackApi.active(HOSTILE))) {
            CliResult result = InProcess.run("export", api.url(), "--token-file", tokenFile().toString(), "--json",
                    "-o", dir.resolve("o.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertInert(result.all(), false);
            Map<String, Object> json = JsonReader.object(result.out());
            assertThat((List<Object>) json.get("messages")).contains(HOSTILE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-q", "--verbose", "--json"})
    void aServerErrorIsPrintedWithoutItsControlCharacters(String flag) throws IOException {
        try (LoopbackApi api = new LoopbackApi(List.of(LoopbackApi.failed(HOSTILE)))) {
            CliResult result = InProcess.run("export", api.url(), "--token-file", tokenFile().toString(), flag,
                    "-o", dir.resolve("o.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.EXPORT_FAILED);
            // The provider trims the reason, leading ESC included.
            assertThat(result.err()).contains("d1-export: Cloudflare failed to export ").contains(SHOWN.substring(1));
            assertInert(result.all(), false);
            if (flag.equals("--json")) {
                Map<String, Object> json = JsonReader.object(result.out());
                assertThat(json.get("error").toString()).contains(HOSTILE.substring(1));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-q", "--verbose"})
    void aServerErrorWithLineBreaksCannotFakeALineOfItsOwn(String flag) throws IOException {
        // The --verbose stack trace keeps its own line breaks; the server's text inside the message must not.
        String fake = "hint: nothing failed, the dump is complete";
        try (LoopbackApi api = new LoopbackApi(List.of(LoopbackApi.failed("refused\n" + fake + "\r\nd1-export: ok")))) {
            CliResult result = InProcess.run("export", api.url(), "--token-file", tokenFile().toString(), flag,
                    "-o", dir.resolve("o.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.EXPORT_FAILED);
            assertThat(result.err()).contains("refused");
            assertThat(result.err().lines()).as(result.err()).noneMatch(line -> line.startsWith(fake))
                    .noneMatch(line -> line.startsWith("d1-export: ok"));
            // String.lines() splits at a lone CR too, so the check above passes even if a CR reaches the terminal,
            // where it would let the server's words overwrite the start of the line.
            assertInert(result.all(), false);
        }
    }

    /**
     * The line breaks themselves: a CRLF is one line break (one space on a line, kept as it is in a trace), a CR
     * alone is a space in both, also as the last character; the bounds of the unsafe ranges; a cause cycle and
     * suppressed throwables survive the flattening of a trace, each on one line.
     */
    @Test
    void lineBreaksTheBoundsOfTheUnsafeRangesAndCauseCyclesAreHandledExactly() {
        assertThat(TerminalText.oneLine("refused\r\nd1-export: ok")).isEqualTo("refused d1-export: ok");
        assertThat(TerminalText.lines("at a\r\nat b\r\n")).isEqualTo("at a\r\nat b\r\n");
        assertThat(TerminalText.oneLine("50%\rd1-export: ok\r")).isEqualTo("50% d1-export: ok ");
        assertThat(TerminalText.lines("50%\rdone\r")).isEqualTo("50% done ");
        // The first and last of each unsafe range (C0, DEL to C1, embeddings and overrides, isolates), then the
        // characters just outside them.
        assertThat(TerminalText.oneLine("\u0000\u001f\u007f\u009f\u202a\u202e\u2066\u2069")).isEqualTo("????????");
        assertThat(TerminalText.oneLine(" ~\u00a0\u2029\u202f\u2065\u206a")).isEqualTo(" ~\u00a0 \u202f\u2065\u206a");

        RuntimeException error = new RuntimeException("outer\nhint: fake");
        RuntimeException cause = new RuntimeException("inner", error);
        error.initCause(cause);
        error.addSuppressed(new IllegalStateException("closing\r\nd1-export: ok"));
        Throwable flat = TerminalText.flatMessages(error);

        assertThat(flat).hasToString("java.lang.RuntimeException: outer hint: fake");
        assertThat(flat.getCause()).hasToString("java.lang.RuntimeException: inner");
        assertThat(flat.getCause().getCause()).as("the cycle, closed on the same stand-in").isSameAs(flat);
        assertThat(flat.getSuppressed()).singleElement()
                .hasToString("java.lang.IllegalStateException: closing d1-export: ok");
    }

    @Test
    void providerLogLinesOfTheRealProcessArePrintedWithoutControlCharacters() throws IOException {
        // The retry is logged by the provider (JUL, WARNING) with the server's reason, besides the progress view's
        // own line; with --verbose Main prints those logs too (without it, only the view's line), so only a real
        // process shows them.
        try (LoopbackApi api = new LoopbackApi(List.of(LoopbackApi.active("running"),
                LoopbackApi.httpError(503, RAY, HOSTILE), LoopbackApi.complete("dump.sql")))) {
            CliResult result = ChildJvm.mainOnTestClassPath().run("export", api.url(2), "--token-file",
                    tokenFile().toString(), "--verbose", "-o", dir.resolve("o.sql").toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(Files.readString(dir.resolve("o.sql"))).isEqualTo(LoopbackApi.DUMP);
            assertThat(result.err()).as("the provider's log line").contains("warning dev.d1export.http: Retrying")
                    .contains(RAY_SHOWN);
            assertInert(result.all(), false);
        }
    }

    /** A server whose first export call answers {@code first}, and every later one "complete". */
    private static LoopbackApi started(String first) throws IOException {
        return new LoopbackApi(List.of(first, LoopbackApi.complete("dump.sql")));
    }
}
