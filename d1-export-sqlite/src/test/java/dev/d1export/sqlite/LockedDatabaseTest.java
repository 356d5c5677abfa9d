package dev.d1export.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database another connection holds locked (an application writing, in rollback-journal mode): the export waits
 * as sqlite-jdbc would (up to 3 s), but never past the request's timeout and not after a cancel, and then says the
 * database is busy, not that the file may be damaged. Found by a helper's review: the wait was SQLite's own, deaf to
 * both (3 s whatever the timeout), and it ended as a failed export with an integrity-check hint.
 */
class LockedDatabaseTest {

    @TempDir
    Path dir;

    private Path database() throws Exception {
        Path db = dir.resolve("app.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        return db;
    }

    @Test
    void theRequestTimeoutBoundsTheWaitForALockedDatabase() throws Exception {
        Path db = database();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = writer.createStatement();
             Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            s.execute("BEGIN EXCLUSIVE");
            long start = System.nanoTime();

            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql"))
                    .timeout(Duration.ofMillis(300)).build()))
                    .isInstanceOf(ExportTimeoutException.class).hasMessageContaining("holds the database locked");

            assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the 300 ms timeout ended it")
                    .isLessThan(1_500);
            assertThat(dir.resolve("out.sql")).doesNotExist();
        }
    }

    @Test
    void aCancelStopsTheWaitForALockedDatabaseAtOnce() throws Exception {
        Path db = database();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = writer.createStatement();
             Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            s.execute("BEGIN EXCLUSIVE");
            CompletableFuture<ExportResult> future = exporter.exportAsync(ExportRequest.builder()
                    .destination(dir.resolve("out.sql")).build());
            Thread.sleep(300);

            CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> future.cancel(true));

            assertThat(cancel).succeedsWithin(1, TimeUnit.SECONDS).isEqualTo(true);
        }
    }

    @Test
    void anInterruptDuringTheWaitIsACancelNotABusyDatabase() throws Exception {
        Path db = database();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = writer.createStatement();
             Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            s.execute("BEGIN EXCLUSIVE");
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread exporting = new Thread(() -> {
                try {
                    exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).build());
                    failure.complete(null);
                } catch (Throwable e) {
                    failure.complete(e);
                }
                stillInterrupted.complete(Thread.currentThread().isInterrupted());
            });
            exporting.start();
            // Mostly asleep between SQLite's retries by now, where the interrupt lands in Thread.sleep.
            Thread.sleep(300);
            exporting.interrupt();

            assertThat(failure).succeedsWithin(1, TimeUnit.MINUTES)
                    .isInstanceOf(ExportCancelledException.class);
            assertThat(stillInterrupted).succeedsWithin(1, TimeUnit.MINUTES).isEqualTo(true);
            assertThat(dir.resolve("out.sql")).doesNotExist();
        }
    }

    @Test
    void withoutATimeoutALockedDatabaseIsBusyAfterSqliteJdbcsUsualWait() throws Exception {
        Path db = database();
        Path out = Files.writeString(dir.resolve("out.sql"), "the previous dump");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = writer.createStatement();
             Exporter exporter = D1Export.open("d1:sqlite:" + db)) {
            s.execute("BEGIN EXCLUSIVE");

            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out).build()))
                    .isInstanceOf(ExportBusyException.class).hasMessageContaining("another connection holds it locked")
                    .satisfies(e -> assertThat(((ExportBusyException) e).details().hint()).hasValueSatisfying(
                            hint -> assertThat(hint).contains("WAL").doesNotContain("integrity_check")));
            assertThat(Files.readString(out)).isEqualTo("the previous dump");

            s.execute("COMMIT");
            exporter.export(ExportRequest.builder().destination(out).build());
            assertThat(Files.readString(out)).contains("INSERT INTO");
        }
    }
}
