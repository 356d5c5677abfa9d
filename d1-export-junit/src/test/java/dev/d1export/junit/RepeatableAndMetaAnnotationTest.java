package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several snapshots on one element, told apart by name; @D1Snapshot as a meta-annotation. */
class RepeatableAndMetaAnnotationTest {

    @TempDir
    Path dir;

    @Test
    void repeatedSnapshotsAreAllExportedAndSelectedByName() {
        EngineRun run = EngineRun.in(dir);

        run.run(TwoSnapshots.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(FixtureJournal.named(run.journal()).requests()).map(RecordedRequest::tables)
                .containsExactlyInAnyOrder(java.util.List.of("orders"), java.util.List.of("customers"),
                        java.util.List.of());
    }

    @Test
    void metaAnnotationsDeclareSnapshotsOnClassesMethodsAndParameters() {
        EngineRun run = EngineRun.in(dir);

        run.run(MetaAnnotated.class).testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));

        assertThat(FixtureJournal.named(run.journal()).requests()).singleElement()
                .satisfies(request -> assertThat(request.tables()).containsExactly("orders"));
    }

    @D1Snapshot(name = "orders", tables = "orders")
    @D1Snapshot(name = "customers", tables = "customers")
    static class TwoSnapshots {

        @Test
        void byName(@D1Snapshot(name = "orders") Path orders, @D1Snapshot(name = "customers") D1SnapshotFile customers) {
            assertThat(orders).exists();
            assertThat(customers.tables()).containsExactly("customers");
            assertThat(customers.name()).isEqualTo("customers");
        }

        @Test
        @D1Snapshot(name = "all")
        void methodLevelAddsAThird(@D1Snapshot(name = "all") D1SnapshotFile all) {
            assertThat(all.tables()).isEmpty();
        }
    }

    @OrdersSnapshot
    static class MetaAnnotated {

        @Test
        void onClass(@D1Snapshot Path sql, D1SnapshotFile snapshot) {
            assertThat(snapshot.name()).isEqualTo("orders");
            assertThat(snapshot.path()).isEqualTo(sql);
        }

        @Test
        void onParameter(@OrdersSnapshot D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Nested
        class OnMethod {
            @Test
            @OrdersSnapshot
            void sameSnapshot(@D1Snapshot(name = "orders") Path sql) {
                assertThat(sql).exists();
            }
        }
    }
}
