package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.MissingCredentialsException;
import dev.d1export.testkit.FixtureJournal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.TestAbortedException;

/** A provider without credentials skips the tests that need it, saying what to set; or fails them if configured. */
class MissingCredentialsTest {

    private static final String JOURNAL = "credentials";
    private static final String NEEDS_TOKEN = EngineRun.SHOP + "?journal=" + JOURNAL + "&auth=required";
    private static final String TOKEN = "s3cr3t-token-value";

    @TempDir
    Path dir;

    @BeforeEach
    void clearJournal() {
        FixtureJournal.named(JOURNAL).clear();
    }

    @Test
    void classLevelSnapshotWithoutCredentialsSkipsTheClassWithAReasonThatSaysWhatToSet() {
        EngineExecutionResults results = EngineRun.in(dir).run(ClassNeedsToken.class);

        assertThat(EngineRun.failures(results)).isEmpty();
        // Each test is skipped, not the class: build tools count skipped tests, and drop an aborted class.
        results.containerEvents().assertStatistics(stats -> stats.aborted(0));
        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        assertThat(EngineRun.aborts(results)).singleElement().satisfies(reason -> {
            assertThat(reason).isInstanceOf(TestAbortedException.class)
                    .hasCauseInstanceOf(MissingCredentialsException.class);
            assertThat(reason.getMessage()).contains("api-token", "d1.snapshot.property.api-token",
                    "D1_SNAPSHOT_PROPERTY_API_TOKEN", "d1.snapshot.missing-credentials=fail",
                    // A plain companion of a secret (cloudflare's email beside api-key) has its names too.
                    "and the options they need, each as configuration parameter d1.snapshot.property.<option> or"
                            + " environment variable D1_SNAPSHOT_PROPERTY_<OPTION>");
        });
        assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(1);
    }

    @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
    static class ConstructorNeedsToken {
        ConstructorNeedsToken(D1SnapshotFile snapshot) {
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassConstructorNeedsToken extends ConstructorNeedsToken {
        PerClassConstructorNeedsToken(D1SnapshotFile snapshot) {
            super(snapshot);
        }
    }

    @Test
    void aConstructorThatTakesTheClassLevelSnapshotIsSkippedNotFailed() {
        EngineExecutionResults perMethod = EngineRun.in(dir).run(ConstructorNeedsToken.class);
        EngineExecutionResults perClass = EngineRun.in(dir).run(PerClassConstructorNeedsToken.class);

        assertThat(EngineRun.failures(perMethod)).isEmpty();
        perMethod.testEvents().assertStatistics(stats -> stats.started(2).aborted(2));
        assertThat(EngineRun.failures(perClass)).isEmpty();
        assertThat(EngineRun.aborts(perClass)).singleElement().satisfies(reason -> assertThat(reason)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("d1.snapshot.property.api-token"));
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
    static class PerClassInstanceTakesNothing {
        static boolean beforeAllRan;

        @BeforeAll
        void setUp() {
            beforeAllRan = true;
        }

        @Test
        void one(D1SnapshotFile snapshot) {
        }

        @Test
        void two() {
        }
    }

    @Test
    void aPerClassInstanceThatTakesNoSnapshotSkipsEachTestNotTheClass() {
        PerClassInstanceTakesNothing.beforeAllRan = false;
        EngineExecutionResults results = EngineRun.in(dir).run(PerClassInstanceTakesNothing.class);

        assertThat(EngineRun.failures(results)).isEmpty();
        // As for PER_METHOD: only an instance that needs the class-level snapshot skips the whole class.
        results.containerEvents().assertStatistics(stats -> stats.aborted(0));
        results.testEvents().assertStatistics(stats -> stats.started(2).aborted(2));
        assertThat(PerClassInstanceTakesNothing.beforeAllRan).as("@BeforeAll ran").isTrue();
    }

    @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
    static class UnannotatedStaticHolder {
        static D1SnapshotFile holder;

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @Test
    void anUnannotatedStaticHolderFieldDoesNotSkipTheWholeClass() {
        EngineExecutionResults results = EngineRun.in(dir).run(UnannotatedStaticHolder.class);

        assertThat(EngineRun.failures(results)).isEmpty();
        // The field asks for nothing: each test is skipped, as without it, and build tools count them.
        results.containerEvents().assertStatistics(stats -> stats.aborted(0));
        results.testEvents().assertStatistics(stats -> stats.started(2).aborted(2));
    }

    @Test
    void methodAndParameterLevelSnapshotsSkipEachTestThatNeedsThemAndRunTheOthers() {
        EngineExecutionResults results = EngineRun.in(dir).run(MethodsNeedToken.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).aborted(2).succeeded(1));
        assertThat(EngineRun.aborts(results)).hasSize(2).allSatisfy(reason -> assertThat(reason)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("d1.snapshot.property.api-token"));
        assertThat(FixtureJournal.named(JOURNAL).count()).as("one attempt for the one snapshot").isEqualTo(1);
    }

    @Test
    void failsInsteadWhenConfigured() {
        EngineExecutionResults results = EngineRun.in(dir)
                .with(D1Snapshot.MISSING_CREDENTIALS_PROPERTY_NAME, "fail").run(MethodsNeedToken.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).failed(2).succeeded(1));
        List<Throwable> failures = EngineRun.failures(results);
        assertThat(failures).hasSize(2).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(D1SnapshotException.class).hasCauseInstanceOf(MissingCredentialsException.class)
                .hasMessageContaining("d1.snapshot.property.api-token"));
    }

    @Test
    void credentialsFromConfigurationReachTheProviderAndAreNeverShown() {
        EngineRun run = EngineRun.in(dir).with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN);

        EngineRun.assertAllSucceeded(run.run(ClassNeedsToken.class), 1);

        assertThat(FixtureJournal.named(JOURNAL).requests()).singleElement().satisfies(request -> {
            assertThat(request.options().get("api-token")).contains(TOKEN);
            assertThat(request.options().toString()).doesNotContain(TOKEN);
        });
    }

    @Test
    void lifecycleMethodParametersWithoutCredentialsSkipInsteadOfFailing() {
        EngineExecutionResults results = EngineRun.in(dir).run(BeforeEachNeedsToken.class,
                AfterEachNeedsToken.class, BeforeAllNeedsToken.class, EnclosingBeforeEachNeedsToken.class);

        assertThat(EngineRun.failures(results)).as("no ParameterResolutionException").isEmpty();
        // The tests of BeforeEachNeedsToken (2), AfterEachNeedsToken (1) and the @Nested one (1) skipped;
        // BeforeAllNeedsToken skipped as a whole.
        results.testEvents().assertStatistics(stats -> stats.started(4).aborted(4).succeeded(0));
        results.containerEvents().assertStatistics(stats -> stats.aborted(1));
        assertThat(EngineRun.aborts(results)).hasSize(5).allSatisfy(reason -> assertThat(reason)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("d1.snapshot.property.api-token"));
        assertThat(FixtureJournal.named(JOURNAL).count()).as("one attempt for the one snapshot").isEqualTo(1);
    }

    @Test
    void lifecycleMethodParametersTakingTheClassLevelSnapshotWithoutCredentialsSkipTheClass() {
        // The parameter names no snapshot of its own: JUnit resolves it from the class's, and a skip thrown from a
        // resolver would reach JUnit as a ParameterResolutionException, a failure.
        EngineExecutionResults results = EngineRun.in(dir).run(BeforeAllTakesTheClassSnapshot.class,
                AfterAllTakesTheClassSnapshot.class);

        assertThat(EngineRun.failures(results)).as("no ParameterResolutionException").isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(0).succeeded(0));
        results.containerEvents().assertStatistics(stats -> stats.aborted(2));
        assertThat(EngineRun.aborts(results)).hasSize(2).allSatisfy(reason -> assertThat(reason)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("d1.snapshot.property.api-token"));
    }

    @Test
    void lifecycleMethodParametersWithoutCredentialsFailWithTheSnapshotErrorWhenConfigured() {
        EngineExecutionResults results = EngineRun.in(dir)
                .with(D1Snapshot.MISSING_CREDENTIALS_PROPERTY_NAME, "fail").run(BeforeAllNeedsToken.class);

        assertThat(EngineRun.onlyFailure(results)).isInstanceOf(D1SnapshotException.class)
                .hasCauseInstanceOf(MissingCredentialsException.class);
    }

    @Test
    void lifecycleMethodParametersGetTheSnapshotWithCredentials() {
        EngineRun run = EngineRun.in(dir).with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN);

        EngineRun.assertAllSucceeded(run.run(BeforeEachNeedsToken.class, AfterEachNeedsToken.class,
                BeforeAllNeedsToken.class, EnclosingBeforeEachNeedsToken.class), 5);

        assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(1);
    }

    @Test
    void anInvalidModeIsAConfigurationError() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir)
                .with(D1Snapshot.MISSING_CREDENTIALS_PROPERTY_NAME, "maybe").run(ClassNeedsToken.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("d1.snapshot.missing-credentials").hasMessageContaining("'maybe'");
    }

    @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
    static class ClassNeedsToken {
        @Test
        void needsIt(D1SnapshotFile snapshot) {
            assertThat(snapshot.url()).doesNotContain(TOKEN);
            assertThat(snapshot.toString()).doesNotContain(TOKEN);
        }
    }

    @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
    static class BeforeAllTakesTheClassSnapshot {
        @BeforeAll
        static void load(@D1Snapshot Path sql) {
        }

        @Test
        void test() {
        }
    }

    @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
    static class AfterAllTakesTheClassSnapshot {
        @Test
        void test() {
        }

        @AfterAll
        static void check(D1SnapshotFile snapshot) {
        }
    }

    static class BeforeEachNeedsToken {
        @BeforeEach
        void load(@D1Snapshot(url = NEEDS_TOKEN, tables = "orders") Path sql) {
            assertThat(sql).exists();
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    static class AfterEachNeedsToken {
        @Test
        void test() {
        }

        @AfterEach
        void check(@D1Snapshot(url = NEEDS_TOKEN, tables = "orders") D1SnapshotFile snapshot) {
            assertThat(snapshot.path()).exists();
        }
    }

    static class BeforeAllNeedsToken {
        @BeforeAll
        static void load(@D1Snapshot(url = NEEDS_TOKEN, tables = "orders") Path sql) {
            assertThat(sql).exists();
        }

        @Test
        void test() {
        }
    }

    static class EnclosingBeforeEachNeedsToken {
        @BeforeEach
        void load(@D1Snapshot(url = NEEDS_TOKEN, tables = "orders") Path sql) {
            assertThat(sql).exists();
        }

        @Nested
        class Inner {
            @Test
            void test() {
            }
        }
    }

    static class MethodsNeedToken {
        @Test
        @D1Snapshot(url = NEEDS_TOKEN, tables = "orders")
        void methodLevel() {
        }

        @Test
        void parameterLevel(@D1Snapshot(url = NEEDS_TOKEN, tables = "orders") Path sql) {
        }

        @Test
        void needsNothing() {
        }
    }
}
