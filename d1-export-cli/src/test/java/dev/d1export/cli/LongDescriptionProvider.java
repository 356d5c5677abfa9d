package dev.d1export.cli;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/**
 * A third-party provider with a description longer than a pipe's buffer (256 KiB): {@code providers} then blocks
 * writing to a standard output nobody reads. Registered only through {@link ExtraProviders}.
 */
@SuppressWarnings("exports")
public final class LongDescriptionProvider implements ExportProvider {

    /** Creates the provider; ServiceLoader calls this. */
    public LongDescriptionProvider() {
    }

    @Override
    public String name() {
        return "longdescription";
    }

    @Override
    public String description() {
        return "a long description ".repeat(256 * 1024 / 19 + 1);
    }

    @Override
    public Exporter create(ExportOptions options) {
        throw new UnsupportedOperationException("never exported from");
    }
}
