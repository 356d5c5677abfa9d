package dev.d1export.cli;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;

/**
 * A provider whose exports run out of an option of its own other than {@code 'timeout'}: {@code d1:polls:<db>}
 * fails with an {@link ExportTimeoutException} advising to raise its {@code 'max-polls'} option, which
 * {@code --timeout} does not replace. Registered only through {@link ExtraProviders}.
 */
@SuppressWarnings("exports")
public final class PollLimitProvider implements ExportProvider {

    /** Creates the provider; ServiceLoader calls this. */
    public PollLimitProvider() {
    }

    @Override
    public String name() {
        return "polls";
    }

    @Override
    public Exporter create(ExportOptions options) {
        return request -> {
            throw new ExportTimeoutException("Export of " + options.target() + " did not finish within 20 polls;"
                    + " raise the 'max-polls' option (the server was still working).");
        };
    }
}
