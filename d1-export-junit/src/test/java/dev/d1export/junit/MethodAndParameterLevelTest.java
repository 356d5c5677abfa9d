package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Method-level snapshots are exported before that test; parameter-level ones declare their own. */
class MethodAndParameterLevelTest {

    private static final String JOURNAL = "method-level";

    @TempDir
    Path dir;

    @BeforeEach
    void clearJournal() {
        FixtureJournal.named(JOURNAL).clear();
    }

    /** A run on the default fixture URL whose journal starts empty, so it shows this run's exports only. */
    private EngineRun runWithEmptyJournal() {
        EngineRun run = EngineRun.in(dir);
        FixtureJournal.named(run.journal()).clear();
        return run;
    }

    @Test
    void exportsEachDistinctSnapshotOnceWhenATestNeedsIt() {
        EngineRun.in(dir).run(MethodLevel.class).testEvents()
                .assertStatistics(stats -> stats.started(5).succeeded(5));

        List<List<String>> exported = FixtureJournal.named(JOURNAL).requests().stream()
                .map(RecordedRequest::tables).toList();
        // orders (method 1, reused by method 4's parameter), customers (method 2's parameter), all (method 3).
        assertThat(exported).containsExactly(List.of("orders"), List.of("customers"), List.of());
    }

    @Test
    void constructorParametersDeclareTheirOwnAndAreSkippedWithoutCredentials() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(ConstructorParameter.class), 1);

        var skipped = EngineRun.in(dir).run(ConstructorParameterWithoutCredentials.class);
        skipped.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        assertThat(EngineRun.failures(skipped)).isEmpty();
    }

    @Test
    void aBareAnnotationOnTheMethodDeclaresEveryTableOfTheDefaultUrlForABareParameterToSelect() {
        EngineRun run = runWithEmptyJournal();

        EngineRun.assertAllSucceeded(run.run(BareMethodAndParameter.class), 1);

        // One export, of every table (no table filter).
        assertThat(FixtureJournal.named(run.journal()).requests()).extracting(RecordedRequest::tables)
                .containsExactly(List.of());
    }

    @Test
    void aBareParameterWithNothingDeclaredOnlySelectsAndSaysHowToDeclare() {
        EngineRun run = runWithEmptyJournal();

        Throwable failure = EngineRun.onlyFailure(run.run(BareParameterOnly.class));

        assertThat(failure).hasMessageContaining("No @D1Snapshot is declared on the test method, its class or an"
                + " enclosing class");
        assertThat(FixtureJournal.named(run.journal()).requests()).isEmpty();
    }

    @Test
    void aFieldsOwnDeclarationIsNotSelectedByItsNameFromAParameter() {
        Throwable failure = EngineRun.onlyFailure(EngineRun.in(dir).run(FieldNameSelectedByParameter.class));

        assertThat(failure).hasMessageContaining("No @D1Snapshot named 'fld' is declared on the test method, its"
                + " class or an enclosing class");
    }

    @Test
    void aBareFieldDoesNotSelectTheTestMethodsDeclaration() {
        EngineRun run = runWithEmptyJournal();

        // A field is filled when the instance is made, for every test of the class: a method's declaration is not
        // one it can select (the README says so), only its class's or an enclosing class's.
        Throwable failure = EngineRun.onlyFailure(run.run(BareFieldAndMethodDeclaration.class));

        assertThat(failure).hasMessageContaining("No @D1Snapshot is declared on the class or an enclosing class for"
                + " field " + BareFieldAndMethodDeclaration.class.getName() + ".sql");
    }

    static class BareFieldAndMethodDeclaration {
        @D1Snapshot
        Path sql;

        @D1Snapshot(tables = "orders")
        @Test
        void test() {
        }
    }

    /** The README's way to get every table of the default URL where the class declares nothing. */
    static class BareMethodAndParameter {
        @D1Snapshot
        @Test
        void test(@D1Snapshot Path sql) throws Exception {
            assertThat(Files.readString(sql)).contains("CREATE TABLE").contains("orders").contains("customers");
        }
    }

    static class BareParameterOnly {
        @Test
        void test(@D1Snapshot Path sql) {
        }
    }

    static class FieldNameSelectedByParameter {
        @D1Snapshot(name = "fld", tables = "customers")
        Path field;

        @Test
        void test(@D1Snapshot(name = "fld") Path sql) {
        }
    }

    @Test
    void aBeforeEachParameterTakesTheTestMethodsSnapshot() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(MethodSnapshotTakenInBeforeEach.class), 1);
    }

    /** The test method declares the snapshot; its @BeforeEach takes it, as a parameter that names none. */
    static class MethodSnapshotTakenInBeforeEach {
        D1SnapshotFile seen;

        @BeforeEach
        void setUp(D1SnapshotFile snapshot) {
            seen = snapshot;
        }

        @Test
        @D1Snapshot(tables = "orders")
        void test() {
            assertThat(seen.tables()).containsExactly("orders");
        }
    }

    static class ConstructorParameter {
        private final Path sql;

        ConstructorParameter(@D1Snapshot(tables = "orders") Path sql) {
            this.sql = sql;
        }

        @Test
        void injected() {
            assertThat(sql).exists();
        }
    }

    static class ConstructorParameterWithoutCredentials {
        ConstructorParameterWithoutCredentials(@D1Snapshot(url = EngineRun.SHOP + "?auth=required") Path sql) {
        }

        @Test
        void skipped() {
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class MethodLevel {

        @Test
        @Order(0)
        void nothingDeclaredNothingExported() {
            assertThat(FixtureJournal.named(JOURNAL).count()).isZero();
        }

        @Test
        @Order(1)
        @D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL, tables = "orders")
        void methodLevel(@D1Snapshot Path sql) {
            assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(1);
            assertThat(sql).exists();
        }

        @Test
        @Order(2)
        void parameterLevel(@D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL, tables = "customers")
                D1SnapshotFile snapshot) throws Exception {
            assertThat(snapshot.tables()).containsExactly("customers");
            assertThat(Files.readString(snapshot.path())).isEqualTo(EngineRun.shopSql());
        }

        @Test
        @Order(3)
        @D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL)
        void methodLevelWithoutParameters() {
            assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(3);
        }

        @Test
        @Order(4)
        void sameSnapshotAgainIsShared(@D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL,
                tables = "orders") Path sql) {
            assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(3);
            assertThat(sql).exists();
        }
    }
}
