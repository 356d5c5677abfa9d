package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.d1export.testkit.ContractDatabase;
import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@code @D1Snapshot} with the real cloudflare provider, exporting over real HTTP from FakeD1Server. */
class CloudflareSnapshotTest {

    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "junit-cloudflare-token";

    @TempDir
    Path dir;

    @D1Snapshot(url = "d1:cloudflare://" + ACCOUNT + "/shop", tables = "users")
    static class UsesTheRemoteDatabase {
        @Test
        void injectsTheDump(@D1Snapshot Path sql, D1SnapshotFile snapshot) throws IOException {
            assertThat(Files.readString(sql)).startsWith(ContractDatabase.HEADER).contains("CREATE TABLE users")
                    .doesNotContain("CREATE TABLE posts");
            assertThat(snapshot.provider()).isEqualTo("cloudflare");
            assertThat(snapshot.bookmark()).isPresent();
            assertThat(snapshot.tables()).containsExactly("users");
        }

        @Test
        void sharesTheOneExport(@D1Snapshot Path sql) {
            assertThat(sql).exists();
        }
    }

    private FakeD1Server server(Path dbDir) {
        ContractDatabase db = ContractDatabase.create(dbDir);
        return FakeD1Server.builder().account(ACCOUNT).apiToken(TOKEN).database("shop", db.file())
                .insertColumnList(false).build();
    }

    @Test
    void exportsOnceThroughThePollingProtocolAndInjectsTheFile() {
        try (FakeD1Server d1 = server(dir.resolve("db"))) {
            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots"))
                    .with(D1Snapshot.PROPERTY_PREFIX + "base-url", d1.baseUrl())
                    .with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN)
                    .with(D1Snapshot.PROPERTY_PREFIX + "min-poll-interval", "10ms")
                    .with(D1Snapshot.PROPERTY_PREFIX + "max-poll-interval", "50ms")
                    .run(UsesTheRemoteDatabase.class);

            EngineRun.assertAllSucceeded(results, 2);
            assertThat(d1.exportsStarted()).isEqualTo(1);
            assertThat(d1.journal().of(Endpoint.EXPORT)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(d1.journal().of(Endpoint.DOWNLOAD)).hasSize(1);
            assertThat(d1.journal().credentialLeaks()).isEmpty();
        }
    }

    @Test
    void withoutATokenTheTestsAreSkippedWithAReason() {
        assumeTrue(System.getenv("CLOUDFLARE_API_TOKEN") == null && System.getenv("CLOUDFLARE_API_KEY") == null,
                "the environment holds Cloudflare credentials");
        try (FakeD1Server d1 = server(dir.resolve("db"))) {
            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots"))
                    .with(D1Snapshot.PROPERTY_PREFIX + "base-url", d1.baseUrl())
                    .run(UsesTheRemoteDatabase.class);

            results.testEvents().assertStatistics(stats -> stats.failed(0).succeeded(0));
            List<String> reasons = results.containerEvents().skipped().stream()
                    .map(e -> e.getPayload(String.class).orElse("")).toList();
            List<Throwable> aborts = EngineRun.aborts(results);
            assertThat(String.join("\n", reasons) + aborts).contains("CLOUDFLARE_API_TOKEN");
            assertThat(d1.exportsStarted()).isZero();
        }
    }
}
