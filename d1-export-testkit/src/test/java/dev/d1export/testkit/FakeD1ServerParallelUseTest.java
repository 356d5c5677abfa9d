package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe for tests that share one server in parallel: each adds a copy of the database under the same
 * name, exports it by id, and reads only its own lines of the journal; the server's reset waits for the end.
 */
class FakeD1ServerParallelUseTest {

    private static final String TOKEN = "parallel-token";

    @RegisterExtension
    static final FakeD1Server D1 = FakeD1Server.builder().apiToken(TOKEN).build();

    @TempDir
    Path dir;

    @AfterAll
    static void forget() {
        D1.reset();
    }

    @Test
    void copiesOfOneDatabaseExportAtOnceEachWithItsOwnJournal() throws Exception {
        ContractDatabase database = ContractDatabase.create(dir);
        int tests = 6;
        List<FakeDatabase> copies = new ArrayList<>();
        for (int i = 0; i < tests; i++) {
            copies.add(D1.addDatabase("app", Files.copy(database.file(), dir.resolve("app-" + i + ".sqlite"))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(tests);
        List<CompletableFuture<Path>> runs = new ArrayList<>();
        try {
            for (FakeDatabase copy : copies) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    Path out = dir.resolve(copy.uuid() + ".sql");
                    try (Exporter exporter = D1Export.open(D1.exportUrl(copy.uuid()), D1.clientProperties(TOKEN))) {
                        exporter.export(ExportRequest.builder().destination(out).build());
                    }
                    return out;
                }, pool));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        String expected = database.dump(List.of(), false, false, true);
        for (int i = 0; i < tests; i++) {
            assertThat(Files.readString(runs.get(i).get())).isEqualTo(expected);
            String id = copies.get(i).uuid();
            assertThat(D1.journal().of(Endpoint.EXPORT)).filteredOn(r -> r.path().contains(id))
                    .as("the start and two polls of this test's copy").hasSize(3);
        }
        assertThat(D1.journal().credentialLeaks()).isEmpty();
    }
}
