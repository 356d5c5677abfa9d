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
import dev.d1export.spi.StagedOutput;
import dev.d1export.sqlite.D1DumpWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code d1:staged:<file>}: a careful provider that keeps every rule the TCK checks (it passes it), and three
 * variants that each break one rule only the later TCK checks catch: {@code staged-noschema} ignores
 * {@code noSchema} when tables are named, {@code staged-earlyfinish} sends {@code Finished} before its dump is in
 * place, {@code staged-leftover} leaves a file of no temporary's usual name beside the dump. For
 * {@code ExportProviderContractSelfTest}.
 */
public class StagedExportProvider implements ExportProvider {

    private final String name;

    /** The careful provider; ServiceLoader calls this. */
    public StagedExportProvider() {
        this("staged");
    }

    /**
     * A variant.
     *
     * @param name its name, which says which rule it breaks
     */
    protected StagedExportProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
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
                    throw new IllegalStateException("the exporter is closed");
                }
                Instant started = Instant.now();
                request.listener().onEvent(new ExportEvent.Started(name, source.toString()));
                if (Thread.currentThread().isInterrupted()) {
                    throw new ExportCancelledException("interrupted");
                }
                if (!Files.isRegularFile(source)) {
                    throw new DatabaseNotFoundException("No database " + source);
                }
                StagedOutput.checkWritable(request.destination());
                boolean noSchema = request.noSchema()
                        && !(name.equals("staged-noschema") && !request.tables().isEmpty());
                byte[] dump;
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    D1DumpWriter.builder().tables(request.tables()).noData(request.noData()).noSchema(noSchema)
                            .build().write(source, bytes);
                    dump = bytes.toByteArray();
                } catch (IOException e) {
                    throw new DatabaseNotFoundException("Cannot read " + source);
                }
                try (StagedOutput out = StagedOutput.open(request.destination(), "dump.sql")) {
                    OutputStream stream = out.stream();
                    for (int i = 0; i < dump.length; i += 64) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new ExportCancelledException("interrupted");
                        }
                        int n = Math.min(64, dump.length - i);
                        stream.write(dump, i, n);
                        request.listener().onEvent(new ExportEvent.DownloadProgress(i + n, dump.length));
                    }
                    stream.flush();
                    ExportResult result = ExportResult.builder(name).startedAt(started)
                            .path(out.target().orElse(null)).filename("dump.sql").bytes(dump.length).build();
                    if (name.equals("staged-earlyfinish")) {
                        request.listener().onEvent(new ExportEvent.Finished(result));
                    }
                    Path path = out.commit().orElse(null);
                    if (name.equals("staged-leftover") && path != null) {
                        Files.write(path.resolveSibling(path.getFileName() + ".inprogress"), dump);
                    }
                    if (!name.equals("staged-earlyfinish")) {
                        request.listener().onEvent(new ExportEvent.Finished(result));
                    }
                    return result;
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ExportCancelledException("interrupted");
                    }
                    throw new DestinationException("Cannot write: " + e, e);
                }
            }
        };
    }

    /** Ignores {@code noSchema} when tables are named. */
    public static final class NoSchema extends StagedExportProvider {
        /** Creates it; ServiceLoader calls this. */
        public NoSchema() {
            super("staged-noschema");
        }
    }

    /** Sends {@code Finished} before the dump is in place. */
    public static final class EarlyFinish extends StagedExportProvider {
        /** Creates it; ServiceLoader calls this. */
        public EarlyFinish() {
            super("staged-earlyfinish");
        }
    }

    /** Leaves {@code <dump>.inprogress} beside the dump. */
    public static final class Leftover extends StagedExportProvider {
        /** Creates it; ServiceLoader calls this. */
        public Leftover() {
            super("staged-leftover");
        }
    }
}
