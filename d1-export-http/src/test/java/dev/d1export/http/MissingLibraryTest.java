package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportProvider;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A class path without one of the JSON libraries the provider needs (a hand-made or shaded build) gets a
 * configuration error that names what is missing, not a bare {@code NoClassDefFoundError}. The SPI and the provider
 * are loaded in a class loader of their own that leaves the library out.
 */
class MissingLibraryTest {

    private static final String URL = "d1:cloudflare://0123456789abcdef0123456789abcdef/db";

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static Throwable openWithout(Class<?> left) throws Exception {
        List<URL> path = new ArrayList<>();
        for (Class<?> type : List.of(CloudflareExportProvider.class, ExportProvider.class, jakarta.json.bind.Jsonb.class,
                org.eclipse.yasson.JsonBindingProvider.class, jakarta.json.Json.class,
                Class.forName("org.eclipse.parsson.JsonProviderImpl"))) {
            if (type != left) {
                path.add(locationOf(type));
            }
        }
        try (URLClassLoader loader = new URLClassLoader(path.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> facade = loader.loadClass("dev.d1export.spi.D1Export");
            // JSON-P finds its implementation through the context class loader, as in an application server.
            Thread thread = Thread.currentThread();
            ClassLoader context = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                AutoCloseable exporter = (AutoCloseable) facade.getMethod("open", String.class, Map.class)
                        .invoke(null, URL, Map.of("api-token", "t0ken-for-a-class-path-test"));
                exporter.close();
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            } finally {
                thread.setContextClassLoader(context);
            }
        }
    }

    @Test
    void withoutYassonTheErrorNamesTheLibrary() throws Exception {
        Throwable error = openWithout(org.eclipse.yasson.JsonBindingProvider.class);

        assertThat(error).isNotNull();
        assertThat(error.getClass().getName()).isEqualTo("dev.d1export.spi.ExportConfigurationException");
        assertThat(error.getMessage()).startsWith("The cloudflare provider cannot run, as a library it needs is missing")
                .contains("org/eclipse/yasson").contains("Yasson (org.eclipse:yasson)")
                .contains("on the class path or module path")
                .doesNotContain("t0ken-for-a-class-path-test");
        assertThat(error.getCause()).isInstanceOf(NoClassDefFoundError.class);
    }

    @Test
    void withoutAJsonPImplementationTheErrorNamesTheLibrary() throws Exception {
        Throwable error = openWithout(Class.forName("org.eclipse.parsson.JsonProviderImpl"));

        assertThat(error).isNotNull();
        assertThat(error.getClass().getName()).isEqualTo("dev.d1export.spi.ExportConfigurationException");
        assertThat(error.getMessage()).contains("Parsson (org.eclipse.parsson)");
    }

    @Test
    void withEveryLibraryTheExporterOpens() throws Exception {
        // The same loader with nothing left out: what the two cases above lack is all that fails them.
        assertThat(openWithout(Void.class)).isNull();
    }
}
