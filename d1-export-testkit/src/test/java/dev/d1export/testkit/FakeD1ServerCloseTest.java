package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing a FakeD1Server: what it releases, and closes from several threads at once (racing JUnit's afterAll). */
class FakeD1ServerCloseTest {

    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void concurrentClosesStopTheServerOnceWithoutFailing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 10; round++) {
                FakeD1Server server = FakeD1Server.builder().build();
                String url = server.baseUrl() + "/nowhere";
                assertThat(FakeD1ServerExtensionTest.get(url)).isEqualTo(404);
                CyclicBarrier together = new CyclicBarrier(THREADS);
                List<Future<?>> closes = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    closes.add(pool.submit(() -> {
                        together.await();
                        server.close();
                        return null;
                    }));
                }
                for (Future<?> close : closes) {
                    close.get(); // rethrows what a close threw
                }
                assertThat(server.toString()).contains("closed");
                assertThatThrownBy(() -> FakeD1ServerExtensionTest.get(url)).isInstanceOf(IOException.class);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts an export of {@code database} over HTTP, as a client would, with this class's token. */
    private static HttpResponse<String> startExport(FakeD1Server server, FakeDatabase database) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/accounts/"
                + server.accountId() + "/d1/database/" + database.uuid() + "/export"))
                .header("Authorization", "Bearer close-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"output_format\":\"polling\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void closingFreesBothPortsAndDeletesTheServedDumps() throws Exception {
        Path file = Golden.copy("lab.sqlite", dir);
        FakeD1Server server = FakeD1Server.builder().apiToken("close-token").database("lab", file)
                .pollsUntilComplete(0).build();
        int apiPort = URI.create(server.baseUrl()).getPort();
        int downloadPort = URI.create(server.downloadOrigin()).getPort();
        HttpResponse<String> done = startExport(server, server.database("lab").orElseThrow());
        Matcher id = Pattern.compile("/exports/([0-9a-f]+)/").matcher(done.body());
        assertThat(id.find()).as(done.body()).isTrue();
        // The server's own folder is the one in the temporary folder that holds this export's dump.
        Path dump;
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            dump = folders.filter(p -> p.getFileName().toString().startsWith("fake-d1-"))
                    .map(p -> p.resolve(id.group(1) + ".sql")).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new AssertionError("no served dump for export " + id.group(1)));
        }

        server.close();

        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int port : new int[] {apiPort, downloadPort}) {
            try (ServerSocket again = new ServerSocket(port, 0, loopback)) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            } catch (BindException e) {
                throw new AssertionError("port " + port + " is still bound after close(): " + e, e);
            }
        }
        assertThat(dump.getParent()).as("the server's folder").doesNotExist();
    }

    @Test
    void closingEndsAnExportStillRunning() throws Exception {
        Path file = Golden.copy("lab.sqlite", dir);
        FakeD1Server server = FakeD1Server.builder().apiToken("close-token").database("lab", file)
                .pollsUntilComplete(2).build();
        FakeDatabase lab = server.database("lab").orElseThrow();
        HttpResponse<String> started = startExport(server, lab);
        assertThat(started.body()).contains("\"status\":\"active\"");
        assertThat(server.isExportRunning(lab)).as("before close()").isTrue();

        server.close();

        // Nothing can poll it or download its dump any more: it must not count as running, for good.
        assertThat(server.isExportRunning(lab)).as("after close()").isFalse();
    }
}
