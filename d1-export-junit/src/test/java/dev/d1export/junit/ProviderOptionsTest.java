package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.ContractDatabase;
import dev.d1export.testkit.FixtureJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider options from the configuration reach only the providers that declare them, so one run can mix providers:
 * a {@code d1.snapshot.property.api-token} meant for one provider does not break the snapshots of another that has no
 * such option. Set as real system properties, the way {@code -D} on a build's command line sets them.
 */
class ProviderOptionsTest {

    private static final String JOURNAL = "provider-options";
    private static final String TOKEN = "mixed-run-token";
    private static final String API_TOKEN = D1Snapshot.PROPERTY_PREFIX + "api-token";
    private static final String COLUMN_LIST = D1Snapshot.PROPERTY_PREFIX + "column-list";

    /** What the tests of the inner classes saw, by provider. */
    static final Map<String, D1SnapshotFile> SEEN = new ConcurrentHashMap<>();

    /** The sqlite dump, read while the run still has it. */
    static final Map<String, String> DUMPS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void clear() {
        FixtureJournal.named(JOURNAL).clear();
        SEEN.clear();
        DUMPS.clear();
    }

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty(API_TOKEN);
        System.clearProperty(COLUMN_LIST);
        System.clearProperty(MISSPELT_TOKEN);
        System.clearProperty(MISSPELT_LOSSLESS);
        System.clearProperty(OTHER_PROVIDERS_OPTION);
        System.clearProperty(LOSSLESS);
    }

    private static final String MISSPELT_TOKEN = D1Snapshot.PROPERTY_PREFIX + "api_token";
    private static final String MISSPELT_LOSSLESS = D1Snapshot.PROPERTY_PREFIX + "losless";
    private static final String OTHER_PROVIDERS_OPTION = D1Snapshot.PROPERTY_PREFIX + "warehouse-region";
    private static final String LOSSLESS = D1Snapshot.PROPERTY_PREFIX + "lossless";

    @Test
    void aKeyThatIsASlipOfAnOptionIsAnErrorNamingTheOptionNotASilentSkip() {
        // Ignored, this token would leave the provider without credentials: with the default 'skip', a green build.
        System.setProperty(MISSPELT_TOKEN, TOKEN);

        EngineRun run = EngineRun.in(dir.resolve("snapshots")).withSystemProperties();
        Throwable failure = EngineRun.onlyFailure(run.run(FixtureNeedsToken.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter 'd1.snapshot.property.api_token' is not an option of any"
                        + " provider found, so it would be ignored; did you mean 'd1.snapshot.property.api-token'?")
                .message().doesNotContain(TOKEN);
        assertThat(FixtureJournal.named(JOURNAL).requests()).isEmpty();
    }

    @Test
    void aMisspeltOptionOfAnotherKindIsCaughtToo() {
        ContractDatabase database = ContractDatabase.create(dir);
        System.setProperty(MISSPELT_LOSSLESS, "true");

        EngineRun run = EngineRun.in(dir.resolve("snapshots"))
                .with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:" + database.file()).withSystemProperties();

        assertThat(EngineRun.onlyFailure(run.run(SqliteSnapshot.class))).hasMessageContaining(
                "'d1.snapshot.property.losless' is not an option of any provider found")
                .hasMessageContaining("did you mean 'd1.snapshot.property.lossless'?");
    }

    /**
     * A launcher's own configuration parameters (Maven Surefire's {@code <configurationParameters>}, a build tool's
     * or EngineTestKit's) are neither system properties nor {@code junit-platform.properties} keys, and JUnit lists
     * no parameters to an extension: the slips of the options found are asked for by name.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "api_token, api-token",
        "API_TOKEN, api-token",
        "apitoken, api-token",
        "api.token, api-token",
        "Api-Token, api-token",
        "API.TOKEN, api-token"
    })
    void aSlipGivenAsALaunchersOwnConfigurationParameterIsCaughtToo(String slip, String option) {
        EngineRun run = EngineRun.in(dir.resolve("snapshots")).with(D1Snapshot.PROPERTY_PREFIX + slip, TOKEN);

        Throwable failure = EngineRun.onlyFailure(run.run(FixtureNeedsToken.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter 'd1.snapshot.property." + slip + "' is not an option of any"
                        + " provider found, so it would be ignored; did you mean 'd1.snapshot.property." + option
                        + "'?")
                .message().doesNotContain(TOKEN);
        assertThat(FixtureJournal.named(JOURNAL).requests()).isEmpty();
    }

    @Test
    void aLaunchersOwnParameterThatIsAnOptionOrResemblesNoneIsLeftAlone() {
        ContractDatabase database = ContractDatabase.create(dir);

        EngineRun run = EngineRun.in(dir.resolve("snapshots"))
                .with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:" + database.file())
                .with(OTHER_PROVIDERS_OPTION, "eu").with(LOSSLESS, "true");

        EngineRun.assertAllSucceeded(run.run(SqliteSnapshot.class), 1);
    }

    @Test
    void theCheckCanBeTurnedOffForAKeyThatIsMeant() {
        ContractDatabase database = ContractDatabase.create(dir);
        System.setProperty(MISSPELT_LOSSLESS, "true");

        EngineRun run = EngineRun.in(dir.resolve("snapshots"))
                .with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:" + database.file())
                .with(D1Snapshot.PROPERTY_CHECK_PROPERTY_NAME, "off").withSystemProperties();

        EngineRun.assertAllSucceeded(run.run(SqliteSnapshot.class), 1);
    }

    @Test
    void anOptionOfAProviderThisClassPathLacksIsLeftAlone() {
        // A configuration shared by several modules may set options of a provider that this one does not have.
        ContractDatabase database = ContractDatabase.create(dir);
        System.setProperty(OTHER_PROVIDERS_OPTION, "eu");

        EngineRun run = EngineRun.in(dir.resolve("snapshots"))
                .with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:" + database.file()).withSystemProperties();

        EngineRun.assertAllSucceeded(run.run(SqliteSnapshot.class), 1);
    }

    @Test
    void aBadValueIsNamedByTheParameterThatSetIt() {
        ContractDatabase database = ContractDatabase.create(dir);
        System.setProperty(LOSSLESS, "banana");

        EngineRun run = EngineRun.in(dir.resolve("snapshots"))
                .with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:" + database.file()).withSystemProperties();

        assertThat(EngineRun.onlyFailure(run.run(SqliteSnapshot.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("configuration parameter 'd1.snapshot.property.lossless': ")
                .hasMessageContaining("'banana'");
    }

    @Test
    void systemPropertiesReachOnlyTheProvidersThatDeclareThem() {
        ContractDatabase database = ContractDatabase.create(dir);
        // api-token: the fixture provider declares it, sqlite does not; column-list: the other way round.
        System.setProperty(API_TOKEN, TOKEN);
        System.setProperty(COLUMN_LIST, "false");

        EngineRun run = EngineRun.in(dir.resolve("snapshots"))
                .with(D1Snapshot.URL_PROPERTY_NAME, "d1:sqlite:" + database.file()).withSystemProperties();
        EngineRun.assertAllSucceeded(run.run(FixtureNeedsToken.class, SqliteSnapshot.class), 2);

        assertThat(FixtureJournal.named(JOURNAL).requests()).singleElement().satisfies(request -> {
            assertThat(request.options().get("api-token")).contains(TOKEN);
            assertThat(request.options().keys()).doesNotContain("column-list");
        });
        assertThat(SEEN.get("fixture").provider()).isEqualTo("fixture");
        assertThat(SEEN.get("sqlite").provider()).isEqualTo("sqlite");
        assertThat(SEEN.get("sqlite").url()).contains("column-list=false").doesNotContain("api-token");
        assertThat(DUMPS.get("sqlite").strip())
                .as("the sqlite provider got column-list=false").isEqualTo(database.dump(List.of("users"), false,
                        false, false));
    }

    @D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL + "&auth=required", tables = "orders")
    static class FixtureNeedsToken {
        @Test
        void exported(D1SnapshotFile snapshot) {
            SEEN.put("fixture", snapshot);
        }
    }

    @D1Snapshot(tables = "users")
    static class SqliteSnapshot {
        @Test
        void exported(D1SnapshotFile snapshot) throws IOException {
            SEEN.put("sqlite", snapshot);
            DUMPS.put("sqlite", Files.readString(snapshot.path()));
        }
    }
}
