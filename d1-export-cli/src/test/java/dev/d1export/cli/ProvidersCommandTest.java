package dev.d1export.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.cli.internal.CliEnvironment;
import dev.d1export.cli.internal.CommandLineRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code d1-export providers}: what is found, what each accepts, what failed to load. */
class ProvidersCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsProvidersWithDescriptionAndOptions() {
        CliResult result = InProcess.run("providers");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("fixture  (dev.d1export.testkit.FixtureExportProvider)")
                .contains("Canned SQL as the dump, for tests")
                .containsPattern("fail +one of authentication, permission, not-found")
                .containsPattern("api-token +text \\(secret: never in the URL\\)")
                .doesNotContain("failed to load");
    }

    @Test
    void listsProvidersThatFailedToLoad() {
        ClassLoader loader = ExtraProviders.loaderWith(dir, "com.example.MissingProvider");

        CliResult result = InProcess.run(false, loader, "providers");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("fixture  (").contains("Providers that failed to load (1):")
                .contains("com.example.MissingProvider");
    }

    @Test
    void json() {
        ClassLoader loader = ExtraProviders.loaderWith(dir, "com.example.MissingProvider");

        CliResult result = InProcess.run(false, loader, "providers", "--json");

        Map<String, Object> json = JsonReader.object(result.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> providers = (List<Map<String, Object>>) json.get("providers");
        Map<String, Object> fixture = providers.stream().filter(p -> p.get("name").equals("fixture")).findFirst()
                .orElseThrow();
        assertThat(fixture).containsEntry("class", "dev.d1export.testkit.FixtureExportProvider");
        assertThat(fixture.get("options").toString()).contains("name=api-token").contains("secret=true");
        assertThat(json.get("failures").toString()).contains("com.example.MissingProvider");
    }

    /**
     * A provider whose description() throws a checked exception it does not declare (Kotlin, a "sneaky throw") is
     * listed among the failures, as one that throws an unchecked one is: the others are still listed, in the JSON
     * object, and the exit code stays 0.
     */
    @Test
    void aProviderThatThrowsAnUndeclaredCheckedExceptionIsAFailureNotACrash() {
        ClassLoader loader = ExtraProviders.loaderWith(dir, CrashingProvider.class.getName());

        CliResult json = InProcess.run(false, loader, "providers", "--json");
        CliResult text = InProcess.run(false, loader, "providers");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        Map<String, Object> object = JsonReader.object(json.out());
        assertThat(object.get("providers").toString()).contains("name=fixture").doesNotContain("name=crash");
        assertThat(object.get("failures").toString()).contains(CrashingProvider.class.getName())
                .contains("description unreadable");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("fixture  (").contains("Providers that failed to load (1):")
                .contains(CrashingProvider.class.getName());
    }

    /**
     * {@code providers --json > list.json} on a full disk, or a closed stdout: the list a script checks an
     * installation with is lost, so the run is not reported with exit code 0; stderr says so.
     */
    @Test
    void aListThatStandardOutputCannotTakeIsAFailure() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        for (String[] args : List.of(new String[] {"providers", "--json"}, new String[] {"providers"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream out = new PrintStream(full, false, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = CommandLineRunner.execute(new CliEnvironment(out, e, false, getClass().getClassLoader(), false),
                        args);
            }

            String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(String.join(" ", args) + "\n" + stderr).isEqualTo(ExitCodes.FAILED);
            assertThat(stderr).startsWith("d1-export: standard output cannot be written")
                    .contains("the list of providers was not printed").contains("\nhint: ");
        }
    }

    /**
     * A provider whose name() throws a checked exception it does not declare fails in the registry itself, before
     * this command describes it: it is listed among the failures, the others are still listed, and an export with a
     * URL another provider serves still works, as with a provider whose name() throws unchecked.
     */
    @Test
    void aProviderWhoseNameThrowsAnUndeclaredCheckedExceptionIsSkippedByTheRegistry() {
        ClassLoader loader = ExtraProviders.loaderWith(dir, UndeclaredNameProvider.class.getName());

        CliResult json = InProcess.run(false, loader, "providers", "--json");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        Map<String, Object> object = JsonReader.object(json.out());
        assertThat(object.get("providers").toString()).contains("name=fixture");
        assertThat(object.get("failures").toString()).contains(UndeclaredNameProvider.class.getName())
                .contains("java.io.IOException: name unreadable");

        Path out = dir.resolve("users.sql");
        CliResult export = InProcess.run(false, loader, "export", "d1:fixture:classpath:fixtures/users.sql", "-o",
                out.toString());

        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(out).isNotEmptyFile();
    }

    @Test
    void noProviderIsAFailure() {
        // A loader that sees no service files at all.
        ClassLoader empty = new java.net.URLClassLoader(new java.net.URL[0], ClassLoader.getPlatformClassLoader()) {
            @Override
            public Class<?> loadClass(String name) throws ClassNotFoundException {
                return name.startsWith("dev.d1export.spi.") ? ProvidersCommandTest.class.getClassLoader().loadClass(name)
                        : super.loadClass(name);
            }
        };

        CliResult result = InProcess.run(false, empty, "providers");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).contains("No providers found.");
    }

    @Test
    void theReadmeDocumentsThatNoProviderExitsWithFailed() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of(System.getProperty("d1export.examples"), "..",
                "d1-export-cli", "README.md"));
        String exitCodes = readme.substring(readme.indexOf("## Exit codes"), readme.indexOf("## Start-up"));

        assertThat(exitCodes).contains("`d1-export providers` exits 0 when it found at least one provider and 1 "
                + "(`FAILED`) when it found none");
    }

    @Test
    void helpAndVersionNeedNoProvider() {
        CliResult help = InProcess.run("--help");
        CliResult version = InProcess.run("--version");
        CliResult exportHelp = InProcess.run("export", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: d1-export").contains("export").contains("providers");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("d1-export " + System.getProperty("d1export.version", ""))
                .contains("Java ");
        assertThat(exportHelp.out()).contains("--token-file").contains("Exit codes:").contains("130");
    }
}
