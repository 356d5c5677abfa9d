package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many classes, run concurrently, declare the same few snapshots: each distinct one is exported exactly once (counted
 * at the provider), the others wait for it and get the same file. A rendezvous of two tests shows the waiting: they
 * ask for the same snapshot at the same moment, on two threads, and the provider is asked once.
 */
class ParallelExportTest {

    /** The export takes a while, so concurrent tests really do ask for it while it runs. */
    private static final String SLOW = "&delay=200ms";

    @TempDir
    Path dir;

    @Test
    void exportsEachDistinctSnapshotOncePerRunUnderParallelExecution() {
        EngineRun run = parallel(EngineRun.in(dir));

        EngineRun.assertAllSucceeded(
                run.run(A.class, B.class, C.class, D.class, E.class, F.class, G.class, H.class), 16);

        List<RecordedRequest> requests = FixtureJournal.named(run.journal()).requests();
        assertThat(requests).map(RecordedRequest::tables).containsExactlyInAnyOrder(
                List.of("customers", "orders"), List.of("orders"), List.of());
    }

    @Test
    void testsThatAskForTheSameSnapshotAtOnceWaitForTheOneExport() {
        EngineRun run = parallel(EngineRun.in(dir));
        SEEN.clear();
        RENDEZVOUS.set(new CyclicBarrier(2));

        EngineRun.assertAllSucceeded(run.run(Waiter.class, OtherWaiter.class), 2);

        // The barrier let neither test ask for the snapshot before both were running, on two threads at once; the
        // export takes 200 ms, so the second asked while the first was exporting, and got the first's file.
        assertThat(SEEN.values()).map(Seen::thread).as("threads of the two tests").doesNotHaveDuplicates()
                .hasSize(2);
        assertThat(SEEN.values()).map(Seen::file).as("files the two tests got").containsOnly(
                SEEN.get("Waiter").file());
        assertThat(FixtureJournal.named(run.journal()).requests()).as("exports made").singleElement()
                .satisfies(request -> assertThat(request.tables()).containsExactly("orders"));
    }

    private EngineRun parallel(EngineRun run) {
        return run.with(D1Snapshot.URL_PROPERTY_NAME, EngineRun.SHOP + "?journal=" + run.journal() + SLOW)
                .with("junit.jupiter.execution.parallel.enabled", "true")
                .with("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .with("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
    }

    /** The thread a test ran on and the file it was given. */
    record Seen(String thread, Path file) {
    }

    /** What each waiting test saw, by class. */
    static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

    /** Where the waiting tests meet before they ask for the snapshot. */
    static final AtomicReference<CyclicBarrier> RENDEZVOUS = new AtomicReference<>();

    /** Registered before the extension, so both tests are running when either asks for the snapshot. */
    static class Rendezvous implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) throws Exception {
            try {
                // A guard against a hang, not a timing assertion: the other test arrives at once in a parallel run.
                RENDEZVOUS.get().await(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("The two tests did not run at the same time", e);
            }
        }
    }

    @ExtendWith(Rendezvous.class)
    static class Waiter {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put(getClass().getSimpleName(), new Seen(Thread.currentThread().getName(), sql));
        }
    }

    @ExtendWith(Rendezvous.class)
    static class OtherWaiter extends Waiter {
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
