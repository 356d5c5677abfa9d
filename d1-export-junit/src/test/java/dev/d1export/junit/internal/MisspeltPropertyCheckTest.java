package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** Which configured keys count as a slip of an option, through system properties and the environment alike. */
class MisspeltPropertyCheckTest {

    private static final Set<String> KNOWN = Set.of("api-token", "api-key", "email", "base-url", "lossless",
            "column-list", "timeout");

    @Test
    void slipsOfSeparatorsCaseOrOneLetterResembleTheOption() {
        assertThat(MisspeltPropertyCheck.resembled("api_token", KNOWN)).contains("api-token");
        assertThat(MisspeltPropertyCheck.resembled("API-TOKEN", KNOWN)).contains("api-token");
        assertThat(MisspeltPropertyCheck.resembled("apitoken", KNOWN)).contains("api-token");
        assertThat(MisspeltPropertyCheck.resembled("losless", KNOWN)).contains("lossless");
        assertThat(MisspeltPropertyCheck.resembled("column_lst", KNOWN)).contains("column-list");
        assertThat(MisspeltPropertyCheck.resembled("E_MAIL", KNOWN)).as("short names: separators and case only")
                .contains("email");
    }

    @Test
    void theClosestOptionIsNamedWhenSeveralAreNear() {
        assertThat(MisspeltPropertyCheck.resembled("api-keys", Set.of("api-key", "api-keyz"))).contains("api-key");
        assertThat(MisspeltPropertyCheck.resembled("api_key", Set.of("api-keys", "api-key"))).contains("api-key");
    }

    @Test
    void namesOfOtherProvidersOptionsAreLeftAlone() {
        // Plausible options of a provider this class path does not have: a false alarm would fail the whole run.
        assertThat(MisspeltPropertyCheck.resembled("mail", KNOWN)).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("emai", KNOWN)).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("account", Set.of("account-id"))).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("db-timeout", KNOWN)).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("colum-lst", KNOWN)).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("warehouse-region", KNOWN)).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("journal", KNOWN)).isEmpty();
        assertThat(MisspeltPropertyCheck.resembled("x", KNOWN)).isEmpty();
    }

    @Test
    void knownKeysAndKeysOfOtherPrefixesPass() {
        assertThatNoException().isThrownBy(() -> MisspeltPropertyCheck.check(KNOWN,
                List.of("d1.snapshot.property.api-token", "d1.snapshot.url", "user.dir", "api_token",
                        "d1.snapshot.property.warehouse-region"),
                List.of("D1_SNAPSHOT_PROPERTY_API_TOKEN", "D1_SNAPSHOT_PROPERTY_BASE_URL", "PATH", "API_TOKN"),
                name -> null));
    }

    @Test
    void anEnvironmentVariableInAnotherCaseIsTheOptionItselfWhereLookUpsIgnoreCase() {
        // Windows finds environment variables whatever their case, so this one sets api-token there.
        Map<String, String> windows = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        windows.put("D1_SNAPSHOT_PROPERTY_Api_Token", "x");

        assertThatNoException().isThrownBy(() -> MisspeltPropertyCheck.check(KNOWN, List.of(),
                List.of("D1_SNAPSHOT_PROPERTY_Api_Token"), windows::get));
    }

    /** Linux and macOS find a variable only by its exact name: one in another case would be ignored there. */
    @Test
    void anEnvironmentVariableInAnotherCaseIsASlipWhereLookUpsTellCases() {
        Map<String, String> linux = Map.of("D1_SNAPSHOT_PROPERTY_Api_Token", "x");

        assertThatThrownBy(() -> MisspeltPropertyCheck.check(KNOWN, List.of(), linux.keySet(), linux::get))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Environment variable 'D1_SNAPSHOT_PROPERTY_Api_Token' is not an option of any provider"
                        + " found, so it would be ignored; did you mean 'D1_SNAPSHOT_PROPERTY_API_TOKEN'?");
    }

    /** Beside the variable read, one in another case is a second one, ignored: still a slip. */
    @Test
    void anEnvironmentVariableInAnotherCaseBesideTheOptionIsASlip() {
        Map<String, String> linux = Map.of("D1_SNAPSHOT_PROPERTY_API_TOKEN", "x", "D1_SNAPSHOT_PROPERTY_api_token",
                "y");

        assertThatThrownBy(() -> MisspeltPropertyCheck.check(KNOWN, List.of(), linux.keySet(), linux::get))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("'D1_SNAPSHOT_PROPERTY_api_token'");
    }

    @Test
    void aMisspeltEnvironmentVariableNamesTheRightOne() {
        assertThatThrownBy(() -> MisspeltPropertyCheck.check(KNOWN, List.of(),
                List.of("D1_SNAPSHOT_PROPERTY_API_TOKN"), name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Environment variable 'D1_SNAPSHOT_PROPERTY_API_TOKN' is not an option of any provider"
                        + " found, so it would be ignored; did you mean 'D1_SNAPSHOT_PROPERTY_API_TOKEN'?");
    }

    /**
     * The environment check is given the names of this JVM's own environment, the one a build tool passes on: with
     * none, a misspelt {@code D1_SNAPSHOT_PROPERTY_} variable would be ignored without a word.
     */
    @Test
    void theEnvironmentsNamesAreThoseOfThisJvmsEnvironment() {
        Set<String> environment = System.getenv().keySet();
        assumeFalse(environment.isEmpty(), "this JVM has no environment variables");

        assertThat(MisspeltPropertyCheck.environmentNames()).containsExactlyInAnyOrderElementsOf(environment);
    }

    /**
     * A launcher's parameter is asked for by each usual slip's name, the run-together form with a capital among them
     * ({@code Apitoken}), and named as the option it is a slip of.
     */
    @Test
    void aLaunchersParameterWithTheSeparatorsLeftOutAndACapitalIsFound() {
        Map<String, String> parameters = Map.of("d1.snapshot.property.Apitoken", "x");

        assertThatThrownBy(() -> MisspeltPropertyCheck.checkParameters(KNOWN,
                key -> Optional.ofNullable(parameters.get(key))))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter 'd1.snapshot.property.Apitoken' is not an option of any provider"
                        + " found, so it would be ignored; did you mean 'd1.snapshot.property.api-token'?");
        assertThat(MisspeltPropertyCheck.slips("api-token")).contains("api-token", "API_TOKEN", "Api.Token", "Apitoken",
                "APITOKEN", "apitoken");
    }

    /** The keys of the {@code junit-platform.properties} that the thread's class loader (JUnit's) finds are read. */
    @Test
    void theKeysOfTheJunitPlatformPropertiesOnTheClassPathAreRead(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("junit-platform.properties"), "d1.snapshot.property.api_tokn=x\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);

            assertThat(MisspeltPropertyCheck.configuredKeys()).contains("d1.snapshot.property.api_tokn");
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(MisspeltPropertyCheck.configuredKeys()).doesNotContain("d1.snapshot.property.api_tokn");
    }
}
