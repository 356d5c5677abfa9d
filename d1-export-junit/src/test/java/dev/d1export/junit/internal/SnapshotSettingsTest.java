package dev.d1export.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.junit.D1Snapshot;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Where the extension's settings come from: JUnit configuration parameters first, then the documented environment
 * variables ({@code D1_SNAPSHOT_URL}, {@code D1_SNAPSHOT_PROPERTY_<OPTION>}). The process environment cannot be set
 * from a test, so it is given here as a map, the way {@link SnapshotSettings#of} gives it {@code System::getenv}.
 */
class SnapshotSettingsTest {

    private static SnapshotSettings settings(Map<String, String> parameters, Map<String, String> environment) {
        return new SnapshotSettings(name -> Optional.ofNullable(parameters.get(name)), environment::get);
    }

    @Test
    void theDefaultUrlComesFromTheEnvironmentWhenNoParameterSetsIt() {
        assertThat(settings(Map.of(), Map.of("D1_SNAPSHOT_URL", " d1:fixture:classpath:a.sql ")).defaultUrl())
                .contains("d1:fixture:classpath:a.sql");
    }

    @Test
    void aConfigurationParameterWinsOverTheEnvironment() {
        SnapshotSettings both = settings(Map.of(D1Snapshot.URL_PROPERTY_NAME, "d1:fixture:classpath:param.sql"),
                Map.of(D1Snapshot.URL_ENVIRONMENT_VARIABLE, "d1:fixture:classpath:env.sql"));

        assertThat(both.defaultUrl()).contains("d1:fixture:classpath:param.sql");
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(settings(Map.of(D1Snapshot.URL_PROPERTY_NAME, "  "),
                Map.of(D1Snapshot.URL_ENVIRONMENT_VARIABLE, "d1:fixture:classpath:env.sql")).defaultUrl())
                .contains("d1:fixture:classpath:env.sql");
        assertThat(settings(Map.of(), Map.of(D1Snapshot.URL_ENVIRONMENT_VARIABLE, " ")).defaultUrl()).isEmpty();
        assertThat(settings(Map.of(), Map.of()).defaultUrl()).isEmpty();

        SnapshotSettings blank = settings(Map.of(D1Snapshot.DIR_PROPERTY_NAME, " ", D1Snapshot.CLEANUP_PROPERTY_NAME,
                "  ", D1Snapshot.PROPERTY_CHECK_PROPERTY_NAME, " ", D1Snapshot.UNMATCHED_TABLES_PROPERTY_NAME, "\t"),
                Map.of());
        assertThat(blank.directory()).as("not the working directory").isEmpty();
        assertThat(blank.cleanup()).isEqualTo(CleanupMode.ALWAYS);
        assertThat(blank.propertyCheck()).isTrue();
        assertThat(blank.unmatchedTables()).isEqualTo(UnmatchedTablesMode.FAIL);
    }

    @Test
    void providerOptionsComeFromParametersThenFromUpperCasedEnvironmentNames() {
        SnapshotSettings settings = settings(Map.of(D1Snapshot.PROPERTY_PREFIX + "account-id", "from-parameter"),
                Map.of("D1_SNAPSHOT_PROPERTY_API_TOKEN", "from-env", "D1_SNAPSHOT_PROPERTY_ACCOUNT_ID", "env-account",
                        "D1_SNAPSHOT_PROPERTY_SOME_DOTTED_NAME", "dotted"));

        assertThat(settings.property("api-token")).contains("from-env");
        assertThat(settings.property("account-id")).as("the parameter wins").contains("from-parameter");
        assertThat(settings.property("some.dotted-name")).contains("dotted");
        assertThat(settings.property("email")).isEmpty();
        assertThat(SnapshotSettings.environmentName("api-token")).isEqualTo("D1_SNAPSHOT_PROPERTY_API_TOKEN");
        assertThat(settings.propertySource("account-id"))
                .isEqualTo("configuration parameter 'd1.snapshot.property.account-id'");
        assertThat(settings.propertySource("api-token"))
                .isEqualTo("environment variable 'D1_SNAPSHOT_PROPERTY_API_TOKEN'");
    }

    @Test
    void cleanupAndMissingCredentialsDefaultsAndBadValues() {
        SnapshotSettings none = settings(Map.of(), Map.of());
        assertThat(none.cleanup()).isEqualTo(CleanupMode.ALWAYS);
        assertThat(none.missingCredentials()).isEqualTo(MissingCredentialsMode.SKIP);
        assertThat(none.directory()).isEmpty();

        SnapshotSettings bad = settings(Map.of(D1Snapshot.CLEANUP_PROPERTY_NAME, "sometimes"), Map.of());
        assertThatThrownBy(bad::cleanup).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("sometimes").hasMessageContaining(D1Snapshot.CLEANUP_PROPERTY_NAME);
    }
}
