package dev.d1export.cli;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/**
 * A provider with a bug, for the exit codes the fixture provider cannot produce: {@code d1:crash:bug} throws an
 * IllegalStateException (internal error), {@code d1:crash:assert} an AssertionError (an Error, internal too),
 * {@code d1:crash:generic} a plain D1ExportException, {@code d1:crash:checked} an IOException that export() does not
 * declare (as a provider written in Kotlin, or with a "sneaky throw", can throw); its {@code description()} throws
 * such an IOException too. Registered only
 * through {@link ExtraProviders}, never on the test class path's service list.
 */
@SuppressWarnings("exports")
public final class CrashingProvider implements ExportProvider {

    /** Creates the provider; ServiceLoader calls this. */
    public CrashingProvider() {
    }

    @Override
    public String name() {
        return "crash";
    }

    @Override
    public String description() {
        throw CrashingProvider.<RuntimeException>undeclared(new java.io.IOException("description unreadable"));
    }

    @Override
    public Exporter create(ExportOptions options) {
        return request -> {
            if (options.target().equals("generic")) {
                throw new D1ExportException("The API answered an error d1-export has no family for");
            }
            if (options.target().equals("assert")) {
                throw new AssertionError("provider assertion failed");
            }
            if (options.target().equals("checked")) {
                throw CrashingProvider.<RuntimeException>undeclared(new java.io.IOException("provider I/O failed"));
            }
            throw new IllegalStateException("provider bug");
        };
    }

    /** Throws a checked exception where none is declared: the compiler takes it for the unchecked type {@code T}. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T undeclared(Throwable checked) throws T {
        throw (T) checked;
    }
}
