package dev.d1export.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's progress goes to System.Logger; secrets given as properties never do. */
class LoggingTest {

    private static final String TOKEN = "logging-test-secret-9f2c";

    @TempDir
    Path dir;

    @Test
    void logsTheExportAndItsProgressWithoutSecrets() {
        EngineRun run = EngineRun.in(dir).with(D1Snapshot.PROPERTY_PREFIX + "api-token", TOKEN);
        run.with(D1Snapshot.URL_PROPERTY_NAME, EngineRun.SHOP + "?journal=" + run.journal() + "&auth=required");
        int before = RecordingLoggerFinder.lines().size();

        EngineRun.assertAllSucceeded(run.run(NeedsToken.class), 1);

        List<String> lines = RecordingLoggerFinder.lines();
        List<String> ours = lines.subList(before, lines.size()).stream()
                .filter(line -> line.contains("dev.d1export.junit") && line.contains(run.journal())).toList();
        assertThat(ours).anyMatch(line -> line.startsWith("INFO") && line.contains("Exporting D1 snapshot"))
                .anyMatch(line -> line.contains("started on classpath:fixtures/shop.sql"))
                .anyMatch(line -> line.contains("bytes") && line.startsWith("TRACE"))
                .anyMatch(line -> line.startsWith("INFO") && line.contains("Exported D1 snapshot"));
        assertThat(lines).noneMatch(line -> line.contains(TOKEN));
    }

    @D1Snapshot(tables = "orders")
    static class NeedsToken {
        @Test
        void test(D1SnapshotFile snapshot) {
            assertThat(snapshot.url()).doesNotContain(TOKEN);
        }
    }
}
