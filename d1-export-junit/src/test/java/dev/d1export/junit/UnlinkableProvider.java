package dev.d1export.junit;

import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ExportOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that loads but whose exporter cannot link, as one built against a library missing at run time:
 * {@code d1:unlinkable:<anything>} creates an exporter whose export throws a {@link NoClassDefFoundError}.
 */
public final class UnlinkableProvider implements ExportProvider {

    /** How many exports were asked for, in this JVM. */
    static final AtomicInteger EXPORTS = new AtomicInteger();

    /** Creates the provider; ServiceLoader calls this. */
    public UnlinkableProvider() {
    }

    @Override
    public String name() {
        return "unlinkable";
    }

    @Override
    public Exporter create(ExportOptions options) {
        return request -> {
            EXPORTS.incrementAndGet();
            throw new NoClassDefFoundError("org/example/MissingDriver");
        };
    }
}
