package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit as a named module (the other tests run on the class path): a child JVM with the testkit, the SPI, the
 * sqlite and cloudflare providers, sqlite-jdbc, JUnit's API and JSON-B on the module path runs FakeD1Server, exports
 * from it through the facade, and finds the {@code fixture} provider through the testkit's {@code provides}.
 */
class ModulePathTest {

    @TempDir
    Path dir;

    private static String locationOf(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void fakeD1ServerAndTheFixtureProviderWorkOnTheModulePath() throws Exception {
        List<String> modulePath = List.of(
                locationOf("dev.d1export.testkit.FakeD1Server"),
                locationOf("dev.d1export.spi.ExportProvider"),
                locationOf("dev.d1export.sqlite.SqliteExportProvider"),
                locationOf("org.sqlite.JDBC"),
                locationOf("dev.d1export.http.CloudflareExportProvider"),
                locationOf("jakarta.json.bind.Jsonb"),
                locationOf("org.eclipse.yasson.JsonBindingProvider"),
                locationOf("jakarta.json.Json"),
                locationOf("org.eclipse.parsson.JsonProviderImpl"),
                locationOf("org.junit.jupiter.api.Test"),
                locationOf("org.junit.platform.commons.util.ReflectionUtils"),
                locationOf("org.opentest4j.AssertionFailedError"),
                locationOf("org.apiguardian.api.API"));
        String testClasses = locationOf("dev.d1export.testkitmain.ModulePathFakeServerMain");
        Path database = Golden.copy("lab.sqlite", dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.d1export.testkit,dev.d1export.http", "-cp", testClasses,
                "dev.d1export.testkitmain.ModulePathFakeServerMain", database.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String childLog = Files.readString(log);

        assertThat(exited).as("child still running; log:%n%s", childLog).isTrue();
        assertThat(child.exitValue()).as("child failed; log:%n%s", childLog).isZero();
        assertThat(childLog).contains("fake: provider=cloudflare module=dev.d1export.testkit")
                .contains("fixture: provider=fixture text=CREATE TABLE f(a);");
        assertThat(Files.readString(out.resolve("fake.sql"))).startsWith("PRAGMA defer_foreign_keys=TRUE;\n")
                .contains("CREATE TABLE users");
    }
}
