package dev.d1export.cli;

import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ExportResult;

/**
 * {@code d1:swallow:x}: an export that swallows the first interrupt it gets, as library code with a careless
 * {@code catch (InterruptedException e) {}} does, and stops at the next one; it prints {@code swallowed} on stderr
 * when it has swallowed one. Without a second interrupt it would run for a minute and report success. Registered
 * only through a services file that {@link SubprocessTest} puts on a child JVM's class path.
 */
@SuppressWarnings("exports")
public final class InterruptSwallowingProvider implements ExportProvider {

    /** Creates the provider; ServiceLoader calls this. */
    public InterruptSwallowingProvider() {
    }

    @Override
    public String name() {
        return "swallow";
    }

    @Override
    public Exporter create(ExportOptions options) {
        return request -> {
            request.listener().onEvent(new ExportEvent.Started(name(), options.target()));
            boolean swallowed = false;
            long end = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    if (swallowed) {
                        throw new ExportCancelledException("Swallowing export was interrupted twice; nothing was"
                                + " written");
                    }
                    swallowed = true;
                    System.err.println("swallowed");
                }
            }
            return ExportResult.builder(name()).build();
        };
    }
}
