package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real executable jar, after {@code package} (run by failsafe in {@code integration-test}): it starts, ships
 * both providers, and runs the README's quick start.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("d1export.jar"));
    private static final Path EXAMPLES = Path.of(System.getProperty("d1export.examples"));

    @TempDir
    Path dir;

    @Test
    void version() {
        CliResult result = ChildJvm.jar(JAR).run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("d1-export " + System.getProperty("d1export.version") + "\n");
    }

    @Test
    void readmeQuickStartFromTheRepositoryRoot() throws IOException {
        Path out = dir.resolve("sample.sql");

        CliResult result = ChildJvm.jar(JAR).in(EXAMPLES.getParent())
                .run("export", "d1:sqlite:examples/sample.sqlite", "-o", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(out)).isEqualTo(SampleDatabaseTest.expectedDump());
        assertThat(result.err()).contains("Exported 1.4 KiB to " + out.toAbsolutePath());
    }

    @Test
    void shipsTheSqliteAndCloudflareProviders() {
        CliResult result = ChildJvm.jar(JAR).run("providers");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("sqlite  (dev.d1export.sqlite.SqliteExportProvider)")
                .contains("cloudflare  (dev.d1export.http.CloudflareExportProvider)")
                .doesNotContain("fixture").doesNotContain("failed to load");
    }

    @Test
    void cloudflareWithoutCredentialsIsAnAuthenticationError() {
        CliResult result = ChildJvm.jar(JAR).run("export", "d1:cloudflare://0123456789abcdef0123456789abcdef/db",
                "-o", dir.resolve("x.sql").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(result.err().lines().toList()).hasSize(2);
    }

    @Test
    void aJavaThatRestrictsNativeAccessRunsTheQuickStartWithoutAWarning() throws IOException {
        // Java 24+ warns on stderr when a library loads native code without permission (JEP 472); a script that
        // treats any stderr as failure would break. The manifest grants it to the jar's own class path.
        Path newer = newerJava().orElse(null);
        Assumptions.assumeTrue(newer != null, "no Java 24 or later under /usr/lib/jvm or in D1EXPORT_NEWER_JAVA");
        Path out = dir.resolve("sample.sql");

        CliResult result = ChildJvm.command(newer.toString(), "-jar", JAR.toString(), "export",
                "d1:sqlite:examples/sample.sqlite", "-o", out.toString(), "-q").in(EXAMPLES.getParent()).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(newer.toString()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(SampleDatabaseTest.expectedDump());
    }

    /** A java of release 24 or later: $D1EXPORT_NEWER_JAVA, else one under /usr/lib/jvm. */
    private static java.util.Optional<Path> newerJava() throws IOException {
        String named = System.getenv("D1EXPORT_NEWER_JAVA");
        if (named != null && !named.isBlank()) {
            return java.util.Optional.of(Path.of(named));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return java.util.Optional.empty();
        }
        try (java.util.stream.Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> featureRelease(home.resolve("release")) >= 24)
                    .map(home -> home.resolve("bin/java")).sorted().findFirst();
        }
    }

    private static int featureRelease(Path release) {
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not a JDK this test can read: not a candidate.
        }
        return 0;
    }

    @Test
    void jarLayout() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("dev.d1export.cli.Main");
            assertThat(main.getValue(Attributes.Name.MULTI_RELEASE)).isEqualTo("true");
            assertThat(main.getValue("Enable-Native-Access")).as("sqlite-jdbc's native library, Java 24+")
                    .isEqualTo("ALL-UNNAMED");
            List<String> names = new ArrayList<>();
            for (JarEntry entry : Collections.list(jar.entries())) {
                names.add(entry.getName());
            }
            assertThat(names).as("no module descriptors: the jar runs on the class path")
                    .noneMatch(n -> n.endsWith("module-info.class"));
            assertThat(names).as("no signatures of dependencies")
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
            assertThat(names).contains("picocli/CommandLine.class", "dev/d1export/spi/D1Export.class",
                    "org/sqlite/JDBC.class");
            assertThat(names).as("test-only providers stay out").noneMatch(n -> n.startsWith("dev/d1export/testkit/"));
            String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/dev.d1export.spi.ExportProvider"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(services).contains("dev.d1export.sqlite.SqliteExportProvider")
                    .contains("dev.d1export.http.CloudflareExportProvider");
        }
    }

    @Test
    void carriesThisProjectsLicenceAndEachBundledDependencysOwn() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(text(jar, "META-INF/LICENSE")).as("this project's licence")
                    .isEqualTo(Files.readString(EXAMPLES.resolveSibling("LICENSE")));
            assertThat(text(jar, "META-INF/licenses/yasson/META-INF/LICENSE.md")).contains("Eclipse Public License");
            assertThat(text(jar, "META-INF/licenses/parsson/META-INF/LICENSE.md")).contains("Eclipse Public License");
            assertThat(text(jar, "META-INF/licenses/jakarta.json-api/META-INF/LICENSE.md"))
                    .contains("Eclipse Public License");
            assertThat(text(jar, "META-INF/licenses/jakarta.json.bind-api/META-INF/LICENSE.md"))
                    .contains("Eclipse Public License");
            assertThat(text(jar, "META-INF/licenses/sqlite-jdbc/META-INF/maven/org.xerial/sqlite-jdbc/LICENSE"))
                    .contains("Apache License");
            assertThat(text(jar, "META-INF/licenses/picocli/LICENSE")).as("picocli's jar holds none of its own")
                    .contains("Apache License");
        }
    }

    @Test
    void thePlainLibraryJarCarriesNoBundledLicences() throws IOException {
        // It bundles nothing: its dependencies arrive through Maven with their own licences.
        Path library;
        try (Stream<Path> files = Files.list(JAR.getParent())) {
            library = files.filter(f -> f.getFileName().toString().matches("d1-export-cli-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no d1-export-cli-*.jar in " + JAR.getParent()));
        }
        try (JarFile jar = new JarFile(library.toFile())) {
            assertThat(jar.getEntry("dev/d1export/cli/Main.class")).as("the library's own classes").isNotNull();
            assertThat(Collections.list(jar.entries())).extracting(JarEntry::getName)
                    .noneMatch(n -> n.startsWith("META-INF/licenses/"));
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as(name).isNotNull();
        return new String(jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
