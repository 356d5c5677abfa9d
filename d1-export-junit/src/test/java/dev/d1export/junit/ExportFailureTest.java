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
