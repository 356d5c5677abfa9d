package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where snapshot files go by default and when they are deleted. */
class CleanupAndLocationTest {

    /** Paths the fixtures saw, by fixture name; the engine runs them in this JVM. */
    private static final Map<String, Path> SEEN = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @Test
    void filesGoToAPerRunFolderUnderTheBuildDirectoryByDefault() throws URISyntaxException {
        Path testClasses = Path.of(CleanupAndLocationTest.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path expected = testClasses.getParent().resolve("d1-snapshots");

        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.DIR_PROPERTY_NAME, null).run(Passing.class), 1);

        Path seen = SEEN.get("passing");
        assertThat(seen.getParent().getParent()).isEqualTo(expected);
        assertThat(seen.getParent().getFileName().toString()).startsWith("run-");
        assertThat(seen).doesNotExist();
        assertThat(seen.getParent()).as("the empty run folder is removed too").doesNotExist();
    }

    @Test
    void alwaysDeletesTheFilesAtTheEndOfTheRunEvenAfterAFailure() throws IOException {
        EngineRun.in(dir).run(Failing.class);

        assertThat(SEEN.get("failing")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void neverKeepsThem() throws IOException {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "never")
                .run(Passing.class), 1);

        assertThat(SEEN.get("passing")).exists().startsWith(dir);
        assertThat(Files.readString(SEEN.get("passing"))).isEqualTo(EngineRun.shopSql());
    }

    @Test
    void onSuccessKeepsTheFilesOfAFailedTest() {
        EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on_success").run(Failing.class)
                .testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(SEEN.get("failing")).exists();
    }

    @Test
    void onSuccessDeletesTheFilesWhenAllTestsPassed() throws IOException {
        EngineRun.assertAllSucceeded(EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "ON_SUCCESS")
                .run(Passing.class), 1);

        assertThat(SEEN.get("passing")).doesNotExist();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void onSuccessKeepsAClassLevelSnapshotWhenOneOfItsTestsFailed() {
        EngineRun.in(dir).with(D1Snapshot.CLEANUP_PROPERTY_NAME, "on-success").run(ClassLevelOneFails.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));

        assertThat(SEEN.get("class-level")).exists();
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static class Passing {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("passing", sql);
            assertThat(sql).exists();
        }
    }

    static class Failing {
        @Test
        void test(@D1Snapshot(tables = "orders") Path sql) {
            SEEN.put("failing", sql);
            throw new AssertionError("this test fails on purpose");
        }
    }

    @D1Snapshot(tables = "customers")
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class ClassLevelOneFails {
        @Test
        void a() {
            throw new AssertionError("this test fails on purpose");
        }

        @Test
        void b(@D1Snapshot Path sql) {
            SEEN.put("class-level", sql);
        }
    }
}
