package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many classes, run concurrently, declare the same few snapshots: each distinct one is exported exactly once (counted
 * at the provider), the others wait for it and get the same file.
 */
class ParallelExportTest {

    /** The export takes a while, so concurrent tests really do ask for it while it runs. */
    private static final String SLOW = "&delay=200ms";

    @TempDir
    Path dir;

    @Test
    void exportsEachDistinctSnapshotOncePerRunUnderParallelExecution() {
        EngineRun run = EngineRun.in(dir);
        run.with(D1Snapshot.URL_PROPERTY_NAME, EngineRun.SHOP + "?journal=" + run.journal() + SLOW)
                .with("junit.jupiter.execution.parallel.enabled", "true")
                .with("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .with("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

        EngineRun.assertAllSucceeded(
                run.run(A.class, B.class, C.class, D.class, E.class, F.class, G.class, H.class), 16);

        List<RecordedRequest> requests = FixtureJournal.named(run.journal()).requests();
        assertThat(requests).map(RecordedRequest::tables).containsExactlyInAnyOrder(
                List.of("customers", "orders"), List.of("orders"), List.of());
        Set<String> threads = requests.stream().map(RecordedRequest::thread).collect(Collectors.toSet());
        assertThat(threads).as("exports ran on worker threads of the parallel run").isNotEmpty();
    }

    /** Both orders of the same tables are one snapshot. */
    @D1Snapshot(tables = {"orders", "customers"})
    static class A {
        @Test
        void one(@D1Snapshot Path sql) {
            assertThat(sql).exists();
        }

        @Test
        void two(@D1Snapshot(tables = "orders") Path sql) {
            assertThat(sql).exists();
        }
    }

    @D1Snapshot(tables = {"customers", "orders"})
    static class B extends A {
    }

    @D1Snapshot(tables = {"orders", "customers", "orders"})
    static class C extends A {
    }

    @D1Snapshot(tables = "orders")
    static class D {
        @Test
        void one(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).containsExactly("orders");
        }

        @Test
        @D1Snapshot(name = "all")
        void two(@D1Snapshot(name = "all") Path sql) {
            assertThat(sql).exists();
        }
    }

    @D1Snapshot(tables = "orders")
    static class E extends D {
    }

    static class F {
        @Test
        void one(@D1Snapshot(tables = {"customers", "orders"}) Path sql) {
            assertThat(sql).exists();
        }

        @Test
        @D1Snapshot
        void two(D1SnapshotFile snapshot) {
            assertThat(snapshot.tables()).isEmpty();
        }
    }

    static class G extends F {
    }

    @D1Snapshot
    static class H extends F {
    }
}
