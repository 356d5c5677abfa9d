package dev.d1export.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Starts an export with {@link Exporter#exportAsync(ExportRequest)} and returns from {@code main} while it runs: the
 * export waits for the main thread to end before it writes. A JVM that exits with its last non-daemon thread must
 * still let the export finish. Run by {@link ExportAsyncCancellationTest} in a child JVM.
 */
public final class UnfinishedExportMain {

    /** What the export writes. */
    static final String DUMP = "PRAGMA defer_foreign_keys=TRUE;";

    private UnfinishedExportMain() {
    }

    /**
     * Runs the export.
     *
     * @param args the destination file
     */
    public static void main(String[] args) {
        Thread main = Thread.currentThread();
        Exporter exporter = request -> {
            try {
                main.join();
            } catch (InterruptedException e) {
                throw new ExportCancelledException("interrupted", e);
            }
            try (StagedOutput output = StagedOutput.open(request.destination(), "out.sql")) {
                output.stream().write(DUMP.getBytes(StandardCharsets.UTF_8));
                return ExportResult.builder("test").path(output.commit().orElseThrow()).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        exporter.exportAsync(ExportRequest.builder().destination(Path.of(args[0])).build());
    }
}
