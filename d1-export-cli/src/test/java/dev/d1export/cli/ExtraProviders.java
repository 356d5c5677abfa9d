package dev.d1export.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** A class loader that sees the test class path plus a service file listing more provider classes. */
final class ExtraProviders {

    private ExtraProviders() {
    }

    static ClassLoader loaderWith(Path dir, String... providerClasses) {
        try {
            Path services = dir.resolve("META-INF/services");
            Files.createDirectories(services);
            Files.writeString(services.resolve("dev.d1export.spi.ExportProvider"),
                    String.join("\n", providerClasses) + "\n");
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ExtraProviders.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
