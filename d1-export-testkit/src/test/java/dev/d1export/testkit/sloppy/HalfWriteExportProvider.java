package dev.d1export.testkit.sloppy;

import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.sqlite.D1DumpWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Provider {@code halfwrite}, for the TCK's own test: keeps every rule a first look sees (it checks its options,
 * sends {@code Started} first, honours an interrupt, types its errors, filters tables, refuses work once closed)
 * but writes straight to the destination, 64 bytes a progress event, so a failure partway leaves half a dump where
 * the previous file was. Found by a review: the TCK then made every failure happen before the first byte.
 */
public final class HalfWriteExportProvider implements ExportProvider {

    /** Creates the provider. */
    public HalfWriteExportProvider() {
    }

    @Override
    public String name() {
        return "halfwrite";
    }

    @Override
    public Exporter create(ExportOptions options) {
        options.requireKnown(List.of());
        Path source = Path.of(options.path());
        return new Exporter() {
            private volatile boolean closed;

            @Override
            public void close() {
                closed = true;
            }

            @Override
            public ExportResult export(ExportRequest request) {
                if (closed) {
                    throw new IllegalStateException("exporter is closed");
                }
                Instant started = Instant.now();
                request.listener().onEvent(new ExportEvent.Started("halfwrite", source.toString()));
                if (Thread.currentThread().isInterrupted()) {
                    throw new ExportCancelledException("interrupted");
                }
                if (!Files.isRegularFile(source)) {
                    throw new DatabaseNotFoundException("No database " + source);
                }
                byte[] dump;
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    D1DumpWriter.builder().tables(request.tables()).noData(request.noData())
                            .noSchema(request.noSchema()).build().write(source, bytes);
                    dump = bytes.toByteArray();
                } catch (IOException e) {
                    throw new DatabaseNotFoundException("Cannot read " + source);
                }
                if (request.destination().isFolder() && !Files.isDirectory(request.destination().path().get())) {
                    // Its one broken rule is the write in place: a missing folder is no file to write.
                    throw new DestinationException("Cannot write " + request.destination().path().get()
                            + ": the folder does not exist");
                }
                Path out = request.destination().path()
                        .map(p -> Files.isDirectory(p) ? p.resolve("dump.sql") : p).map(Path::toAbsolutePath)
                        .orElse(null);
                try (OutputStream stream = out != null ? Files.newOutputStream(out)
                        : new java.io.FilterOutputStream(request.destination().stream().orElseThrow()) {
                            @Override
                            public void close() throws IOException {
                                flush();
                            }
                        }) {
                    for (int i = 0; i < dump.length; i += 64) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new ExportCancelledException("interrupted");
                        }
                        int n = Math.min(64, dump.length - i);
                        stream.write(dump, i, n);
                        stream.flush();
                        request.listener().onEvent(new ExportEvent.DownloadProgress(i + n, dump.length));
                    }
                } catch (IOException e) {
                    throw new DestinationException("Cannot write " + out + ": " + e, e);
                }
                ExportResult result = ExportResult.builder("halfwrite").startedAt(started).path(out)
                        .filename("dump.sql").bytes(dump.length).build();
                request.listener().onEvent(new ExportEvent.Finished(result));
                return result;
            }
        };
    }
}
