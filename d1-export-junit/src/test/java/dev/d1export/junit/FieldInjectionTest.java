package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Static and instance fields, of type Path or D1SnapshotFile, referring to a declared snapshot or their own. */
class FieldInjectionTest {

    @TempDir
    Path dir;

    @Test
    void injectsStaticAndInstanceFields() {
        EngineRun run = EngineRun.in(dir);

        run.run(Fields.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(FixtureJournal.named(run.journal()).requests()).map(RecordedRequest::tables)
                .containsExactlyInAnyOrder(List.of("customers", "orders"), List.of("orders"));
        // Snapshots are test fixtures: written atomically, but not synced to disk.
        assertThat(FixtureJournal.named(run.journal()).requests())
                .allSatisfy(r -> assertThat(r.synced()).isFalse());
    }

    @Test
    void injectsFieldsOfPerClassInstances() {
        EngineRun.in(dir).run(PerClass.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void fieldWithOnlyTheAnnotationNeedsNoClassLevelExtension() {
        EngineRun run = EngineRun.in(dir);

        run.run(FieldDeclaresItsOwn.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));

        assertThat(FixtureJournal.named(run.journal()).count()).isEqualTo(1);
    }

    @Test
    void aPerClassInstanceWithOnlyAParameterSnapshotKeepsItsOwnField() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(PerClassUserField.class), 2);
    }

    @Test
    void anOuterInstanceWithoutSnapshotsKeepsItsOwnField() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(OuterParameterOnly.class), 1);
    }

    @Test
    void anOuterFieldIsNotGivenTheNestedClassesSnapshot() {
        OuterWithoutSnapshots.seen = null;
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(OuterWithoutSnapshots.class), 1);
        assertThat(OuterWithoutSnapshots.seen).as("the outer class's own field, which it never set").isNull();
    }

    @Test
    void aSnapshotFileFieldTheTestSetsItselfIsLeftAsTheTestSetIt() {
        EngineRun run = EngineRun.in(dir);

        EngineRun.assertAllSucceeded(run.run(ConstructorSetsItsField.class, FinalFieldFromConstructor.class), 2);

        assertThat(FixtureJournal.named(run.journal()).requests()).map(RecordedRequest::tables)
                .containsExactlyInAnyOrder(List.of("customers"), List.of("orders"));
    }

    @Test
    void anUnannotatedHolderFieldWithNoSingleSnapshotToTakeIsTheTestsOwnNeverAnError() {
        // No class-level snapshot (a static or an instance holder filled from a lifecycle parameter), or two of
        // them: the field asked for nothing, so it is left to the test rather than failing the class or the test.
        EngineRun run = EngineRun.in(dir);

        EngineRun.assertAllSucceeded(run.run(StaticHolderFromBeforeAll.class, InstanceHolderFromBeforeEach.class,
                TwoNamedSnapshotsAndAHolder.class), 3);

        assertThat(FixtureJournal.named(run.journal()).requests()).map(RecordedRequest::tables)
                .containsExactlyInAnyOrder(List.of("orders"), List.of("customers"));
    }

    @Test
    void aRecordTestClassReceivesItsSnapshotsThroughItsComponents() {
        EngineRun run = EngineRun.in(dir);

        EngineRun.assertAllSucceeded(run.run(RecordWithOwnSnapshot.class, RecordWithClassSnapshot.class), 2);

        assertThat(FixtureJournal.named(run.journal()).requests()).map(RecordedRequest::tables)
                .containsExactlyInAnyOrder(List.of("orders"), List.of("customers"));
    }

    /** A class-level snapshot must not replace the one the constructor received and kept. */
    @D1Snapshot(tables = "customers")
    static class ConstructorSetsItsField {
        D1SnapshotFile orders;

        ConstructorSetsItsField(@D1Snapshot(tables = "orders") D1SnapshotFile orders) {
            this.orders = orders;
        }

        @Test
        void test() {
            assertThat(orders.tables()).containsExactly("orders");
        }
    }

    /** Ordinary constructor injection into a final field: the field is the test's, not the extension's. */
    @D1Snapshot(tables = "customers")
    static class FinalFieldFromConstructor {
        private final D1SnapshotFile snapshot;

        FinalFieldFromConstructor(D1SnapshotFile snapshot) {
            this.snapshot = snapshot;
        }

        @Test
        void test() {
            assertThat(snapshot.tables()).containsExactly("customers");
        }
    }

    /** The annotation on a component lands on its field, accessor and constructor parameter alike. */
    record RecordWithOwnSnapshot(@D1Snapshot(tables = "orders") Path sql) {
        @Test
        void test() {
            assertThat(sql).exists();
        }
    }

    @D1Snapshot(tables = "customers")
    record RecordWithClassSnapshot(D1SnapshotFile snapshot) {
        @Test
        void test() {
            assertThat(snapshot.tables()).containsExactly("customers");
            assertThat(snapshot.path()).exists();
        }
    }

    static class StaticHolderFromBeforeAll {
        static D1SnapshotFile orders;

        @BeforeAll
        static void load(@D1Snapshot(tables = "orders") D1SnapshotFile snapshot) {
            orders = snapshot;
        }

        @Test
        void test() {
            assertThat(orders.tables()).containsExactly("orders");
        }
    }

    static class InstanceHolderFromBeforeEach {
        D1SnapshotFile orders;

        @BeforeEach
        void load(@D1Snapshot(tables = "orders") D1SnapshotFile snapshot) {
            orders = snapshot;
        }

        @Test
        void test() {
            assertThat(orders.tables()).containsExactly("orders");
        }
    }

    @D1Snapshot(name = "orders", tables = "orders")
    @D1Snapshot(name = "customers", tables = "customers")
    static class TwoNamedSnapshotsAndAHolder {
        D1SnapshotFile current;

        @Test
        void test(@D1Snapshot(name = "orders") D1SnapshotFile orders) {
            assertThat(current).as("left alone: two snapshots, and it names neither").isNull();
            current = orders;
            assertThat(current.tables()).containsExactly("orders");
        }
    }

    /** Fields of type D1SnapshotFile that the test class keeps for itself: the extension was never asked for them. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClassUserField {
        D1SnapshotFile last;

        @Test
        void a(@D1Snapshot(tables = "orders") D1SnapshotFile orders) {
            last = orders;
        }

        @Test
        void b() {
        }
    }

    static class OuterParameterOnly {
        D1SnapshotFile remembered;

        @Nested
        class Inner {
            @Test
            void test(@D1Snapshot(tables = "orders") D1SnapshotFile orders) {
                remembered = orders;
            }
        }
    }

    static class OuterWithoutSnapshots {
        static D1SnapshotFile seen;
        D1SnapshotFile mine;

        @Nested
        @D1Snapshot(tables = "orders")
        class Inner {
            @Test
            void test() {
                seen = mine;
            }
        }
    }

    @D1Snapshot(tables = {"orders", "customers"})
    static class Fields {

        @D1Snapshot
        static Path shared;

        @D1Snapshot
        Path sql;

        D1SnapshotFile snapshot;

        @D1Snapshot(tables = "orders")
        Path ordersOnly;

        @BeforeAll
        static void staticFieldIsSetBeforeAll() {
            assertThat(shared).exists();
        }

        @Test
        void fields() {
            assertThat(sql).isEqualTo(shared);
            assertThat(snapshot.path()).isEqualTo(sql);
            assertThat(snapshot.tables()).containsExactly("customers", "orders");
            assertThat(ordersOnly).exists().isNotEqualTo(sql);
        }

        @Nested
        class Inner {
            @D1Snapshot
            Path innerSql;

            @Test
            void nestedAndOuterFields() {
                assertThat(innerSql).isEqualTo(sql);
            }
        }
    }

    @D1Snapshot(tables = "orders")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {

        @D1Snapshot
        D1SnapshotFile snapshot;

        @Test
        void field() {
            assertThat(snapshot.tables()).containsExactly("orders");
        }
    }

    static class FieldDeclaresItsOwn {

        @D1Snapshot(tables = "customers")
        Path customers;

        @Test
        void field() {
            assertThat(customers).exists();
        }
    }
}
