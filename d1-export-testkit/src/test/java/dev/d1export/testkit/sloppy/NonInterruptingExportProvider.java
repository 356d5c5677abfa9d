package dev.d1export.testkit.sloppy;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.testkit.FixtureExportProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Provider {@code sloppy-async}, for the TCK's own test: the {@code fixture} provider's exports (which honour
 * interrupts), but an {@code exportAsync(request, executor)} whose future, when cancelled, does not interrupt the
 * running export, as {@link CompletableFuture#supplyAsync} does. Every other rule is kept (the one-argument
 * {@code exportAsync} is the SPI's default: its thread must not be a daemon, and {@code supplyAsync}'s are on
 * machines with more than two cores).
 */
public final class NonInterruptingExportProvider implements ExportProvider {

    /** Creates the provider. */
    public NonInterruptingExportProvider() {
    }

    @Override
    public String name() {
        return "sloppy-async";
    }

    @Override
    public Exporter create(ExportOptions options) {
        Exporter delegate = new FixtureExportProvider().create(options);
        return new Exporter() {
            @Override
            public ExportResult export(ExportRequest request) {
                return delegate.export(request);
            }

            @Override
            public CompletableFuture<ExportResult> exportAsync(ExportRequest request, Executor executor) {
                // Sloppy on purpose: cancel(true) on this future completes it but leaves the export running.
                return CompletableFuture.supplyAsync(() -> delegate.export(request), executor);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
