package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class-level snapshots serve @Nested classes and are inherited by subclasses. */
class NestedAndInheritedSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void nestedClassesSeeTheEnclosingClassSnapshotAndDeclareTheirOwn() {
        EngineRun run = EngineRun.in(dir);

        run.run(Outer.class).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));

        assertThat(FixtureJournal.named(run.journal()).count()).isEqualTo(2);
    }

    @Test
    void subclassesInheritTheSnapshotsOfTheirSuperclasses() {
        EngineRun run = EngineRun.in(dir);

        run.run(InheritsOrders.class, AddsCustomers.class).testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(3));

        assertThat(FixtureJournal.named(run.journal()).count()).isEqualTo(2);
    }

    @D1Snapshot(tables = "orders")
    static class Outer {

        @Test
        void outer(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Nested
        class Inner {
            @Test
            void enclosingSnapshot(@D1Snapshot D1SnapshotFile snapshot) {
                assertThat(snapshot.tables()).containsExactly("orders");
            }

            @Nested
            @D1Snapshot(name = "customers", tables = "customers")
            class Deeper {
                @Test
                void ownByName(@D1Snapshot(name = "customers") D1SnapshotFile snapshot) {
                    assertThat(snapshot.tables()).containsExactly("customers");
                }

                @Test
                void publishedForOtherExtensions(@D1Snapshot(name = "customers") Path customers) {
                    assertThat(customers).exists();
                }
            }
        }
    }

    @D1Snapshot(tables = "orders")
    abstract static class OrdersBase {
    }

    static class InheritsOrders extends OrdersBase {
        @Test
        void inherited(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }
    }

    @D1Snapshot(name = "customers", tables = "customers")
    static class AddsCustomers extends OrdersBase {
        @Test
        void own(@D1Snapshot(name = "customers") D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("customers");
        }

        @Test
        void ownPath(@D1Snapshot(name = "customers") Path sql) {
            assertThat(sql).exists();
        }
    }
}
