package dev.d1export.testkitmain;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.testkit.FakeD1Server;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@code FakeD1ServerWorkFolderTest}: starts FakeD1Server on a SQLite file, exports once (so the
 * server holds a served dump in its temporary folder), prints {@code ready} and waits, never closing the server, until
 * the test stops the process.
 */
public final class FakeServerUntilStoppedMain {

    private FakeServerUntilStoppedMain() {
    }

    /**
     * Exports once, then waits.
     *
     * @param args the SQLite file, the output file
     * @throws Exception any failure (the test reads the output)
     */
    public static void main(String[] args) throws Exception {
        FakeD1Server server = FakeD1Server.builder().apiToken("stop-token")
                .database("fa017000-0000-4000-8000-0000000000bb", "lab", Path.of(args[0])).pollsUntilComplete(1)
                .build();
        try (Exporter exporter = D1Export.open(server.exportUrl("lab"), server.clientProperties("stop-token"))) {
            exporter.export(ExportRequest.builder().destination(Path.of(args[1])).build());
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
