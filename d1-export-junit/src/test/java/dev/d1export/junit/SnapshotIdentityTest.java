package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.ContractDatabase;
import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Two unnamed snapshots of two databases whose URLs show the same, as the database names are token-shaped and so
 * masked as {@code ****} in every message: each is its own export, its own file, and is published under its own store
 * key, so that neither a test nor another extension gets the other database's dump.
 */
class SnapshotIdentityTest {

    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "junit-identity-token";
    /** More than 32 letters and underscores: shown as {@code ****}, as a pasted token would be. */
    private static final String FIRST = "orders_of_the_first_shop_in_this_test_run";
    private static final String OTHER = "orders_of_the_other_shop_in_this_test_run";
    private static final String FIRST_URL = "d1:cloudflare://" + ACCOUNT + "/" + FIRST;
    private static final String OTHER_URL = "d1:cloudflare://" + ACCOUNT + "/" + OTHER;

    @TempDir
    Path dir;

    /** Stands for a database-loading extension registered after @D1Snapshot: every snapshot, each by its key. */
    static class Reader implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            List<D1SnapshotFile> all = D1SnapshotExtension.publishedSnapshots(context);
            assertThat(all).as("both databases' snapshots").hasSize(2);
            assertThat(all).extracting(SnapshotIdentityTest::content).containsExactlyInAnyOrder(
                    "-- the first shop", "-- the other shop");
            // The masked URL is what shows, for both.
            assertThat(all).extracting(D1SnapshotFile::url).allMatch(url -> url.contains("****"))
                    .noneMatch(url -> url.contains(FIRST) || url.contains(OTHER));
            ExtensionContext.Store store = context.getStore(D1SnapshotExtension.NAMESPACE);
            for (D1SnapshotFile snapshot : all) {
                assertThat(D1SnapshotExtension.storeKey(snapshot)).doesNotContain(FIRST).doesNotContain(OTHER);
                assertThat(store.get(D1SnapshotExtension.storeKey(snapshot))).isEqualTo(snapshot);
            }
        }
    }

    @D1Snapshot(url = FIRST_URL)
    @D1Snapshot(url = OTHER_URL)
    @ExtendWith(Reader.class)
    static class BothOnTheClass {
        @D1Snapshot(url = FIRST_URL)
        Path first;

        @D1Snapshot(url = OTHER_URL)
        Path other;

        @Test
        void eachFieldHasItsOwnDatabase() {
            assertThat(content(first)).isEqualTo("-- the first shop");
            assertThat(content(other)).isEqualTo("-- the other shop");
        }
    }

    @D1Snapshot(url = FIRST_URL)
    @ExtendWith(Reader.class)
    static class OneOnTheClassOneOnTheMethod {
        @Test
        @D1Snapshot(url = OTHER_URL)
        void theMethodsDoesNotHideTheClasss(@D1Snapshot(url = FIRST_URL) Path first,
                @D1Snapshot(url = OTHER_URL) D1SnapshotFile other) {
            assertThat(content(first)).isEqualTo("-- the first shop");
            assertThat(content(other)).isEqualTo("-- the other shop");
        }
    }

    /** Stands for a database-loading extension: one export is one snapshot, however its URL was spelt. */
    static class SingleReader implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            assertThat(D1SnapshotExtension.publishedSnapshots(context)).as("one export, published once")
                    .singleElement().satisfies(snapshot -> assertThat(snapshot.url())
                            .isEqualTo(EngineRun.SHOP + "?bookmark=b&delay=1ms"));
        }
    }

    /** Options in another order, and one (delay) from the configuration instead of the URL. */
    @D1Snapshot(url = EngineRun.SHOP + "?delay=1ms&bookmark=b")
    @ExtendWith(SingleReader.class)
    static class OneSnapshotSpeltThreeWays {
        @Test
        @D1Snapshot(url = EngineRun.SHOP + "?bookmark=b")
        void test(@D1Snapshot(url = EngineRun.SHOP + "?bookmark=b&delay=1ms") Path sql) {
            assertThat(sql).exists();
        }
    }

    @Test
    void oneExportWhoseUrlIsSpeltInSeveralWaysIsPublishedOnceUnderOneUrl() {
        EngineExecutionResults results = EngineRun.in(dir)
                .with(D1Snapshot.PROPERTY_PREFIX + "delay", "1ms")
                .run(OneSnapshotSpeltThreeWays.class);

        EngineRun.assertAllSucceeded(results, 1);
    }

    @Test
    void twoDatabasesWhoseUrlsShowTheSameAreTwoSnapshotsEachUnderItsOwnKey() throws IOException {
        ContractDatabase db = ContractDatabase.create(dir.resolve("db"));
        Path firstDump = Files.writeString(dir.resolve("first.sql"), ContractDatabase.HEADER + "\n-- the first shop");
        Path otherDump = Files.writeString(dir.resolve("other.sql"), ContractDatabase.HEADER + "\n-- the other shop");
        try (FakeD1Server d1 = FakeD1Server.builder().account(ACCOUNT).apiToken(TOKEN).database(FIRST, db.file())
                .database(OTHER, db.file()).build()) {
            d1.serveDump(FIRST, firstDump);
            d1.serveDump(OTHER, otherDump);

            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots"))
                    .with(D1Snapshot.PROPERTY_PREFIX + "base-url", d1.baseUrl())
                    .with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN)
                    .with(D1Snapshot.PROPERTY_PREFIX + "min-poll-interval", "10ms")
                    .with(D1Snapshot.PROPERTY_PREFIX + "max-poll-interval", "10ms")
                    .run(BothOnTheClass.class, OneOnTheClassOneOnTheMethod.class);

            EngineRun.assertAllSucceeded(results, 2);
            // One export per database for the whole run: the declarations of each are one snapshot.
            assertThat(d1.journal().of(Endpoint.DOWNLOAD)).hasSize(2);
        }
    }

    /** The dump without the header line every D1 dump opens with. */
    static String content(Path sql) {
        try {
            return Files.readString(sql).replace(ContractDatabase.HEADER, "").strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String content(D1SnapshotFile snapshot) {
        return content(snapshot.path());
    }
}
