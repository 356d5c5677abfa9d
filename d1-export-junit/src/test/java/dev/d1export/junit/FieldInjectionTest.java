package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
