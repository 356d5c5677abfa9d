package dev.d1export.testkitmain;

import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@code FakeD1ServerStartFailureTest}, with {@link StartFailingHttpServerProvider} as the
 * JDK's HTTP server provider: builds a FakeD1Server, whose download listener's {@code start()} throws an
 * {@link OutOfMemoryError}, then tries to bind each port the server's listeners had bound. Prints the Error it got,
 * then {@code released <port>} or {@code held <port>} for each, then {@code left: [...]}, the {@code fake-d1-*}
 * folders in the temporary folder while the JVM still runs (its shutdown hook would remove one left behind).
 */
public final class FakeServerStartFailsMain {

    private FakeServerStartFailsMain() {
    }

    /**
     * Builds the server, expecting the Error, and tries its ports.
     *
     * @param args the SQLite file the server serves
     * @throws IOException if the temporary folder cannot be listed
     */
    public static void main(String[] args) throws IOException {
        try {
            FakeD1Server server = FakeD1Server.builder().apiToken("start-token")
                    .database("fa017000-0000-4000-8000-0000000000dd", "lab", Path.of(args[0])).build();
            System.out.println("started: " + server);
        } catch (Error e) {
            System.out.println("build failed: " + e);
        }
        System.out.println("ports: " + StartFailingHttpServerProvider.PORTS);
        for (int port : StartFailingHttpServerProvider.PORTS) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
                System.out.println("released " + port);
            } catch (IOException e) {
                System.out.println("held " + port + " (" + e.getMessage() + ")");
            }
        }
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            System.out.println("left: " + files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("fake-d1-")).toList());
        }
        System.out.flush();
    }
}
