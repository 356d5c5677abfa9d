package dev.d1export.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LoopbackExportServer} in its own process (so it never shares CPU accounting or memory with the
 * process being measured) until it is killed:
 * {@code java -cp d1-export-bench.jar dev.d1export.bench.BenchServerMain <dump file> <finish after ms> <port file>}.
 * The port is written to the port file once the server listens.
 */
public final class BenchServerMain {

    private BenchServerMain() {
    }

    /**
     * Starts the server.
     *
     * @param args the dump file, the milliseconds after the first export call at which the export finishes, and the
     *             file to write the port to
     * @throws IOException          if the server cannot start
     * @throws InterruptedException never in practice: the process ends by being killed
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: BenchServerMain <dump file> <finish after ms> <port file>");
            System.exit(2);
        }
        Path dump = Path.of(args[0]);
        if (!Files.isRegularFile(dump)) {
            System.err.println("BenchServerMain: no such dump file: " + dump);
            System.exit(2);
        }
        long finishAfterNanos = Long.parseLong(args[1]) * 1_000_000L;
        LoopbackExportServer server = new LoopbackExportServer(dump, finishAfterNanos);
        Path portFile = Path.of(args[2]);
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        new CountDownLatch(1).await();
    }
}
