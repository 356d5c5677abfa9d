package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A name a provider declared secret with {@link ExportOption#secret(String)} is treated as one everywhere, even when
 * it does not look like a secret: refused in URLs, masked by {@link ExportOptions#redact(String)} and in URL errors.
 * Each test declares its own name, as declarations are JVM-wide.
 */
class DeclaredSecretsTest {

    private static final String VALUE = "hunter2-do-not-print";

    @Test
    void aDeclaredSecretIsRefusedInAUrlWithoutShowingItsValue() {
        ExportOption.secret("passphrase");

        assertThatThrownBy(() -> ExportOptions.parse("d1:custom:db?passphrase=" + VALUE))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("option 'passphrase' holds a secret and must not appear in a URL")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void aDeclaredSecretIsMaskedByRedactAndInAnyUrlError() {
        ExportOption.secret("vault.phrase");

        assertThat(ExportOptions.redact("d1:custom:db?vault.phrase=" + VALUE + "&x=1"))
                .isEqualTo("d1:custom:db?vault.phrase=****&x=1");
        assertThatThrownBy(() -> ExportOptions.parse("d1:custom:db?x=%zz&vault.phrase=" + VALUE))
                .isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("Invalid d1 URL 'd1:custom:db?x=%zz&vault.phrase=****'")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void optionsAreEqualWhenTheySelectTheSameExportHoweverTheSecretWasAttached() {
        ExportOption<String> token = ExportOption.secret("api-token");
        ExportOptions parsed = ExportOptions.parse("d1:custom://acc/db", Map.of("api-token", "t0k"));
        ExportOptions typed = ExportOptions.builder().provider("custom").target("//acc/db").option(token, "t0k")
                .build();
        ExportOptions raw = ExportOptions.builder().provider("custom").target("//acc/db").secret("api-token", "t0k")
                .build();

        assertThat(parsed).isEqualTo(typed).hasSameHashCodeAs(typed).isEqualTo(raw).hasSameHashCodeAs(raw);
        assertThat(parsed.toString()).isEqualTo(typed.toString()).doesNotContain("t0k");
        assertThat(parsed).isNotEqualTo(typed.mutate().option(token, "other").build());
    }

    @Test
    void aValueSetAfterParsingIsNoLongerFromTheUrl() {
        // Parsed before the provider declared the name secret, so the URL was accepted then.
        ExportOptions early = ExportOptions.parse("d1:custom:db?early.pin=1234");
        ExportOption<String> pin = ExportOption.secret("early.pin");

        assertThatThrownBy(() -> early.get(pin)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("must not appear in a URL").hasMessageNotContaining("1234");
        assertThat(early.mutate().option(pin, "5678").build().get(pin)).contains("5678");
        assertThat(early.mutate().option("early.pin", "5678").build().get(pin)).contains("5678");
        assertThat(ExportOptions.parse("d1:custom:db", Map.of("early.pin", "9")).get(pin)).contains("9");
    }

    /** A provider whose secret option is declared in a class that loads only when its options are asked for. */
    static final class LateSecretProvider implements ExportProvider {
        static final class Options {
            static final ExportOption<String> LICENSE = ExportOption.secret("late.license");
        }

        static boolean created;

        @Override
        public String name() {
            return "latesecret";
        }

        @Override
        public boolean supports(ExportOptions options) {
            return name().equals(options.provider());
        }

        @Override
        public List<ExportOption<?>> supportedOptions() {
            return List.of(Options.LICENSE);
        }

        @Override
        public Exporter create(ExportOptions options) {
            created = true;
            throw new AssertionError("create() must not be reached with a secret in the URL");
        }
    }

    @Test
    void aSecretTheProviderDeclaresIsRefusedInTheUrlEvenWhenTheUrlWasParsedBeforeItsClassLoaded() {
        // Parsed while nothing has declared the name: taken as any option.
        ExportOptions parsed = ExportOptions.parse("d1:latesecret:db?late.license=" + VALUE);
        ProviderRegistry registry = ProviderRegistry.builder().discover(false).provider(new LateSecretProvider())
                .build();

        assertThatThrownBy(() -> registry.open(parsed)).isInstanceOf(InvalidExportUrlException.class)
                .hasMessageContaining("option 'late.license' holds a secret and must not appear in a URL")
                .hasMessageNotContaining(VALUE);
        assertThat(LateSecretProvider.created).isFalse();
        // As a property it is what the provider asked for.
        ExportOptions asProperty = ExportOptions.parse("d1:latesecret:db", Map.of("late.license", VALUE));
        assertThat(asProperty.get(LateSecretProvider.Options.LICENSE)).contains(VALUE);
        assertThat(asProperty.toString()).doesNotContain(VALUE);
    }

    @Test
    void declaringMoreNamesThanTheRegistryHoldsIsRefusedNotLeftUnmasked() throws Exception {
        // In a child JVM: filling the registry here would stop every later test from declaring a name.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SecretNamesCapMain.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("refused after 1024: Cannot declare option 'generated.s1024' secret: 1024 names"
                + " are declared already; declare secret options once, as constants, not per call")
                .contains("ExportOptions{d1:custom:db, generated.s0=****}")
                .doesNotContain("1234");
    }
}
