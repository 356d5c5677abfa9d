package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery on the module path: compiles a provider module (declared with {@code provides} only, no service file) and
 * an application module, then runs them with {@code java --module-path} against the SPI's compiled module.
 */
class ModulePathDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void providersAreFoundOnTheModulePath() throws Exception {
        Path spi = Path.of(ExportProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(spi.resolve("module-info.class")).as("the SPI is a named module").exists();

        Path providerSrc = dir.resolve("src/demo.provider");
        write(providerSrc.resolve("module-info.java"), "module demo.provider {\n"
                + "  requires dev.d1export.spi;\n"
                + "  provides dev.d1export.spi.ExportProvider with demo.provider.DemoProvider;\n"
                + "}\n");
        write(providerSrc.resolve("demo/provider/DemoProvider.java"), "package demo.provider;\n"
                + "import dev.d1export.spi.*;\n"
                + "import java.io.IOException;\n"
                + "public final class DemoProvider implements ExportProvider {\n"
                + "  public String name() { return \"demo\"; }\n"
                + "  public Exporter create(ExportOptions options) {\n"
                + "    return request -> {\n"
                + "      try (StagedOutput out = StagedOutput.open(request.destination(), \"demo.sql\")) {\n"
                + "        out.stream().write((\"module path \" + options.target()).getBytes());\n"
                + "        return ExportResult.builder(\"demo\").path(out.commit().orElse(null)).build();\n"
                + "      } catch (IOException e) { throw new DestinationException(e.toString(), e); }\n"
                + "    };\n"
                + "  }\n"
                + "}\n");
        Path appSrc = dir.resolve("src/demo.app");
        write(appSrc.resolve("module-info.java"), "module demo.app { requires dev.d1export.spi; }\n");
        write(appSrc.resolve("demo/app/Main.java"), "package demo.app;\n"
                + "import dev.d1export.spi.*;\n"
                + "import java.nio.file.Path;\n"
                + "public final class Main {\n"
                + "  public static void main(String[] args) {\n"
                + "    for (ExportProvider p : D1Export.providers()) System.out.println(\"found \" + p.name()\n"
                + "        + \" in \" + p.getClass().getModule().getName());\n"
                + "    try (Exporter e = D1Export.open(\"d1:demo:hello\")) {\n"
                + "      ExportResult r = e.export(ExportRequest.builder().destination(Path.of(args[0])).build());\n"
                + "      System.out.println(\"exported by \" + r.provider());\n"
                + "    }\n"
                + "  }\n"
                + "}\n");

        Path modules = dir.resolve("mods");
        compile(providerSrc, modules.resolve("demo.provider"), spi.toString());
        compile(appSrc, modules.resolve("demo.app"), spi.toString());

        Path dump = dir.resolve("out.sql");
        String modulePath = spi + File.pathSeparator + modules.resolve("demo.provider") + File.pathSeparator
                + modules.resolve("demo.app");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--module-path", modulePath, "-m",
                "demo.app/demo.app.Main", dump.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("found demo in demo.provider").contains("exported by demo");
        assertThat(Files.readString(dump)).isEqualTo("module path hello");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void compile(Path sourceRoot, Path out, String modulePath)
            throws IOException, InterruptedException {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        List<String> args = new ArrayList<>(List.of(javac.toString(), "--release", "17", "--module-path", modulePath,
                "-d", out.toString()));
        try (var files = Files.walk(sourceRoot)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("javac: " + output).isZero();
    }
}
