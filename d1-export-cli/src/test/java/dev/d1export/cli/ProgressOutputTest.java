package dev.d1export.cli;

import static dev.d1export.cli.ExportCommandTest.FIXTURE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.LiveProgress;
import dev.d1export.cli.internal.PlainProgress;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on a terminal (redrawn status line, download bar) and off one (one plain line per event). */
class ProgressOutputTest {

    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The fixture provider's {@code Finished} for a dump of {@code size} bytes at {@code /tmp/db.sql}. */
    private static ExportEvent.Finished finished(long size) {
        return new ExportEvent.Finished(ExportResult.builder("fixture").path(Path.of("/tmp/db.sql")).bytes(size)
                .build());
    }

    /** A remote export's events, as the cloudflare provider sends them. */
    private void remoteExport(dev.d1export.spi.ExportListener view) {
        view.onEvent(new ExportEvent.Started("cloudflare", "acc/db"));
        clock.addAndGet(500 * MS);
        view.onEvent(new ExportEvent.Poll(1, "active", Duration.ofMillis(500)));
        view.onEvent(new ExportEvent.ServerMessage("Generating dump of 3 tables"));
        clock.addAndGet(1000 * MS);
        view.onEvent(new ExportEvent.Retry(1, Duration.ofSeconds(2), "HTTP 503"));
        view.onEvent(new ExportEvent.Poll(2, "complete", Duration.ofMillis(1500)));
        view.onEvent(new ExportEvent.Warning("bookmark changed"));
        clock.addAndGet(1000 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(1024 * 1024, 4 * 1024 * 1024));
        clock.addAndGet(10 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(2 * 1024 * 1024, 4 * 1024 * 1024));
        clock.addAndGet(1000 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(4 * 1024 * 1024, 4 * 1024 * 1024));
        view.onEvent(new ExportEvent.Finished(ExportResult.builder("cloudflare").path(Path.of("/tmp/db.sql"))
                .bytes(4 * 1024 * 1024).build()));
    }

    @Test
    void liveProgressRedrawsOneStatusLineWithServerStateAndADownloadBar() {
        LiveProgress view = new LiveProgress(err, clock::get);

        remoteExport(view);

        String out = printed();
        assertThat(out).contains("\rExporting acc/db with provider cloudflare ...")
                .contains("Waiting for the server: active (poll 1, 500 ms)")
                .contains("server: Generating dump of 3 tables\n")
                .contains("retry 1 in 2.0 s: HTTP 503\n")
                .contains("\rThe server has finished: complete (poll 2, 1.5 s)")
                .contains("warning: bookmark changed\n")
                // 1 MiB one second after the last poll: a quarter of the bar, with the rate.
                .contains("\rDownloading [######------------------] 1.0 MiB / 4.0 MiB  25%  1.0 MiB/s")
                .contains("\rDownloading [########################] 4.0 MiB / 4.0 MiB  100%  2.0 MiB/s");
        assertThat(out).as("the 2 MiB update came 10 ms after the previous one: not redrawn")
                .doesNotContain("2.0 MiB / 4.0 MiB");
        assertThat(out).as("the status line is cleared at the end").endsWith("\r");
    }

    @Test
    void liveProgressNoLongerSaysWaitingOnceTheServerReportsItsExportFinished() {
        LiveProgress view = new LiveProgress(err, clock::get);
        view.onEvent(new ExportEvent.Started("cloudflare", "acc/db"));
        view.onEvent(new ExportEvent.Poll(1, "complete", Duration.ofMillis(300)));
        view.onEvent(new ExportEvent.Poll(2, "error", Duration.ofMillis(600)));
        // Any other status is one the protocol says means still running.
        view.onEvent(new ExportEvent.Poll(3, "queued", Duration.ofMillis(900)));

        assertThat(printed()).contains("\rThe server has finished: complete (poll 1, 300 ms)")
                .contains("\rThe server has finished: error (poll 2, 600 ms)")
                .contains(" Waiting for the server: queued (poll 3, 900 ms)")
                .doesNotContain("Waiting for the server: complete").doesNotContain("Waiting for the server: error");
    }

    @Test
    void liveDownloadWithoutTotalShowsBytesAndRate() {
        LiveProgress view = new LiveProgress(err, clock::get);
        view.onEvent(new ExportEvent.Started("sqlite", "app.sqlite"));
        clock.addAndGet(2000 * MS);

        view.onEvent(new ExportEvent.DownloadProgress(3 * 1024 * 1024, -1));

        assertThat(printed()).contains("\rWriting 3.0 MiB  1.5 MiB/s");
    }

    @Test
    void plainProgressPrintsOneLinePerEventWithoutControlCharacters() {
        PlainProgress view = new PlainProgress(err, clock::get);

        remoteExport(view);

        assertThat(printed().lines()).containsExactly(
                "started: exporting acc/db with provider cloudflare",
                "poll 1: active after 500 ms",
                "server: Generating dump of 3 tables",
                "retry 1 in 2.0 s: HTTP 503",
                "poll 2: complete after 1.5 s",
                "warning: bookmark changed",
                "download: 1048576 bytes of 4194304 (25%)",
                "download: 4194304 bytes of 4194304 (100%)",
                "finished: 4194304 bytes written to /tmp/db.sql");
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void plainDownloadLinesAreAtMostOneASecond() {
        PlainProgress view = new PlainProgress(err, clock::get);
        for (int i = 1; i <= 100; i++) {
            clock.addAndGet(100 * MS);
            view.onEvent(new ExportEvent.DownloadProgress(i * 1000L, -1));
        }

        assertThat(printed().lines()).hasSize(10).first().isEqualTo("written: 1000 bytes");
    }

    @Test
    void plainShowsTheFinalCountBeforeFinishedWhenTheTotalIsUnknown() {
        PlainProgress view = new PlainProgress(err, clock::get);
        view.onEvent(new ExportEvent.DownloadProgress(65536, -1));
        clock.addAndGet(10 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(131072, -1));
        clock.addAndGet(10 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(131529, -1));
        view.onEvent(finished(131529));

        assertThat(printed().lines()).containsExactly(
                "written: 65536 bytes",
                "written: 131529 bytes",
                "finished: 131529 bytes written to /tmp/db.sql");
    }

    @Test
    void plainPrintsTheCompletingLineOnceWhenAProviderRepeatsItsLastCount() {
        // As the cloudflare download did when its last read completed a MiB: the same event twice in a row.
        PlainProgress view = new PlainProgress(err, clock::get);
        view.onEvent(new ExportEvent.DownloadProgress(1024 * 1024, 4 * 1024 * 1024));
        clock.addAndGet(10 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(4 * 1024 * 1024, 4 * 1024 * 1024));
        view.onEvent(new ExportEvent.DownloadProgress(4 * 1024 * 1024, 4 * 1024 * 1024));
        view.onEvent(finished(4 * 1024 * 1024));

        assertThat(printed().lines()).containsExactly(
                "written: 1048576 bytes of 4194304 (25%)",
                "written: 4194304 bytes of 4194304 (100%)",
                "finished: 4194304 bytes written to /tmp/db.sql");
    }

    @Test
    void plainPrintsACountWithoutTotalOnceWhenAProviderRepeatsIt() {
        PlainProgress view = new PlainProgress(err, clock::get);
        view.onEvent(new ExportEvent.DownloadProgress(1000, -1));
        clock.addAndGet(10 * MS);
        view.onEvent(new ExportEvent.DownloadProgress(1000, -1));
        view.onEvent(finished(1000));

        assertThat(printed().lines()).containsExactly("written: 1000 bytes",
                "finished: 1000 bytes written to /tmp/db.sql");
    }

    @Test
    void plainPrintsTheCompletingLineOfEachAttemptAfterARetry() {
        // A download that reached its total and was then retried from the start (an overlong body, say): a new phase.
        PlainProgress view = new PlainProgress(err, clock::get);
        view.onEvent(new ExportEvent.DownloadProgress(1000, 1000));
        view.onEvent(new ExportEvent.Retry(1, Duration.ofMillis(100), "overlong"));
        view.onEvent(new ExportEvent.DownloadProgress(1000, 1000));

        assertThat(printed().lines()).containsExactly("written: 1000 bytes of 1000 (100%)",
                "retry 1 in 100 ms: overlong", "written: 1000 bytes of 1000 (100%)");
    }

    @Test
    void plainShowsNoExtraLineWhenTheLastCountWasAlreadyShown() {
        PlainProgress view = new PlainProgress(err, clock::get);
        view.onEvent(new ExportEvent.DownloadProgress(1000, -1));
        view.onEvent(finished(1000));

        assertThat(printed().lines()).containsExactly("written: 1000 bytes",
                "finished: 1000 bytes written to /tmp/db.sql");
    }

    @Test
    void plainProgressOfADumpLargerThanOneChunkEndsWithItsSize() throws java.io.IOException {
        // The fixture provider reads 64 KiB at a time and knows no total: several progress events within a second.
        byte[] sql = ("INSERT INTO t VALUES('" + "x".repeat(200) + "');\n").repeat(1500)
                .getBytes(StandardCharsets.UTF_8);
        Path source = java.nio.file.Files.write(dir.resolve("big.sql"), sql);
        Path out = dir.resolve("big-out.sql");

        CliResult result = InProcess.run("export", "d1:fixture:file:" + source, "--progress", "plain", "-o",
                out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(sql.length).isGreaterThan(3 * 65536);
        java.util.List<String> lines = result.err().lines().toList();
        int finished = lines.indexOf(lines.stream().filter(l -> l.startsWith("finished: ")).findFirst().orElseThrow());
        assertThat(lines.get(finished - 1)).as(result.toString()).isEqualTo("written: " + sql.length + " bytes");
        assertThat(lines.get(finished)).startsWith("finished: " + sql.length + " bytes");
    }

    @Test
    void forcedLiveProgressThroughTheCommand() {
        CliResult result = InProcess.run("export", FIXTURE, "--progress", "live", "-o", dir.resolve("u.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("\rExporting classpath:fixtures/users.sql with provider fixture ...")
                .containsPattern("\rWriting \\d+ bytes  [^\\n]+/s")
                .contains("Exported ");
    }

    @Test
    void aTerminalGetsLiveProgressByDefault() {
        CliResult result = InProcess.run(true, getClass().getClassLoader(), "export", FIXTURE, "-o",
                dir.resolve("u.sql").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("\rExporting ").doesNotContain("started: ");
    }

    @Test
    void noTerminalGetsPlainLinesByDefault() {
        CliResult result = InProcess.run("export", FIXTURE, "-o", dir.resolve("u.sql").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).doesNotContain("\r");
        assertThat(result.err().lines().limit(3)).containsExactly(
                "started: exporting classpath:fixtures/users.sql with provider fixture",
                "written: " + ExportCommandTest.fixtureBytes().length + " bytes",
                "finished: " + ExportCommandTest.fixtureBytes().length + " bytes written to "
                        + dir.resolve("u.sql").toAbsolutePath());
    }

    @Test
    void plainCanBeForcedOnATerminal() {
        CliResult result = InProcess.run(true, getClass().getClassLoader(), "export", FIXTURE, "--progress=PLAIN",
                "-o", dir.resolve("u.sql").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).startsWith("started: ").doesNotContain("\r");
    }

    @Test
    void failureOnATerminalStartsOnAClearedLine() {
        CliResult result = InProcess.run(true, getClass().getClassLoader(), "export", FIXTURE + "?fail=download",
                "-o", dir.resolve("u.sql").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DOWNLOAD);
        assertThat(result.err()).containsPattern("\r +\rd1-export: Simulated download failure");
    }
}
