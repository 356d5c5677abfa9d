package dev.d1export.spi.testproviders;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;

/** A provider that loads but whose exporter needs a class that is not on the class path. */
public final class MissingDependencyProvider implements ExportProvider {
    @Override
    public String name() {
        return "lacking";
    }

    @Override
    public Exporter create(ExportOptions options) {
        if (options.target().equals("broken-before")) {
            throw new NoClassDefFoundError("Could not initialize class com.example.json.Parser");
        }
        if (options.target().equals("broken-init")) {
            throw new ExceptionInInitializerError(new IllegalStateException("static setup failed"));
        }
        throw new NoClassDefFoundError("com/example/json/Parser");
    }
}
