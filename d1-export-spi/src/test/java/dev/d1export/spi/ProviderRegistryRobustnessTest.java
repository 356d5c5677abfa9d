package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.d1export.spi.testproviders.AlphaProvider;
import dev.d1export.spi.testproviders.BetaProvider;
import dev.d1export.spi.testproviders.ThrowingSupportsProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One provider's bug is reported and skipped; it never breaks, hangs or blocks the lookups of the others. */
class ProviderRegistryRobustnessTest {

    private static final String SKIPPING_NAME = "Skipping d1-export provider that failed to load: ";

    @TempDir
    Path dir;

    /** A provider whose {@code name()} gives null. */
    public static final class NullName implements ExportProvider {
        @Override
        public String name() {
            return null;
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose {@code name()} throws. */
    public static final class ThrowingName implements ExportProvider {
        @Override
        public String name() {
            throw new IllegalStateException("boom in name");
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose name has capitals, which no URL (lower-cased when parsed) can ever select. */
    public static final class MixedCaseName implements ExportProvider {
        @Override
        public String name() {
            return "Mixed";
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose {@code create()} returns null. */
    public static final class NullExporter implements ExportProvider {
        @Override
        public String name() {
            return "nul";
        }

        @Override
        public Exporter create(ExportOptions options) {
            return null;
        }
    }

    /** A provider whose {@code supports()} fails an assertion (as an {@code assert} under {@code -ea}). */
    public static final class AssertingSupports implements ExportProvider {
        @Override
        public String name() {
            return "asserting";
        }

        @Override
        public boolean supports(ExportOptions options) {
            throw new AssertionError("assert in supports");
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose {@code supports()} throws an exception whose causes form a cycle. */
    public static final class CyclicCause implements ExportProvider {
        @Override
        public String name() {
            return "cyclic";
        }

        @Override
        public boolean supports(ExportOptions options) {
            throw cycle();
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose class cannot initialise. */
    public static final class FailingStaticInit implements ExportProvider {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("static boom");
            }
        }

        @Override
        public String name() {
            return "static-init";
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /**
     * Throws a checked exception where none is declared, as Kotlin code or a "sneaky throw" can: the compiler takes
     * it for the unchecked type {@code T}.
     */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T undeclared(Throwable checked) throws T {
        throw (T) checked;
    }

    /** A provider whose {@code name()} throws an IOException it does not declare. */
    public static final class SneakyName implements ExportProvider {
        @Override
        public String name() {
            throw ProviderRegistryRobustnessTest.<RuntimeException>undeclared(new IOException("name unreadable"));
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose {@code supports()} throws an IOException it does not declare. */
    public static final class SneakySupports implements ExportProvider {
        @Override
        public String name() {
            return "sneaky";
        }

        @Override
        public boolean supports(ExportOptions options) {
            throw ProviderRegistryRobustnessTest.<RuntimeException>undeclared(new IOException("supports unreadable"));
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose {@code supportedOptions()} throws an IOException it does not declare; it creates exporters. */
    public static final class SneakyOptions implements ExportProvider {
        @Override
        public String name() {
            return "sneaky-options";
        }

        @Override
        public List<ExportOption<?>> supportedOptions() {
            throw ProviderRegistryRobustnessTest.<RuntimeException>undeclared(new IOException("options unreadable"));
        }

        @Override
        public Exporter create(ExportOptions options) {
            return new AlphaProvider().create(options);
        }
    }

    private static RuntimeException cycle() {
        RuntimeException a = new RuntimeException("a");
        a.initCause(new RuntimeException("b", a));
        return a;
    }

    private ClassLoader loaderWith(String... providerClassNames) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.write(services.resolve(ExportProvider.class.getName()), List.of(providerClassNames));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    /** A provider whose {@code supports()} throws an {@link Error}; a class per error, so that a URL can pin each. */
    private abstract static class ErrorInSupports implements ExportProvider {
        private final String name;
        private final Supplier<Error> error;

        ErrorInSupports(String name, Supplier<Error> error) {
            this.name = name;
            this.error = error;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean supports(ExportOptions options) {
            throw error.get();
        }

        @Override
        public Exporter create(ExportOptions options) {
            throw new AssertionError("never created");
        }
    }

    /** A provider whose {@code supports()} finds the JVM out of memory. */
    public static final class OutOfMemorySupports extends ErrorInSupports {
        /** The provider. */
        public OutOfMemorySupports() {
            super("hungry", () -> new OutOfMemoryError("supports() ran out of memory"));
        }
    }

    /** A provider whose {@code supports()} recurses without end. */
    public static final class StackOverflowSupports extends ErrorInSupports {
        /** The provider. */
        public StackOverflowSupports() {
            super("deep", () -> new StackOverflowError("supports() recursed"));
        }
    }

    private static ProviderRegistry with(ExportProvider broken) {
        return ProviderRegistry.builder().discover(false).provider(broken).provider(new AlphaProvider()).build();
    }

    /** Memory is gone for every provider: an OutOfMemoryError from supports() is thrown on, not skipped as a bug. */
    @Test
    void anOutOfMemoryErrorFromSupportsIsThrownOnWhetherTheProviderIsAskedOrPinned() {
        ProviderRegistry registry = with(new OutOfMemorySupports());

        for (String url : List.of("d1:alpha:x", "d1:alpha:x?provider-class=" + OutOfMemorySupports.class.getName())) {
            assertThatThrownBy(() -> registry.find(ExportOptions.parse(url))).as(url)
                    .isInstanceOf(OutOfMemoryError.class).hasMessage("supports() ran out of memory");
        }
    }

    /** Skipped, or refused when the URL pins it, but logged with its error either way, not passed over in silence. */
    @Test
    void aSupportsThatThrowsIsLoggedWithItsError() {
        String type = StackOverflowSupports.class.getName();
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ProviderRegistry registry = with(new StackOverflowSupports());

            assertThat(registry.find(ExportOptions.parse("d1:alpha:x")).name()).isEqualTo("alpha");
            assertThatThrownBy(() -> registry.find(ExportOptions.parse("d1:deep:x?provider-class=" + type)))
                    .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("supports() recursed");

            // Any level: the JVM logs a provider's failure as a warning once, and at debug level after that.
            assertThat(log.about("Skipping provider whose supports() threw: " + type)).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(StackOverflowError.class));
            assertThat(log.about("Pinned provider's supports() threw: " + type)).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(StackOverflowError.class));
        }
    }

    /**
     * A checked exception that a provider throws without declaring it (Kotlin, a "sneaky throw") from {@code name()}
     * or {@code supports()} is reported and skipped as an unchecked one is, never thrown past the registry: the
     * others' URLs still open, and "no provider" errors and {@code failures()} name it with its exception.
     */
    @Test
    void anUndeclaredCheckedExceptionFromNameOrSupportsIsReportedAndSkippedLikeAnUncheckedOne() throws IOException {
        String name = SneakyName.class.getName();
        String supports = SneakySupports.class.getName();
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ProviderRegistry registry = ProviderRegistry.load(loaderWith(name, supports,
                    AlphaProvider.class.getName()));

            try (Exporter exporter = registry.open("d1:alpha:x")) {
                assertThat(exporter).isNotNull();
            }
            assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("sneaky", "alpha");
            assertThat(registry.failures()).extracting(ProviderLoadFailure::describe)
                    .containsExactly(name + " (java.io.IOException: name unreadable)");
            assertThatThrownBy(() -> registry.open("d1:sneaky:x")).isInstanceOfSatisfying(
                    ProviderNotFoundException.class, e -> assertThat(e.failures())
                            .extracting(ProviderLoadFailure::describe).containsExactly(
                                    name + " (java.io.IOException: name unreadable)",
                                    supports + " (java.io.IOException: supports unreadable)"));
            assertThatThrownBy(() -> registry.open("d1:sneaky:x?provider-class=" + supports))
                    .isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("Pinned provider " + supports + " failed when asked about")
                    .hasMessageContaining("java.io.IOException: supports unreadable");
            ProviderRegistry pinned = ProviderRegistry.builder().classLoader(loaderWith(name, supports,
                    AlphaProvider.class.getName())).pin(supports).build();
            try (Exporter exporter = pinned.open("d1:alpha:x")) {
                assertThat(exporter).as("the registry's pin skips it, as one that throws unchecked").isNotNull();
            }

            assertThat(log.about(SKIPPING_NAME + name)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getThrown()).isInstanceOf(IOException.class));
            assertThat(log.about("Skipping provider whose supports() threw: " + supports)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getThrown()).isInstanceOf(IOException.class));
        }
    }

    /**
     * A {@code supportedOptions()} that throws a checked exception undeclared does not end {@code open()}: as for an
     * unchecked one, the declared-secret check is left out (logged) and the provider's {@code create()} runs.
     */
    @Test
    void anUndeclaredCheckedExceptionFromSupportedOptionsDoesNotEndOpen() throws IOException {
        String type = SneakyOptions.class.getName();
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ProviderRegistry registry = ProviderRegistry.load(loaderWith(type, AlphaProvider.class.getName()));

            try (Exporter exporter = registry.open("d1:sneaky-options:x")) {
                assertThat(exporter).isNotNull();
            }
            assertThat(log.about("supportedOptions() threw")).isNotEmpty().allSatisfy(r -> {
                assertThat(r.getMessage()).contains(type).contains("java.io.IOException: options unreadable");
                assertThat(r.getThrown()).isInstanceOf(IOException.class);
            });
        }
    }

    @Test
    void aProviderWithoutAUsableNameIsAFailureToLoadNotACrashOfEveryLookup() throws IOException {
        for (ExportProvider broken : List.of(new NullName(), new ThrowingName())) {
            ProviderRegistry registry = with(broken);

            assertThatThrownBy(() -> registry.open("d1:nosuch:x")).isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("alpha").hasMessageContaining(broken.getClass().getName());
            try (Exporter exporter = registry.open("d1:alpha:x")) {
                assertThat(exporter).isNotNull();
            }
            assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("alpha");
            assertThat(registry.failures()).singleElement()
                    .satisfies(f -> assertThat(f.provider()).isEqualTo(broken.getClass().getName()));
            assertThat(registry.toString()).contains("alpha").contains("failures=1");
        }
        ProviderRegistry discovered = ProviderRegistry.load(loaderWith(NullName.class.getName(),
                AlphaProvider.class.getName()));
        assertThat(discovered.failures()).singleElement()
                .satisfies(f -> assertThat(f.describe()).contains("name() returned null"));
    }

    /**
     * The JDK's ServiceLoader reads a services file whole before it yields any name from it, and a malformed line
     * fails that read: every provider the file names, before the line and after it, is lost, and the failure is
     * reported and skipped like a broken provider's; another jar's file still loads. (The README says so.)
     */
    @Test
    void aMalformedServicesLineLosesItsWholeFileReportedAndSkippedWhileOtherFilesLoad() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Path services = Path.of("META-INF", "services", ExportProvider.class.getName());
        Files.createDirectories(first.resolve(services).getParent());
        Files.createDirectories(second.resolve(services).getParent());
        Files.write(first.resolve(services), List.of(BetaProvider.class.getName(), "not a class name!",
                ThrowingSupportsProvider.class.getName()));
        Files.write(second.resolve(services), List.of(AlphaProvider.class.getName()));
        ClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                getClass().getClassLoader());

        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ProviderRegistry registry = ProviderRegistry.load(loader);

            assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("alpha");
            assertThat(registry.failures()).singleElement().satisfies(f -> assertThat(f.describe())
                    .contains(first.toUri().toURL().toString()).contains(":2:")
                    .contains("Illegal configuration-file syntax"));
            assertThat(log.about("Illegal configuration-file syntax")).singleElement()
                    .satisfies(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
            assertThatThrownBy(() -> registry.open("d1:beta:x")).isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("Illegal configuration-file syntax");
            try (Exporter exporter = registry.open("d1:alpha:x")) {
                assertThat(exporter).isNotNull();
            }
        }
    }

    /**
     * Two broken entries are two failures: only the same entry met twice (the JDK's double look-up on the module
     * path, below) is listed once, so a second, different missing class must not be folded into the first.
     */
    @Test
    void twoDifferentMissingClassesInOneServicesFileAreBothReported() throws IOException {
        ClassLoader loader = loaderWith("com.example.MissingOne", AlphaProvider.class.getName(),
                "com.example.MissingTwo");

        ProviderRegistry registry = ProviderRegistry.load(loader);

        assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("alpha");
        assertThat(registry.failures()).extracting(ProviderLoadFailure::describe).satisfiesExactly(
                first -> assertThat(first).contains("com.example.MissingOne").doesNotContain("MissingTwo"),
                second -> assertThat(second).contains("com.example.MissingTwo").doesNotContain("MissingOne"));
    }

    /**
     * A services file of endless broken lines must not make every lookup read (and log) all of them: discovery
     * stops after 100 failures, keeping the first 100 in file order.
     */
    @Test
    void discoveryStopsAfterOneHundredLoadErrors() throws IOException {
        String[] names = new String[150];
        for (int i = 0; i < names.length; i++) {
            names[i] = "com.example.Missing" + i;
        }
        ClassLoader loader = loaderWith(names);

        List<String> failed = ProviderRegistry.load(loader).failures().stream().map(ProviderLoadFailure::provider)
                .toList();

        assertThat(failed).hasSize(100);
        assertThat(failed.get(0)).contains("com.example.Missing0 ");
        assertThat(failed.get(99)).contains("com.example.Missing99 ");
    }

    @Test
    void aNameNoUrlCanSelectIsAFailureToLoadNotAProviderListedAsUsable() {
        ProviderRegistry registry = with(new MixedCaseName());

        assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("alpha");
        assertThat(registry.failures()).singleElement().satisfies(f -> assertThat(f.describe())
                .contains("its name() 'Mixed' is not a provider name").contains("so no URL can select it"));
        assertThatThrownBy(() -> registry.open("d1:mixed:x")).isInstanceOf(ProviderNotFoundException.class)
                .hasMessageNotContaining("did you mean 'Mixed'")
                .hasMessageContaining(MixedCaseName.class.getName());
    }

    @Test
    void aProviderThatCreatesNoExporterIsNamedInsteadOfReturningNull() {
        ProviderRegistry registry = with(new NullExporter());

        assertThatThrownBy(() -> registry.open("d1:nul:x")).isInstanceOf(ExportConfigurationException.class)
                .hasMessage("Provider 'nul' (" + NullExporter.class.getName() + ") returned no exporter from create()");
    }

    @Test
    void anErrorFromOneProvidersSupportsDoesNotStopTheOthers() {
        ProviderRegistry registry = with(new AssertingSupports());

        try (Exporter exporter = registry.open("d1:alpha:x")) {
            assertThat(exporter).isNotNull();
        }
        assertThatThrownBy(() -> registry.open("d1:asserting:x")).isInstanceOf(ProviderNotFoundException.class)
                .satisfies(e -> assertThat(((ProviderNotFoundException) e).failures())
                        .anySatisfy(f -> assertThat(f.describe()).contains("assert in supports")));
    }

    @Test
    void aPinnedProviderWhoseSupportsThrowsIsATypedErrorForItsUrlPinAndSkippedForTheRegistrysPin() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(false)
                .provider(new ThrowingSupportsProvider()).provider(new AlphaProvider()).build();
        assertThatThrownBy(() -> registry.open("d1:moody:x?provider-class=" + ThrowingSupportsProvider.class.getName()))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("Pinned provider " + ThrowingSupportsProvider.class.getName()
                        + " failed when asked about 'd1:moody:x?provider-class=")
                .hasMessageContaining("boom in supports");

        ProviderRegistry pinned = ProviderRegistry.builder().discover(false)
                .provider(new ThrowingSupportsProvider()).provider(new AlphaProvider())
                .pin(ThrowingSupportsProvider.class).build();
        try (Exporter exporter = pinned.open("d1:alpha:x")) {
            assertThat(exporter).as("the other providers' URLs, as without the pin").isNotNull();
        }
        assertThatThrownBy(() -> pinned.open("d1:moody:x")).isInstanceOf(ProviderNotFoundException.class)
                .satisfies(e -> assertThat(((ProviderNotFoundException) e).failures())
                        .anySatisfy(f -> assertThat(f.describe()).contains("boom in supports")));
    }

    @Test
    void aCycleOfCausesIsDescribedAndReportedWithoutHanging() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(new ProviderLoadFailure("x", cycle()).describe()).isEqualTo("x (java.lang.RuntimeException: b)");
            try (Exporter exporter = with(new CyclicCause()).open("d1:alpha:x")) {
                assertThat(exporter).isNotNull();
            }
        });
    }

    @Test
    void aRegistryPinSettlesItsProvidersUrlsWithoutBarringTheOthers() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(false).provider(new AlphaProvider())
                .provider(new BetaProvider()).pin(AlphaProvider.class).build();

        try (Exporter exporter = registry.open("d1:beta:x")) {
            assertThat(exporter).isNotNull();
        }
        assertThatThrownBy(() -> registry.open("d1:beta:x?provider-class=" + AlphaProvider.class.getName()))
                .as("a pin in the URL is the caller's statement about that URL")
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("does not support 'd1:beta:x?provider-class=");
    }

    @Test
    void aProviderWhoseClassCannotInitialiseIsReportedAtWarningOnceNotOnEveryOpen() throws IOException {
        List<LogRecord> about;
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ClassLoader loader = loaderWith(FailingStaticInit.class.getName(), AlphaProvider.class.getName());
            for (int i = 0; i < 3; i++) {
                try (Exporter exporter = ProviderRegistry.load(loader).open("d1:alpha:x")) {
                    assertThat(exporter).isNotNull();
                }
            }
            about = log.about(FailingStaticInit.class.getName());
        }

        assertThat(about.stream().map(LogRecord::getLevel).toList())
                .as("the first failure (static boom) and the later ones (could not initialise) are one")
                .containsExactly(Level.WARNING, Level.FINE, Level.FINE);
    }

    /**
     * The memory of failures already reported is bounded: past it, a new failure is still logged at WARNING, every
     * time rather than never, while one remembered from before stays at DEBUG.
     */
    @Test
    void pastTheThousandRememberedFailuresANewOneIsLoggedAtWarningEachTime() throws Exception {
        // In a child JVM: filling the memory here would make every later test's failure log at WARNING each time.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ReportedFailuresCapMain.class.getName(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            // Output to a file, so that the hang guard holds even if the child never closes its end.
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("late: [WARNING, WARNING]").contains("early: [FINE]");
    }

    @Test
    void aMissingClassNamedByAJarOnTheModulePathIsOneFailureNotTwo() throws IOException, InterruptedException {
        // A jar without module-info on the module path is an automatic module; its service file becomes its
        // 'provides'. It names a class that is missing from a package the jar has (one the JDK lets it boot with).
        Path source = Files.createDirectories(dir.resolve("src/gone/provider")).resolve("Here.java");
        Files.writeString(source, "package gone.provider; public class Here {}");
        Path classes = dir.resolve("classes");
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process process = new ProcessBuilder(javac.toString(), "--release", "17", "-d", classes.toString(),
                source.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("javac: " + output).isZero();
        Path jar = dir.resolve("gone.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("gone/provider/Here.class"));
            out.write(Files.readAllBytes(classes.resolve("gone/provider/Here.class")));
            out.putNextEntry(new JarEntry("META-INF/services/" + ExportProvider.class.getName()));
            writeLine(out, "gone.provider.Gone");
        }
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(jar), ModuleFinder.of(), Set.of("gone"));
        ClassLoader loader = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                getClass().getClassLoader()).findLoader("gone");

        ProviderRegistry registry = ProviderRegistry.load(loader);

        assertThat(registry.failures()).as("the JDK meets the class twice, as the module's and as a resource's")
                .singleElement().satisfies(f -> assertThat(f.describe()).contains("gone.provider.Gone not found"));
        assertThatThrownBy(() -> registry.open("d1:gone:x")).isInstanceOfSatisfying(ProviderNotFoundException.class,
                e -> assertThat(e.failures()).hasSize(1));
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
