package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportProvider;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider as a named module: a child JVM with the provider, the SPI, JSON-B, Yasson and Parsson on the module
 * path finds {@code cloudflare} through the facade and exports with it (the other tests run on the class path).
 */
class ModulePathTest {

    @TempDir
    Path dir;

    private static String locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void theProviderWorksOnTheModulePath() throws Exception {
        List<String> modulePath = List.of(locationOf(CloudflareExportProvider.class), locationOf(ExportProvider.class),
                locationOf(jakarta.json.bind.Jsonb.class), locationOf(org.eclipse.yasson.JsonBindingProvider.class),
                locationOf(jakarta.json.Json.class), locationOf(Class.forName("org.eclipse.parsson.JsonProviderImpl")));
        String testClasses = locationOf(dev.d1export.httptest.ModulePathExportMain.class);
        Path output = dir.resolve("m.sql");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.d1export.http", "-cp", testClasses,
                dev.d1export.httptest.ModulePathExportMain.class.getName(), output.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String childLog = Files.readString(log);

        assertThat(exited).as("child still running; log:%n%s", childLog).isTrue();
        assertThat(child.exitValue()).as("child failed; log:%n%s", childLog).isZero();
        assertThat(childLog).contains("module=dev.d1export.http messages=[Done]");
        assertThat(Files.readString(output)).isEqualTo("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE m(a);\n");
    }
}
