package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.testproviders.AlphaProvider;
import dev.d1export.spi.testproviders.AlphaTwinProvider;
import dev.d1export.spi.testproviders.BetaProvider;
import dev.d1export.spi.testproviders.MissingDependencyProvider;
import dev.d1export.spi.testproviders.ThrowingConstructorProvider;
import dev.d1export.spi.testproviders.ThrowingSupportsProvider;
import dev.d1export.spi.testproviders.WritingExporter;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery through a real ServiceLoader over class loaders whose service files each test writes. */
class ProviderRegistryTest {

    @TempDir
    Path dir;

    private ClassLoader loaderWith(String... providerClassNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(ExportProvider.class.getName()), List.of(providerClassNames));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void findsTheProviderTheUrlNames() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName(),
                BetaProvider.class.getName()));
        assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("alpha", "beta");
        assertThat(registry.failures()).isEmpty();
        try (Exporter exporter = registry.open("d1:beta:somewhere")) {
            assertThat(((WritingExporter) exporter).options().target()).isEqualTo("somewhere");
        }
    }

    @Test
    void aProviderThatFailsToLoadIsSkippedAndReported() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(
                "com.example.DoesNotExist",
                ThrowingConstructorProvider.class.getName(),
                AlphaProvider.class.getName()));
        assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("alpha");
        assertThat(registry.failures()).extracting(ProviderLoadFailure::describe)
                .anySatisfy(d -> assertThat(d).contains("com.example.DoesNotExist"))
                .anySatisfy(d -> assertThat(d).contains(ThrowingConstructorProvider.class.getName())
                        .contains("boom in constructor"));
        try (Exporter exporter = registry.open("d1:alpha:x")) {
            assertThat(exporter).isInstanceOf(WritingExporter.class);
        }
        assertThatThrownBy(() -> registry.open("d1:gamma:x"))
                .isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
                    assertThat(e.available()).containsExactly("alpha (" + AlphaProvider.class.getName() + ")");
                    assertThat(e.failures()).hasSize(2);
                })
                .hasMessageContaining("No provider for 'd1:gamma:x' (provider 'gamma')")
                .hasMessageContaining("Providers found: alpha (" + AlphaProvider.class.getName() + ")")
                .hasMessageContaining("failed to load")
                .hasMessageContaining("com.example.DoesNotExist")
                .hasMessageContaining("boom in constructor");
    }

    @Test
    void aProviderWithoutADependencyOfItsExporterIsAConfigurationErrorNamingIt() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(MissingDependencyProvider.class.getName()));

        assertThatThrownBy(() -> registry.open("d1:lacking:x"))
                .isInstanceOf(ExportConfigurationException.class)
                .hasMessage("Provider 'lacking' (" + MissingDependencyProvider.class.getName() + ") cannot create an"
                        + " exporter, as a class it needs is missing or does not match:"
                        + " java.lang.NoClassDefFoundError: com/example/json/Parser; put the libraries its jar depends"
                        + " on on the class path or module path")
                .hasCauseInstanceOf(NoClassDefFoundError.class);
        // A class that failed to initialise is not a missing one: its own error is shown.
        assertThatThrownBy(() -> registry.open("d1:lacking:broken-init"))
                .isInstanceOf(ExportConfigurationException.class)
                .hasMessageEndingWith("cannot create an exporter, as a class of it failed to initialise:"
                        + " java.lang.IllegalStateException: static setup failed");
        // And the JVM's answer to every later use of that class is told apart from a missing library.
        assertThatThrownBy(() -> registry.open("d1:lacking:broken-before"))
                .hasMessageContaining("a class of it failed to initialise earlier in this JVM")
                .hasMessageNotContaining("put the libraries");
    }

    @Test
    void aProviderNameOneSlipFromAKnownOneGetsADidYouMean() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName(),
                BetaProvider.class.getName()));

        assertThatThrownBy(() -> registry.open("d1:alpah:x")).hasMessageContaining("(provider 'alpah'; did you mean"
                + " 'alpha'?)");
        assertThatThrownBy(() -> registry.open("d1:bta:x")).hasMessageContaining("did you mean 'beta'?");
        assertThatThrownBy(() -> registry.open("d1:sqlit:x")).hasMessageContaining("did you mean 'sqlite'?");
        assertThatThrownBy(() -> registry.open("d1:cloudfare:x")).hasMessageContaining("did you mean 'cloudflare'?");
        assertThatThrownBy(() -> registry.open("d1:qslite:x")).as("the first two letters swapped")
                .hasMessageContaining("did you mean 'sqlite'?");
        assertThatThrownBy(() -> registry.open("d1:gamma:x")).hasMessageNotContaining("did you mean");
        // A provider of this project that is only missing says where it comes from instead.
        assertThatThrownBy(() -> registry.open("d1:sqlite:x")).hasMessageContaining("d1-export-sqlite")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void aProviderWhoseSupportsThrowsIsSkipped() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(ThrowingSupportsProvider.class.getName(),
                AlphaProvider.class.getName()));
        try (Exporter exporter = registry.open("d1:alpha:x")) {
            assertThat(exporter).isNotNull();
        }
        assertThatThrownBy(() -> registry.open("d1:moody:x")).isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("boom in supports");
    }

    /**
     * As SLF4J 2 and R2DBC do: a provider whose {@code supports()} throws is reported and skipped, and the error then
     * lists it once, among the failures with the reason, not also among the providers found.
     */
    @Test
    void aProviderWhoseSupportsThrowsIsListedOnceAsFailedNotAlsoAsFound() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(ThrowingSupportsProvider.class.getName(),
                AlphaProvider.class.getName()));
        String alpha = "alpha (" + AlphaProvider.class.getName() + ")";
        String failed = ThrowingSupportsProvider.class.getName() + " (java.lang.IllegalStateException: boom in"
                + " supports)";

        assertThatThrownBy(() -> registry.open("d1:gamma:x"))
                .isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
                    assertThat(e.available()).containsExactly(alpha);
                    assertThat(e.failures()).extracting(ProviderLoadFailure::describe).containsExactly(failed);
                })
                .hasMessageEndingWith(". Providers found: " + alpha + ". Providers that failed to load: " + failed);
        // A URL's pin of that provider says why it failed, and lists it the same way.
        assertThatThrownBy(() -> registry.open("d1:moody:x?provider-class=" + ThrowingSupportsProvider.class.getName()))
                .isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
                    assertThat(e.available()).containsExactly(alpha);
                    assertThat(e.failures()).extracting(ProviderLoadFailure::describe).containsExactly(failed);
                })
                .hasMessageEndingWith(". Providers found: " + alpha + ". Providers that failed to load: " + failed);
        // It loaded, and may serve other URLs: only the lookup it failed leaves it out.
        assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("moody", "alpha");
    }

    @Test
    void noProviderListsWhatWasFound() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName(),
                BetaProvider.class.getName()));
        assertThatThrownBy(() -> registry.open("d1:cloudflare://acc/db"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessage("No provider for 'd1:cloudflare://acc/db' (provider 'cloudflare'; it comes with"
                        + " dev.d1export:d1-export-http: add that artifact to the class path or module path). Providers found: "
                        + "alpha (" + AlphaProvider.class.getName() + "), beta (" + BetaProvider.class.getName() + ")");
    }

    @Test
    void noProvidersAtAll() throws IOException {
        assertThatThrownBy(() -> ProviderRegistry.load(loaderWith()).open("d1:alpha:x"))
                .isInstanceOf(ProviderNotFoundException.class).hasMessageEndingWith("Providers found: none");
    }

    @Test
    void twoProvidersClaimingOneUrlAreAnErrorNamingBoth() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName(),
                AlphaTwinProvider.class.getName()));
        assertThatThrownBy(() -> registry.open("d1:alpha:x"))
                .isInstanceOfSatisfying(AmbiguousProviderException.class, e -> assertThat(e.candidates())
                        .containsExactly(AlphaProvider.class.getName(), AlphaTwinProvider.class.getName()))
                .hasMessageContaining(AlphaProvider.class.getName())
                .hasMessageContaining(AlphaTwinProvider.class.getName())
                .hasMessageContaining("provider-class=");
    }

    @Test
    void aPinByOptionWins() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName(),
                AlphaTwinProvider.class.getName()));
        try (Exporter exporter = registry.open("d1:alpha:x?provider-class=" + AlphaTwinProvider.class.getName())) {
            assertThat(exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build()).provider())
                    .isEqualTo("AlphaTwinProvider");
        }
    }

    @Test
    void aPinByBuilderWinsAndDoesNotInstantiateOthers() throws IOException {
        ProviderRegistry registry = ProviderRegistry.builder()
                .classLoader(loaderWith(ThrowingConstructorProvider.class.getName(), AlphaProvider.class.getName(),
                        AlphaTwinProvider.class.getName()))
                .pin(AlphaProvider.class)
                .build();
        int attempts = ThrowingConstructorProvider.ATTEMPTS.get();
        try (Exporter exporter = registry.open("d1:alpha:x")) {
            assertThat(exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql")).build()).provider())
                    .isEqualTo("AlphaProvider");
        }
        assertThat(ThrowingConstructorProvider.ATTEMPTS.get()).as("the broken provider was never instantiated")
                .isEqualTo(attempts);
        // Asking for the failures is asking for all of them, instantiated or not yet.
        assertThat(registry.failures()).extracting(ProviderLoadFailure::provider)
                .containsExactly(ThrowingConstructorProvider.class.getName());
    }

    @Test
    void aFreshRegistryReportsAConstructorThatThrowsWithoutProvidersBeingAskedFirst() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(ThrowingConstructorProvider.class.getName(),
                AlphaProvider.class.getName()));

        assertThat(registry.failures()).singleElement().satisfies(f -> assertThat(f.describe())
                .contains(ThrowingConstructorProvider.class.getName()).contains("boom in constructor"));
        assertThat(registry.toString()).contains("failures=1");
    }

    @Test
    void aBrokenProviderIsReportedWithItsStackTraceOnceNotOnEveryOpen() throws IOException {
        String missing = "com.example.Missing" + Long.toHexString(System.nanoTime());
        List<LogRecord> about;
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            for (int i = 0; i < 3; i++) {
                ProviderRegistry registry = ProviderRegistry.load(loaderWith(missing, AlphaProvider.class.getName()));
                try (Exporter exporter = registry.open("d1:alpha:x")) {
                    assertThat(exporter).isInstanceOf(WritingExporter.class);
                }
                assertThat(registry.failures()).as("each registry still lists it").singleElement()
                        .satisfies(f -> assertThat(f.describe()).contains(missing));
            }
            about = log.about(missing);
        }

        assertThat(about).hasSize(3);
        assertThat(about.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(about.get(0).getThrown()).isNotNull();
        assertThat(about.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.FINE);
            assertThat(r.getMessage()).endsWith("(reported before)");
        });
    }

    @Test
    void anEmptyPinIsQuotedInItsMessage() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName()));
        assertThatThrownBy(() -> registry.open("d1:alpha:x?provider-class="))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageStartingWith("Pinned provider class '' was not found");
    }

    @Test
    void aPinToAnAbsentClassListsWhatWasFound() throws IOException {
        ProviderRegistry registry = ProviderRegistry.load(loaderWith(AlphaProvider.class.getName()));
        assertThatThrownBy(() -> registry.open("d1:alpha:x?provider-class=com.example.Nope"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("Pinned provider class 'com.example.Nope' was not found")
                .hasMessageContaining("alpha (" + AlphaProvider.class.getName() + ")");
        assertThatThrownBy(() -> registry.open("d1:beta:x?provider-class=" + AlphaProvider.class.getName()))
                .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("does not support 'd1:beta:x");
    }

    @Test
    void anAddedInstanceHidesTheDiscoveredProviderOfItsClass() throws IOException {
        AlphaProvider mine = new AlphaProvider();
        ProviderRegistry registry = ProviderRegistry.builder()
                .classLoader(loaderWith(AlphaProvider.class.getName(), BetaProvider.class.getName()))
                .provider(mine)
                .build();
        assertThat(registry.find(ExportOptions.parse("d1:alpha:x"))).isSameAs(mine);
        assertThat(registry.providers()).extracting(p -> p.getClass().getName())
                .containsExactly(AlphaProvider.class.getName(), BetaProvider.class.getName());
        assertThat(registry.providers().get(0)).isSameAs(mine);
        assertThat(registry.find(ExportOptions.parse("d1:alpha:x?provider-class=" + AlphaProvider.class.getName())))
                .as("a pin to the class finds the added instance").isSameAs(mine);
    }

    @Test
    void anAddedInstanceDoesNotHideAnotherClassClaimingTheSameUrl() throws IOException {
        ProviderRegistry registry = ProviderRegistry.builder()
                .classLoader(loaderWith(AlphaProvider.class.getName(), AlphaTwinProvider.class.getName()))
                .provider(new AlphaProvider())
                .build();
        assertThatThrownBy(() -> registry.find(ExportOptions.parse("d1:alpha:x")))
                .isInstanceOfSatisfying(AmbiguousProviderException.class, e -> assertThat(e.candidates())
                        .containsExactly(AlphaProvider.class.getName(), AlphaTwinProvider.class.getName()));
    }

    @Test
    void addedProvidersWorkWithoutDiscovery() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(false).provider(new BetaProvider()).build();
        assertThat(registry.providers()).extracting(ExportProvider::name).containsExactly("beta");
        assertThat(registry.toString()).contains("beta (" + BetaProvider.class.getName() + ")");
    }

    @Test
    void theFacadeAcceptsAnExplicitClassLoader() throws IOException {
        ClassLoader loader = loaderWith(BetaProvider.class.getName());
        assertThat(D1Export.providers(loader)).extracting(ExportProvider::name).containsExactly("beta");
        try (Exporter exporter = D1Export.open("d1:beta:x", java.util.Map.of(), loader)) {
            assertThat(exporter).isInstanceOf(WritingExporter.class);
        }
    }

    /** What D1Export's javadoc says of its state: discovery afresh, but what was logged and what is secret kept. */
    @Test
    void theFacadeDiscoversAfreshOnEachCallButTheJvmKeepsWhatWasLoggedAndWhichNamesAreSecret() throws IOException {
        String unique = Long.toHexString(System.nanoTime());
        String missing = "com.example.FacadeMissing" + unique;
        ClassLoader loader = loaderWith(missing, BetaProvider.class.getName());
        List<LogRecord> about;
        try (LogRecording log = new LogRecording(ProviderRegistry.class)) {
            ExportProvider first = D1Export.providers(loader).get(0);
            ExportProvider second = D1Export.providers(loader).get(0);
            assertThat(second).as("no provider instance is cached").isNotSameAs(first)
                    .isInstanceOf(BetaProvider.class);
            about = log.about(missing);
        }
        assertThat(about).extracting(LogRecord::getLevel).as("the JVM remembers what it logged")
                .containsExactly(Level.WARNING, Level.FINE);

        String name = "facade-probe-" + unique;
        ExportOptions before = ExportOptions.builder().provider("x").target("t").option(name, "visible").build();
        ExportOption.secret(name);
        assertThat(before.toString()).as("a name declared secret is masked in every ExportOptions")
                .doesNotContain("visible").contains(name + "=****");
    }

    @Test
    void theFacadeUsesTheSpiClassLoader() {
        // The SPI module's own test class path registers no provider.
        assertThat(D1Export.providers()).isEmpty();
        assertThatThrownBy(() -> D1Export.open("d1:alpha:x")).isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("Providers found: none");
        assertThatThrownBy(() -> D1Export.open("nope")).isInstanceOf(InvalidExportUrlException.class);
    }
}
