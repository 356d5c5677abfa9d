package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/** A provider whose supports() throws. */
public final class ThrowingSupportsProvider implements ExportProvider {
    @Override
    public String name() {
        return "moody";
    }

    @Override
    public boolean supports(ExportOptions options) {
        throw new IllegalStateException("boom in supports");
    }

    @Override
    public Exporter create(ExportOptions options) {
        throw new AssertionError("never created");
    }
}
