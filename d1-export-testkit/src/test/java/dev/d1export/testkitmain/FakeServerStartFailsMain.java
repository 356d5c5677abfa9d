package dev.d1export.testkitmain;

import dev.d1export.testkit.FakeD1Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@code FakeD1ServerStartFailureTest}, with {@link StartFailingHttpServerProvider} as the
 * JDK's HTTP server provider: builds a FakeD1Server, whose download listener's {@code start()} throws an
 * {@link OutOfMemoryError}, then tries to bind each port the server's listeners had bound. Prints the Error it got,
 * then {@code released <port>} or {@code held <port>} for each.
 */
public final class FakeServerStartFailsMain {

    private FakeServerStartFailsMain() {
    }

    /**
     * Builds the server, expecting the Error, and tries its ports.
     *
     * @param args the SQLite file the server serves
     */
    public static void main(String[] args) {
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
        System.out.flush();
    }
}
