package dev.d1export.bench;

import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the testkit's {@link FakeD1Server} in its own process until it is killed, serving one SQLite file as the
 * database {@code bench} and completing each export on its first call (targets 1 and 5 measure the tool, not the
 * pacing): {@code java -cp d1-export-bench.jar dev.d1export.bench.FakeServerMain <sqlite file> <token> <url file>
 * [<dump file>]}. With a dump file, every export serves that file as its dump ({@link FakeD1Server#serveDump}).
 * Writes the {@code d1:cloudflare://...?base-url=...} URL to the URL file once the server listens.
 */
public final class FakeServerMain {

    private FakeServerMain() {
    }

    /**
     * Starts the server.
     *
     * @param args the SQLite file, the API token to accept, the file to write the export URL to, and optionally a
     *             prepared dump to serve
     * @throws IOException          if the URL file cannot be written
     * @throws InterruptedException never in practice: the process ends by being killed
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: FakeServerMain <sqlite file> <api token> <url file> [<dump file>]");
            System.exit(2);
        }
        FakeD1Server server = FakeD1Server.builder()
                .apiToken(args[1])
                .database("11111111-2222-3333-4444-555555555555", "bench", Path.of(args[0]))
                .pollsUntilComplete(0)
                .build();
        if (args.length == 4) {
            server.serveDump("bench", Path.of(args[3]));
        }
        String url = server.exportUrl("11111111-2222-3333-4444-555555555555") + "?base-url=" + server.baseUrl();
        Path urlFile = Path.of(args[2]);
        Path tmp = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
        Files.writeString(tmp, url);
        Files.move(tmp, urlFile, StandardCopyOption.ATOMIC_MOVE);
        new CountDownLatch(1).await();
    }
}
