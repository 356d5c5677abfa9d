package dev.d1export.cli;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/**
 * A third-party provider whose {@code name()} throws an IOException it does not declare, as one written in Kotlin, or
 * with a "sneaky throw", can: the registry must report and skip it, as one whose {@code name()} throws unchecked.
 * Registered only through {@link ExtraProviders}.
 */
@SuppressWarnings("exports")
public final class UndeclaredNameProvider implements ExportProvider {

    /** Creates the provider; ServiceLoader calls this. */
    public UndeclaredNameProvider() {
    }

    @Override
    public String name() {
        throw UndeclaredNameProvider.<RuntimeException>undeclared(new java.io.IOException("name unreadable"));
    }

    @Override
    public Exporter create(ExportOptions options) {
        throw new UnsupportedOperationException("never exported from");
    }

    /** Throws a checked exception where none is declared: the compiler takes it for the unchecked type {@code T}. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T undeclared(Throwable checked) throws T {
        throw (T) checked;
    }
}
