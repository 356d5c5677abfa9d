package dev.d1export.cli.internal;

import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a finished export is reported as: a few lines for people (file, size, tables, bookmark, duration) and a
 * JSON object for scripts.
 */
public final class ExportSummary {

    private final String url;
    private final ExportRequest request;
    private final ExportResult result;
    private final Path file;

    /**
     * Creates the summary.
     *
     * @param url       the export's URL, without secrets
     * @param request   what was asked
     * @param result    what the provider reported
     * @param requested the {@code -o} path, used when the provider did not report one; {@code null} for standard
     *                  output
     */
    public ExportSummary(String url, ExportRequest request, ExportResult result, Path requested) {
        this.url = url;
        this.request = request;
        this.result = result;
        this.file = requested == null ? null : result.path().orElse(requested).toAbsolutePath();
    }

    /**
     * Prints the lines for people.
     *
     * @param err where to print
     */
    public void printText(PrintStream err) {
        println(err, "Exported " + Formats.bytes(result.bytes()) + " to " + (file == null ? "standard output" : file));
        if (file != null) {
            println(err, "  file:     " + file);
        }
        println(err, "  size:     " + Formats.bytes(result.bytes())
                + (result.bytes() < 1024 ? "" : " (" + result.bytes() + " bytes)"));
        println(err, "  tables:   " + tables());
        println(err, "  bookmark: " + result.bookmark().orElse("none"));
        println(err, "  duration: " + duration());
        if (!result.skippedTables().isEmpty()) {
            println(err, "  skipped:  " + String.join(", ", result.skippedTables()));
        }
        if (!result.unmatchedTables().isEmpty()) {
            List<String> unmatched = result.unmatchedTables();
            println(err, "  no match: " + String.join(", ", unmatched) + " (nothing exported for "
                    + (unmatched.size() == 1 ? "it)" : "them)"));
        }
        long inexact = result.inexactValues().orElse(0);
        if (inexact > 0) {
            println(err, "  inexact:  " + inexact + " numbers written with the precision of a JavaScript number, as D1"
                    + " does");
        }
        err.flush();
    }

    /** One line for people: file names, table names and the bookmark may hold anything a server sent. */
    private static void println(PrintStream err, String line) {
        err.println(TerminalText.oneLine(line));
    }

    /**
     * The JSON object for {@code --json}.
     *
     * @param exitCode the status the process ends with: 0, or a signal's when one arrived after the file was in place
     * @return the summary
     */
    public Json toJson(int exitCode) {
        return new Json()
                .put("status", "ok")
                .put("exitCode", exitCode)
                .put("url", url)
                .put("provider", result.provider())
                .put("file", file == null ? null : file.toString())
                .put("filename", result.filename())
                .put("bytes", result.bytes())
                .put("tables", request.tables())
                .put("noData", request.noData())
                .put("noSchema", request.noSchema())
                .put("bookmark", result.bookmark().orElse(null))
                .put("durationMillis", result.elapsed().toMillis())
                .put("serverMillis", result.serverTime().map(Duration::toMillis).orElse(null))
                .put("downloadMillis", result.downloadTime().map(Duration::toMillis).orElse(null))
                .put("polls", result.polls())
                .put("messages", result.messages())
                .put("skippedTables", result.skippedTables())
                .put("unmatchedTables", result.unmatchedTables())
                .put("inexactValues", result.inexactValues().isPresent() ? result.inexactValues().getAsLong() : null);
    }

    private String tables() {
        String which = request.tables().isEmpty() ? "all" : String.join(", ", request.tables());
        String what = request.noData() ? "schema only" : request.noSchema() ? "data only" : "schema and data";
        return which + " (" + what + ")";
    }

    private String duration() {
        List<String> parts = new ArrayList<>();
        result.serverTime().ifPresent(d -> parts.add("server " + Formats.duration(d)));
        result.downloadTime().ifPresent(d -> parts.add("download " + Formats.duration(d)));
        if (result.polls() > 0) {
            parts.add(result.polls() + (result.polls() == 1 ? " poll" : " polls"));
        }
        String total = Formats.duration(result.elapsed());
        return parts.isEmpty() ? total : total + " (" + String.join(", ", parts) + ")";
    }
}
