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
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @ExtendWith(ParallelExportTest.Rendezvous.class)
    static class UsersOfTheDatabase {
        @Test
        void test(@D1Snapshot(url = "d1:cloudflare://" + ACCOUNT + "/shop", tables = "users") Path sql)
                throws IOException {
            assertThat(Files.readString(sql)).contains("CREATE TABLE users").doesNotContain("CREATE TABLE posts");
        }
    }

    @ExtendWith(ParallelExportTest.Rendezvous.class)
    static class PostsOfTheDatabase {
        @Test
        void test(@D1Snapshot(url = "d1:cloudflare://" + ACCOUNT + "/shop", tables = "posts") Path sql)
                throws IOException {
            assertThat(Files.readString(sql)).contains("CREATE TABLE posts").doesNotContain("CREATE TABLE users");
        }
    }

    @ExtendWith(ParallelExportTest.Rendezvous.class)
    static class AllOfTheDatabase {
        @Test
        void test(@D1Snapshot(url = "d1:cloudflare://" + ACCOUNT + "/shop") Path sql) throws IOException {
            assertThat(Files.readString(sql)).contains("CREATE TABLE posts").contains("CREATE TABLE users");
        }
    }

    @Test
    void differentSnapshotsOfOneDatabaseTakeTurnsInAParallelRunAsD1RunsOneExportAtATime() {
        ContractDatabase db = ContractDatabase.create(dir.resolve("db"));
        // Several polls each, so that the exports would overlap if they did not take turns.
        try (FakeD1Server d1 = FakeD1Server.builder().account(ACCOUNT).apiToken(TOKEN).database("shop", db.file())
                .pollsUntilComplete(4).build()) {
            // The tests meet at ParallelExportTest's barrier before they ask for their snapshots.
            ParallelExportTest.RENDEZVOUS.set(new CyclicBarrier(3));
            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots"))
                    .with(D1Snapshot.PROPERTY_PREFIX + "base-url", d1.baseUrl())
                    .with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN)
                    .with(D1Snapshot.PROPERTY_PREFIX + "min-poll-interval", "40ms")
                    .with(D1Snapshot.PROPERTY_PREFIX + "max-poll-interval", "40ms")
                    .with("junit.jupiter.execution.parallel.enabled", "true")
                    .with("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .with("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                    .run(UsersOfTheDatabase.class, PostsOfTheDatabase.class, AllOfTheDatabase.class);

            EngineRun.assertAllSucceeded(results, 3);
            assertThat(d1.exportsStarted()).isEqualTo(3);
            assertThat(d1.journal().of(Endpoint.DOWNLOAD)).hasSize(3);
        }
    }

    /** The README's recipe: a server in a base class, its client properties published as system properties. */
    abstract static class RecipeBase {
        static final Path FOLDER = temporaryFolder();

        @RegisterExtension
        static final FakeD1Server d1 = FakeD1Server.builder().account(ACCOUNT).apiToken(TOKEN)
                .database("shop", ContractDatabase.create(FOLDER).file()).build();

        static {
            d1.clientProperties(TOKEN).forEach((key, value) -> System.setProperty(D1Snapshot.PROPERTY_PREFIX + key,
                    value));
        }

        private static Path temporaryFolder() {
            try {
                return Files.createTempDirectory("d1-recipe");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @D1Snapshot(url = "d1:cloudflare://" + ACCOUNT + "/shop", tables = "users")
    static class UsesTheRecipe extends RecipeBase {
        @Test
        void test(@D1Snapshot Path sql) throws IOException {
            assertThat(Files.readString(sql)).contains("CREATE TABLE users");
        }
    }

    /** A second subclass of the recipe's base class: the server, stopped when the first ended, serves it too. */
    @D1Snapshot(url = "d1:cloudflare://" + ACCOUNT + "/shop", tables = "posts")
    static class AlsoUsesTheRecipe extends RecipeBase {
        @Test
        void test(@D1Snapshot Path sql) throws IOException {
            assertThat(Files.readString(sql)).contains("CREATE TABLE posts");
        }
    }

    @Test
    void theReadmeRecipePointsSnapshotsAtAFakeServerThroughSystemProperties() {
        try {
            // Two subclasses one after the other, then a run of its own (as an IDE re-runs one class): each class's
            // snapshot is exported in its beforeAll, which runs before the server's, so the server must be up by
            // then although the class before stopped it.
            // Within one run the server stays up between classes, whatever conditions the run turns off.
            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots")).withSystemProperties()
                    .with("junit.jupiter.conditions.deactivate", "*")
                    .run(UsesTheRecipe.class, AlsoUsesTheRecipe.class);
            EngineRun.assertAllSucceeded(results, 2);
            EngineRun.assertAllSucceeded(EngineRun.in(dir.resolve("snapshots")).withSystemProperties()
                    .run(AlsoUsesTheRecipe.class), 1);
            // The server's journal outlives the class it served (its counters start again with it).
            assertThat(RecipeBase.d1.journal().of(Endpoint.DOWNLOAD)).hasSize(3);
            assertThat(RecipeBase.d1.journal().credentialLeaks()).isEmpty();
        } finally {
            // System properties outlive the run: the other tests here must not see the recipe's token. Only the
            // recipe's keys go; anything the build passed in stays.
            RecipeBase.d1.clientProperties(TOKEN).keySet()
                    .forEach(key -> System.clearProperty(D1Snapshot.PROPERTY_PREFIX + key));
            RecipeBase.d1.close();
            try (var files = Files.walk(RecipeBase.FOLDER)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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
            int logged = RecordingLoggerFinder.lines().size();
            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots"))
                    .with(D1Snapshot.PROPERTY_PREFIX + "base-url", d1.baseUrl())
                    .with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN)
                    .with(D1Snapshot.PROPERTY_PREFIX + "min-poll-interval", "10ms")
                    .with(D1Snapshot.PROPERTY_PREFIX + "max-poll-interval", "50ms")
                    .run(UsesTheRemoteDatabase.class);

            EngineRun.assertAllSucceeded(results, 2);
            List<String> lines = RecordingLoggerFinder.lines();
            List<String> serverMessages = lines.subList(logged, lines.size()).stream()
                    .filter(line -> line.contains(d1.baseUrl()) && line.contains("Generating")).toList();
            assertThat(serverMessages).as("the server's own messages are detail, not news").isNotEmpty()
                    .allMatch(line -> line.startsWith("DEBUG"));
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
            int linesBefore = RecordingLoggerFinder.lines().size();
            EngineExecutionResults results = EngineRun.in(dir.resolve("snapshots"))
                    .with(D1Snapshot.PROPERTY_PREFIX + "base-url", d1.baseUrl())
                    .run(UsesTheRemoteDatabase.class);
            List<String> lines = RecordingLoggerFinder.lines();
            assertThat(lines.subList(linesBefore, lines.size())).as("no export is announced that never starts")
                    .noneMatch(line -> line.contains("Exporting D1 snapshot"))
                    .anyMatch(line -> line.contains("has no credentials"));

            // Each test is skipped with the reason, not the class: build tools count skipped tests, while a class
            // aborted before its tests drops out of Maven Surefire's report. Nothing was asked of the server.
            results.containerEvents().assertStatistics(stats -> stats.aborted(0).failed(0));
            results.testEvents().assertStatistics(stats -> stats.started(2).aborted(2));
            assertThat(EngineRun.aborts(results)).hasSize(2).allSatisfy(reason -> assertThat(reason.getMessage())
                    .startsWith("Snapshot d1:cloudflare://" + ACCOUNT + "/shop")
                    .contains("CLOUDFLARE_API_TOKEN", "d1.snapshot.property.api-token",
                            "d1.snapshot.missing-credentials=fail"));
            assertThat(d1.journal().all()).isEmpty();
        }
    }
}
