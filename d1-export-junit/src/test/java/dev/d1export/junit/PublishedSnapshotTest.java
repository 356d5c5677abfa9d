package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other extensions find the snapshots in the store, under the documented namespace and keys: a named one under its
 * name, each unnamed one under a key of its own, so that several unnamed snapshots of a test do not hide each other.
 */
class PublishedSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void otherExtensionsSeeClassAndMethodSnapshots() {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).run(WithReader.class), 1);
    }

    @Test
    void anEmptyNameHasNoKey() {
        assertThatThrownBy(() -> D1SnapshotExtension.storeKey("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publishedSnapshots");
    }

    @Test
    void aDescriptionMadeByHandKeepsTheClasssPromisesSoItsKeyIsTheExtensionsKey() {
        D1SnapshotFile byHand = new D1SnapshotFile("", Path.of("a.sql"), List.of("zeta", "alpha", "zeta"), false,
                false, "fixture", "d1:fixture:classpath:a.sql", 10, null);

        assertThat(byHand.tables()).containsExactly("alpha", "zeta");
        assertThat(D1SnapshotExtension.storeKey(byHand)).contains("tables=[alpha, zeta]");
        assertThatThrownBy(() -> new D1SnapshotFile("", Path.of("a.sql"), List.of(), true, true, "fixture",
                "d1:fixture:classpath:a.sql", 10, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noData").hasMessageContaining("noSchema");
        assertThatThrownBy(() -> new D1SnapshotFile("", Path.of("a.sql"), List.of(), false, false, "fixture",
                "d1:fixture:classpath:a.sql", -1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size must not be negative: -1");
        assertThatThrownBy(() -> new D1SnapshotFile("", Path.of("a.sql"), null, false, false, "fixture",
                "d1:fixture:classpath:a.sql", 1, null)).isInstanceOf(NullPointerException.class).hasMessage("tables");
    }

    /** Stands for a database-loading extension registered after @D1Snapshot. */
    static class Reader implements BeforeAllCallback, BeforeEachCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "orders")).get()
                    .satisfies(snapshot -> assertThat(snapshot.path()).exists());
            assertThat(context.getStore(D1SnapshotExtension.NAMESPACE).get("d1.snapshot:orders"))
                    .isInstanceOf(D1SnapshotFile.class);
            assertThat(D1SnapshotExtension.publishedSnapshots(context)).map(D1SnapshotFile::name)
                    .containsExactly("orders");
            context.getStore(ExtensionContext.Namespace.GLOBAL).put("reader", "ran");
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            ExtensionContext.Store store = context.getStore(D1SnapshotExtension.NAMESPACE);
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "orders")).isPresent();
            assertThat(D1SnapshotExtension.publishedSnapshot(context, "invoices")).isEmpty();

            List<D1SnapshotFile> all = D1SnapshotExtension.publishedSnapshots(context);
            // The test's context publishes every snapshot the test runs with, the class's included, each once.
            assertThat(all).extracting(D1SnapshotFile::name, D1SnapshotFile::tables, D1SnapshotFile::noData)
                    .containsExactly(
                            tuple("", List.of("customers"), false),
                            tuple("", List.of("customers"), true),
                            tuple("orders", List.of("orders"), false),
                            tuple("", List.of("customers", "orders"), false));
            String url = all.get(0).url();
            // The documented scheme, spelt out: each unnamed snapshot under its own key.
            assertThat(store.get("d1.snapshot.unnamed:" + url + " tables=[customers]")).isEqualTo(all.get(0));
            assertThat(store.get("d1.snapshot.unnamed:" + url + " tables=[customers] noData")).isEqualTo(all.get(1));
            assertThat(store.get("d1.snapshot:orders")).isEqualTo(all.get(2));
            assertThat(store.get("d1.snapshot.unnamed:" + url + " tables=[customers, orders]"))
                    .isEqualTo(all.get(3));
            for (D1SnapshotFile snapshot : all) {
                assertThat(store.get(D1SnapshotExtension.storeKey(snapshot))).isEqualTo(snapshot);
            }
        }
    }

    @D1Snapshot(name = "orders", tables = "orders")
    @ExtendWith(Reader.class)
    static class WithReader {
        @Test
        @D1Snapshot(tables = "customers")
        @D1Snapshot(tables = "customers", noData = true)
        void test(@D1Snapshot(tables = {"orders", "customers"}) Path sql) {
        }
    }
}
