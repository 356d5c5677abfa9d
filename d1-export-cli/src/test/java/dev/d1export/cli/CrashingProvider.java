package dev.d1export.cli;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/**
 * A provider with a bug, for the exit codes the fixture provider cannot produce: {@code d1:crash:bug} throws an
 * IllegalStateException (internal error), {@code d1:crash:assert} an AssertionError (an Error, internal too),
 * {@code d1:crash:generic} a plain D1ExportException. Registered only
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
    public Exporter create(ExportOptions options) {
        return request -> {
            if (options.target().equals("generic")) {
                throw new D1ExportException("The API answered an error d1-export has no family for");
            }
            if (options.target().equals("assert")) {
                throw new AssertionError("provider assertion failed");
            }
            throw new IllegalStateException("provider bug");
        };
    }
}
