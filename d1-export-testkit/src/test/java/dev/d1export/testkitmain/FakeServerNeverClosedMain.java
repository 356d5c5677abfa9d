package dev.d1export.testkitmain;

import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.testkit.FakeD1Server;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Run in a child JVM by {@code FakeD1ServerLetsTheJvmExitTest}: starts FakeD1Server on a SQLite file, exports once
 * through it (so its listeners have served requests on their threads), then returns from {@code main} without
 * closing the server. The JVM should then exit by itself. Before returning it prints {@code returning} and the
 * threads other than {@code main} that are not daemons (those would keep the JVM alive), for the test to show.
 */
public final class FakeServerNeverClosedMain {

    private FakeServerNeverClosedMain() {
    }

    /**
     * Exports once, then returns with the server still open.
     *
     * @param args the SQLite file, the output file
     * @throws Exception any failure (the test reads the output)
     */
    public static void main(String[] args) throws Exception {
        FakeD1Server server = FakeD1Server.builder().apiToken("exit-token")
                .database("fa017000-0000-4000-8000-0000000000cc", "lab", Path.of(args[0])).pollsUntilComplete(1)
                .build();
        try (Exporter exporter = D1Export.open(server.exportUrl("lab"), server.clientProperties("exit-token"))) {
            exporter.export(ExportRequest.builder().destination(Path.of(args[1])).build());
        }
        String keepAlive = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                .map(Thread::getName).sorted().collect(Collectors.joining(", "));
        System.out.println("returning; threads that are not daemons: [" + keepAlive + "]");
        System.out.flush();
    }
}
