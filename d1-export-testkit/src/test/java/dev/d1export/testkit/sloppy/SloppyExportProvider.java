package dev.d1export.testkit.sloppy;

import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Provider {@code sloppy}, for the TCK's own test: serves a canned file but breaks the contract on purpose. It opens
 * (and truncates) the destination before it knows the source exists, ignores interrupts, swallows listener
 * exceptions, accepts unknown options and reports a wrong provider name. With {@code ?silent=true} it also sends no
 * events at all.
 */
public final class SloppyExportProvider implements ExportProvider {

    /** Creates the provider. */
    public SloppyExportProvider() {
    }

    @Override
    public String name() {
        return "sloppy";
    }

    @Override
    public Exporter create(ExportOptions options) {
        Path source = Path.of(options.path());
        boolean silent = options.get("silent").map(Boolean::parseBoolean).orElse(false);
        return request -> export(source, request, silent);
    }

    private static ExportResult export(Path source, ExportRequest request, boolean silent) {
        Path out = request.destination().path().orElseThrow();
        if (!silent) {
            notify(request, new ExportEvent.Started("someone-else", source.toString()));
        }
        byte[] dump;
        try (OutputStream stream = Files.newOutputStream(out)) {
            if (!Files.exists(source)) {
                throw new DatabaseNotFoundException("No " + source);
            }
            dump = Files.readAllBytes(source);
            stream.write(dump);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The size is right: not one of its breaks, so that replacing a previous file is a check it passes.
        ExportResult result = ExportResult.builder("someone-else").path(out).filename("dump.sql").bytes(dump.length)
                .build();
        if (!silent) {
            notify(request, new ExportEvent.Finished(result));
        }
        return result;
    }

    private static void notify(ExportRequest request, ExportEvent event) {
        try {
            request.listener().onEvent(event);
        } catch (RuntimeException ignored) {
            // Sloppy on purpose: the contract says a listener's exception must reach the caller.
        }
    }
}
