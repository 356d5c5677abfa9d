package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.sqlite.D1DumpWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One database's slow dump does not hold up the exports of the others. */
class FakeD1ServerExportConcurrencyTest {

    private static final String TOKEN = "concurrency-token";
    private static final String SLOW = "0b1d5e7c-1111-4222-8333-000000000001";
    private static final String QUICK = "0b1d5e7c-1111-4222-8333-000000000002";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CompletableFuture<HttpResponse<String>> export(FakeD1Server server, String databaseId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/accounts/" + server.accountId()
                        + "/d1/database/" + databaseId + "/export"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"output_format\":\"polling\"}")).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Whether some thread is inside a dump: the server's, as no other dump is made here. */
    private static boolean aDumpIsUnderWay() {
        return ThreadWatch.stacks().anyMatch(stack -> ThreadWatch.inMethod(stack, D1DumpWriter.class.getName(),
                "write"));
    }

    @Test
    void anotherDatabasesExportIsAnsweredWhileADumpIsStillBeingWritten() throws Exception {
        Path slowFile = Golden.copy("lab.sqlite", Files.createDirectories(dir.resolve("slow")));
        Path quickFile = Golden.copy("lab.sqlite", Files.createDirectories(dir.resolve("quick")));
        try (FakeD1Server server = FakeD1Server.builder().apiToken(TOKEN).database(SLOW, "slow", slowFile)
                .database(QUICK, "quick", quickFile).build();
                Connection writer = DriverManager.getConnection("jdbc:sqlite:" + slowFile)) {
            CompletableFuture<HttpResponse<String>> slow;
            try (Statement lock = writer.createStatement()) {
                // An exclusive lock on the slow database: its dump waits (SQLite's busy timeout) until it is released.
                lock.execute("BEGIN EXCLUSIVE");
                slow = export(server, SLOW);
                // The quick export is sent only once the slow one is inside its dump, held there by the lock: sent
                // earlier, it could be answered before the dump began, and the test would pass without its scenario.
                CompletableFuture<HttpResponse<String>> held = slow;
                ThreadWatch.await("the slow request to reach its dump", () -> {
                    assertThat(held).as("the slow request is still unanswered").isNotDone();
                    return aDumpIsUnderWay();
                });
                HttpResponse<String> quick = export(server, QUICK).get(30, TimeUnit.SECONDS);
                assertThat(quick.statusCode()).isEqualTo(202);
                assertThat(slow).as("the slow database's dump is still waiting for its lock").isNotDone();
                lock.execute("ROLLBACK");
            }
            assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
    }
}
