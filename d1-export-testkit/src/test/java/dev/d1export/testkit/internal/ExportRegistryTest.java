package dev.d1export.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.testkit.ContractDatabase;
import dev.d1export.testkit.FakeDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake server's export registry on real SQLite files and real dumps on disk. */
class ExportRegistryTest {

    private static final String BOOKMARK = "00000001-00000002-00004f6d-3f5a6a6c6c6c6c6c6c6c6c6c6c6c6c6c";

    @TempDir
    Path dir;

    private ExportRegistry registry(Duration abandonAfter) throws IOException {
        ServerConfig config = new ServerConfig("account", Set.of("token"), Map.of(), 2, abandonAfter,
                Duration.ofMinutes(5), false);
        return new ExportRegistry(config, Files.createDirectories(dir.resolve("work")));
    }

    private FakeDatabase database() {
        return new FakeDatabase(UUID.randomUUID().toString(), "app", ContractDatabase.create(dir).file());
    }

    /** A non-empty folder where the dump was: {@code deleteIfExists} fails on it with an IOException. */
    private static void makeUndeletable(Path dump) throws IOException {
        Files.delete(dump);
        Files.createDirectories(dump.resolve("in-the-way"));
    }

    @Test
    void clearingGoesOnPastADumpThatCannotBeDeleted() throws IOException {
        ExportRegistry registry = registry(Duration.ofMinutes(1));
        FakeDatabase database = database();
        ExportTask stuck = registry.start(database, BOOKMARK, List.of(), false, false);
        ExportTask other = registry.start(database, BOOKMARK, List.of(), false, false);
        makeUndeletable(stuck.dump());
        assertThat(other.dump()).exists();

        registry.clear();

        assertThat(registry.started()).isZero();
        assertThat(other.dump()).as("the dump after the undeletable one").doesNotExist();
    }

    @Test
    void expiringAnAbandonedExportGoesOnPastADumpThatCannotBeDeleted() throws Exception {
        ExportRegistry registry = registry(Duration.ofMillis(1));
        FakeDatabase database = database();
        ExportTask task = registry.start(database, BOOKMARK, List.of(), false, false);
        makeUndeletable(task.dump());
        Thread.sleep(20); // past the 1 ms window: the next look at the database cancels the export

        assertThat(registry.running(database.uuid())).isEmpty();
        assertThat(task.state()).isEqualTo(ExportTask.State.CANCELLED);
    }

    @Test
    void anAbandonedExportsDumpIsDeletedWhenTheExportIsCancelled() throws Exception {
        ExportRegistry registry = registry(Duration.ofMillis(1));
        FakeDatabase database = database();
        ExportTask task = registry.start(database, BOOKMARK, List.of(), false, false);
        assertThat(registry.started()).isEqualTo(1);
        assertThat(task.dump()).isRegularFile();
        Thread.sleep(20); // past the 1 ms window: the next look at the database cancels the export

        assertThat(registry.running(database.uuid())).isEmpty();
        assertThat(task.state()).isEqualTo(ExportTask.State.CANCELLED);
        assertThat(task.dump()).as("a dump as large as the database, not kept until reset()").doesNotExist();
    }
}
