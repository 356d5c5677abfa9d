package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.FixtureJournal;
import dev.d1export.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A class-level snapshot is exported once, before all tests of the class, and injected into its methods. */
class ClassLevelSnapshotTest {

    private static final String JOURNAL = "class-level";

    @TempDir
    Path dir;

    @BeforeEach
    void clearJournal() {
        FixtureJournal.named(JOURNAL).clear();
    }

    @Test
    void exportsOnceBeforeAllTestsAndInjectsTheFile() {
        EngineExecutionResults results = EngineRun.in(dir).run(OrdersAndCustomers.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        List<RecordedRequest> requests = FixtureJournal.named(JOURNAL).requests();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.tables()).containsExactly("customers", "orders");
            assertThat(request.noData()).isFalse();
            assertThat(request.noSchema()).isFalse();
        });
    }

    @Test
    void usesTheConfiguredDefaultUrlWhenTheAnnotationHasNone() {
        EngineRun run = EngineRun.in(dir);

        run.run(DefaultUrl.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));

        assertThat(FixtureJournal.named(run.journal()).requests()).singleElement()
                .satisfies(request -> assertThat(request.tables()).containsExactly("orders"));
    }

    @Test
    void passesNoDataAndNoSchemaToTheProvider() {
        EngineRun.in(dir).run(SchemaOnly.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(FixtureJournal.named(JOURNAL).requests()).singleElement()
                .satisfies(request -> assertThat(request.noData()).isTrue());
    }

    @D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL + "&bookmark=00000001-abc", tables = {"orders",
            "customers", "orders"})
    static class OrdersAndCustomers {

        @BeforeAll
        static void exportedBeforeAll() {
            assertThat(FixtureJournal.named(JOURNAL).count()).isEqualTo(1);
        }

        @Test
        void path(@D1Snapshot Path sql) throws IOException {
            assertThat(sql).isAbsolute();
            assertThat(Files.readString(sql)).isEqualTo(EngineRun.shopSql());
        }

        @Test
        void snapshotWithoutAnnotation(D1SnapshotFile snapshot) throws IOException {
            assertThat(snapshot.tables()).containsExactly("customers", "orders");
            assertThat(snapshot.provider()).isEqualTo("fixture");
            assertThat(snapshot.size()).isEqualTo(Files.size(snapshot.path()));
            assertThat(snapshot.bookmark()).contains("00000001-abc");
            assertThat(snapshot.url()).startsWith(EngineRun.SHOP);
            assertThat(snapshot.name()).isEmpty();
        }

        @Test
        void snapshotWithAnnotation(@D1Snapshot D1SnapshotFile snapshot, @D1Snapshot Path sql) {
            assertThat(snapshot.path()).isEqualTo(sql);
        }
    }

    @D1Snapshot(tables = "orders")
    static class DefaultUrl {
        @Test
        void injected(@D1Snapshot Path sql) {
            assertThat(sql).exists();
        }
    }

    @D1Snapshot(url = EngineRun.SHOP + "?journal=" + JOURNAL, noData = true)
    static class SchemaOnly {
        @Test
        void injected(D1SnapshotFile snapshot) {
            assertThat(snapshot.noData()).isTrue();
            assertThat(snapshot.tables()).isEmpty();
        }
    }
}
