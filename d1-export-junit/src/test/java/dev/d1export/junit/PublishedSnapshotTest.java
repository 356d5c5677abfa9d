package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/** Other extensions find the snapshots in the store, under the documented namespace and key. */
class PublishedSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void otherExtensionsSeeClassAndMethodSnapshots() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(WithReader.class), 1);
    }

    /** Stands for a database-loading extension registered after @D1Snapshot. */
    static class Reader implements BeforeAllCallback, BeforeEachCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "orders")).get()
                    .satisfies(snapshot -> assertThat(snapshot.path()).exists());
            assertThat(context.getStore(D1SnapshotExtension.NAMESPACE).get("d1.snapshot:orders"))
                    .isInstanceOf(D1SnapshotFile.class);
            context.getStore(ExtensionContext.Namespace.GLOBAL).put("reader", "ran");
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "orders")).isPresent();
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "")).get()
                    .satisfies(snapshot -> assertThat(snapshot.tables()).containsExactly("customers"));
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "invoices")).isEmpty();
        }
    }

    @D1Snapshot(name = "orders", tables = "orders")
    @ExtendWith(Reader.class)
    static class WithReader {
        @Test
        @D1Snapshot(tables = "customers")
        void test() {
        }
    }
}
