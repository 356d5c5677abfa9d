package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/** A working test provider named 'beta'. */
public final class BetaProvider implements ExportProvider {
    @Override
    public String name() {
        return "beta";
    }

    @Override
    public Exporter create(ExportOptions options) {
        return new WritingExporter(getClass().getSimpleName(), options);
    }
}
