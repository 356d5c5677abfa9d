package dev.d1export.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.http.internal.ScriptedServer;
import dev.d1export.spi.ExportEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link DownloadTest} with an exporter given the caller's {@code HttpClient}: the download then goes
 * through that client (so its proxy and TLS settings apply), not over the exporter's own connection.
 */
class DownloadThroughCallersClientTest extends DownloadTest {

    @TempDir
    Path folder;

    @Override
    CloudflareStub stub() {
        return CloudflareStub.withCallersClient(wm);
    }

    @Override
    @Test
    void theExportersOwnConnectionCarriesTheDownload() {
        // A cookie handler only the caller's client consults: the exporter's own connection never sends cookies.
        CloudflareStub api = CloudflareStub.withCallersClient(wm, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieHandler() {
                    @Override
                    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                        return Map.of("Cookie", List.of("via=callers-client"));
                    }

                    @Override
                    public void put(URI uri, Map<String, List<String>> headers) {
                    }
                }).build());
        api.stubCalls(api.complete());
        api.stubDump();

        try (var exporter = api.exporter()) {
            exporter.export(dev.d1export.spi.ExportRequest.builder().destination(folder.resolve("out.sql")).build());
        }

        LoggedRequest download = api.downloads().get(0);
        assertThat(download.getHeader("Cookie")).isEqualTo("via=callers-client");
        assertThat(download.getHeader("Accept-Encoding")).isEqualTo("identity");
        assertThat(download.getHeader("User-Agent")).startsWith("d1-export/");
    }

    /** A keep-alive server: connection 1 answers 503 then sends 4 stray bytes; anything else gets the dump. */
    static final class KeepAliveServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> log = new CopyOnWriteArrayList<>();

        KeepAliveServer() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        int n = connections.incrementAndGet();
                        Thread w = new Thread(() -> serve(s, n));
                        w.setDaemon(true);
                        w.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket s, int n) {
            byte[] dump = CloudflareStub.DUMP.getBytes(StandardCharsets.UTF_8);
            try (s) {
                OutputStream out = s.getOutputStream();
                for (int req = 1; readHead(s.getInputStream()); req++) {
                    log.add("connection " + n + " request " + req);
                    if (n == 1 && req == 1) {
                        out.write(ScriptedServer.ascii("HTTP/1.1 503 Slow Down\r\nContent-Length: 5\r\nRetry-After: 0"
                                + "\r\n\r\nSlow!"));
                        out.flush();
                        Thread.sleep(100);
                        out.write(ScriptedServer.ascii("junk"));
                        out.flush();
                    } else {
                        out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: " + dump.length + "\r\n\r\n"));
                        out.write(dump);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // gone
            }
        }

        private static boolean readHead(InputStream in) throws IOException {
            int c;
            int state = 0;
            while ((c = in.read()) >= 0) {
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
                if (state == 4) {
                    return true;
                }
            }
            return false;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/r2/d.sql?X-Amz-Signature=sig";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aProtocolErrorOfTheJdkOnAReusedConnectionIsRetriedNotRefused() throws Exception {
        // The client keeps connections open between attempts; stray bytes after a 503 put the next answer out of
        // step ("Invalid status line: junkHTTP/1.1 200 OK"). A new connection cures it, so it is not the server's
        // framing and is not refused at once as a malformed head is.
        CloudflareStub api = CloudflareStub.withCallersClient(wm);
        CloudflareStub.Events events = new CloudflareStub.Events();
        try (KeepAliveServer store = new KeepAliveServer()) {
            api.stubCalls(CloudflareStub.completeWith("d.sql", store.url()));
            Path out = folder.resolve("desync.sql");

            try (var exporter = api.exporter()) {
                exporter.export(dev.d1export.spi.ExportRequest.builder().destination(out).listener(events).build());
            }

            assertThat(Files.readString(out)).isEqualTo(CloudflareStub.DUMP);
            assertThat(events.of(ExportEvent.Retry.class)).extracting(ExportEvent.Retry::reason)
                    .contains("download: HTTP 503")
                    .anySatisfy(reason -> assertThat(reason).startsWith("download: ProtocolException: "));
        }
    }

}
