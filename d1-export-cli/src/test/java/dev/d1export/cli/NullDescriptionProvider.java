package dev.d1export.cli;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/**
 * A third-party provider whose {@code description()} breaks its contract and returns {@code null}: {@code providers
 * --json} still gives a string. Registered only through {@link ExtraProviders}.
 */
@SuppressWarnings("exports")
public final class NullDescriptionProvider implements ExportProvider {

    /** Creates the provider; ServiceLoader calls this. */
    public NullDescriptionProvider() {
    }

    @Override
    public String name() {
        return "nodescription";
    }

    @Override
    public String description() {
        return null;
    }

    @Override
    public Exporter create(ExportOptions options) {
        throw new UnsupportedOperationException("never exported from");
    }
}
