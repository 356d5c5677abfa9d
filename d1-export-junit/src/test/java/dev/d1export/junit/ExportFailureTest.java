package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.ExportFailedException;
import dev.d1export.testkit.FixtureJournal;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** An export that fails fails every test that needs it, with the provider's error as the cause; nothing silently. */
class ExportFailureTest {

    private static final String JOURNAL = "failure";
    private static final String FAILING = EngineRun.SHOP + "?journal=" + JOURNAL + "&fail=export-failed";

    @TempDir
    Path dir;

    @BeforeEach
    void clearJournal() {
        FixtureJournal.named(JOURNAL).clear();
    }

    private static final String SLOW = EngineRun.SHOP + "?journal=" + JOURNAL + "&delay=50ms";

    /** Interrupts the first test's thread just before its snapshot is exported; clears any interrupt for others. */
    static class InterruptFirst implements org.junit.jupiter.api.extension.BeforeEachCallback {
        @Override
        public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            Thread.interrupted();
            if (context.getRequiredTestMethod().getName().equals("first")) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @org.junit.jupiter.api.extension.ExtendWith(InterruptFirst.class)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class InterruptedWhileExporting {
        @Test
        void first(@D1Snapshot(url = SLOW, tables = "orders") Path sql) {
        }

        @Test
        void second(@D1Snapshot(url = SLOW, tables = "orders") Path sql) {
            assertThat(sql).exists();
        }
    }

    @Test
    void anExportCutShortByItsTestsInterruptIsNotKeptAndTheNextTestExportsAgain() {
        EngineExecutionResults results = EngineRun.in(dir).run(InterruptedWhileExporting.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
        assertThat(EngineRun.onlyFailure(results)).isInstanceOf(D1SnapshotException.class)
                .hasMessageContaining("was not exported").hasMessageContaining("interrupted");
        assertThat(FixtureJournal.named(JOURNAL).count()).as("the second test asked again").isEqualTo(2);
    }

    @Test
    void classLevelFailureFailsTheClassWithTheCause() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(ClassLevel.class));

        assertThat(failure).isInstanceOf(D1SnapshotException.class)
                .hasMessageContaining("tables=[orders]").hasMessageContaining("D1 Export error")
                .hasCauseInstanceOf(ExportFailedException.class);
    }

    @Test
    void everyTestThatNeedsAFailedSnapshotFailsAndTheExportIsTriedOnce() {
        EngineExecutionResults results = EngineRun.in(dir).run(MethodLevel.class);

        results.testEvents().assertStatistics(stats -> stats.started(4).failed(3).succeeded(1));
        assertThat(EngineRun.failures(results)).hasSize(3).allSatisfy(failure -> assertThat(failure)
                .satisfiesAnyOf(
                        f -> assertThat(f).isInstanceOf(D1SnapshotException.class)
                                .hasCauseInstanceOf(ExportFailedException.class),
                        f -> assertThat(f.getCause()).isInstanceOf(D1SnapshotException.class)
                                .hasCauseInstanceOf(ExportFailedException.class)));
        assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(1);
    }

    @Test
    void aProviderThatCannotLinkFailsEveryTestThatNeedsItButIsTriedOnce() {
        int before = UnlinkableProvider.EXPORTS.get();

        EngineExecutionResults results = EngineRun.in(dir).run(NeedsAnUnlinkableProvider.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        assertThat(EngineRun.failures(results)).hasSize(3).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(D1SnapshotException.class)
                .hasMessageContaining("could not be exported: java.lang.NoClassDefFoundError: org/example/MissingDriver")
                .hasCauseInstanceOf(NoClassDefFoundError.class));
        assertThat(UnlinkableProvider.EXPORTS.get() - before).as("the export was tried once").isEqualTo(1);
    }

    static class NeedsAnUnlinkableProvider {
        @Test
        void first(@D1Snapshot(url = "d1:unlinkable:x") Path sql) {
        }

        @Test
        void second(@D1Snapshot(url = "d1:unlinkable:x") Path sql) {
        }

        @Test
        void third(@D1Snapshot(url = "d1:unlinkable:x") Path sql) {
        }
    }

    @D1Snapshot(url = FAILING, tables = "orders")
    static class ClassLevel {
        @Test
        void needsIt(D1SnapshotFile snapshot) {
        }
    }

    static class MethodLevel {
        @Test
        @D1Snapshot(url = FAILING, tables = "orders")
        void methodLevel() {
        }

        @Test
        @D1Snapshot(url = FAILING, tables = "orders")
        void methodLevelAgain(@D1Snapshot Path sql) {
        }

        @Test
        void parameterLevel(@D1Snapshot(url = FAILING, tables = "orders") Path sql) {
        }

        @Test
        void needsNothing() {
        }
    }
}
