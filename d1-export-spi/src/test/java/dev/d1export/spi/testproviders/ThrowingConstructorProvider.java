package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/** A provider whose constructor throws, as one with a missing native library would. */
public final class ThrowingConstructorProvider implements ExportProvider {
    public ThrowingConstructorProvider() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public Exporter create(ExportOptions options) {
        throw new AssertionError("never created");
    }
}
