package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider whose constructor throws, as one with a missing native library would. */
public final class ThrowingConstructorProvider implements ExportProvider {
    /** How many times the constructor ran: tests see whether a registry instantiated it. */
    public static final AtomicInteger ATTEMPTS = new AtomicInteger();

    public ThrowingConstructorProvider() {
        ATTEMPTS.incrementAndGet();
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
