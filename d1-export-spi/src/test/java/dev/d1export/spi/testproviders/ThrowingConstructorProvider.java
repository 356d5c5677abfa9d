package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/** A provider whose constructor throws, as one with a missing native library would. */
public final class ThrowingConstructorProvider implements ExportProvider {
    /** How many times the constructor ran: tests see whether a registry instantiated it. */
    public static final java.util.concurrent.atomic.AtomicInteger ATTEMPTS = new java.util.concurrent.atomic.AtomicInteger();

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
