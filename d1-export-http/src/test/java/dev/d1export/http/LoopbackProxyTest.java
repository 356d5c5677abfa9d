package dev.d1export.http;

import static dev.d1export.http.CloudflareStub.ACCOUNT;
import static dev.d1export.http.CloudflareStub.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidOptionException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain HTTP is allowed on loopback only because its bytes never leave the machine: a proxy configured for the JVM
 * ({@code http.proxyHost}, often set through {@code JAVA_TOOL_OPTIONS} in CI) must never carry such a request, token
 * included, to another host, whichever spelling of loopback the base URL uses.
 */
class LoopbackProxyTest {

    private static final String SECRET = "tok-S3CR3T-value-never-shown";

    @TempDir
    Path dir;

    @AfterEach
    void clearProxy() {
        System.clearProperty("http.proxyHost");
        System.clearProperty("http.proxyPort");
    }

    /** A stand-in for proxy.corp.example:3128: gives the head of the first request it is sent, or "nothing". */
    private static CompletableFuture<String> firstRequestTo(ServerSocket proxy) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = proxy.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                s.getOutputStream().write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return head.toString(StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                return "nothing";
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
    }

    @Test
    void everySpellingOfLoopbackIsReachedDirectlyNeverThroughTheJvmsProxy() throws Exception {
        for (String host : List.of("[0:0:0:0:0:0:0:1]", "[0::1]", "127.0.0.2", "LOCALHOST")) {
            try (ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
                proxy.setSoTimeout(1500);
                // A port nothing listens on, and not the proxy's: the system may hand a freed port out again, and a
                // direct request to the proxy's port would look as if the proxy had been asked.
                int closedPort = proxy.getLocalPort();
                while (closedPort == proxy.getLocalPort()) {
                    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                        closedPort = free.getLocalPort();
                    }
                }
                System.setProperty("http.proxyHost", "127.0.0.1");
                System.setProperty("http.proxyPort", Integer.toString(proxy.getLocalPort()));
                CompletableFuture<String> seen = firstRequestTo(proxy);
                ExportOptions options = ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/" + DATABASE,
                        Map.of("api-token", SECRET, "base-url", "http://" + host + ":" + closedPort + "/client/v4",
                                "max-retries", "0"));

                try (Exporter exporter = CloudflareExportProvider.builder().environment(k -> null).build()
                        .create(options)) {
                    assertThatThrownBy(() -> exporter.export(ExportRequest.builder()
                            .destination(dir.resolve("out.sql")).build()))
                            .as(host).isInstanceOf(D1ExportException.class);
                }

                assertThat(seen.get(10, TimeUnit.SECONDS)).as(host + ": what the proxy was sent").isEqualTo("nothing");
            }
        }
    }

    @Test
    void aCallersClientThatWouldProxyPlainHttpToLoopbackIsRefusedBeforeAnyCall() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            proxy.setSoTimeout(1500);
            CompletableFuture<String> seen = firstRequestTo(proxy);
            HttpClient proxied = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.getLocalPort()))).build();
            ExportOptions plain = ExportOptions.parse("d1:cloudflare://" + ACCOUNT + "/" + DATABASE,
                    Map.of("api-token", SECRET, "base-url", "http://127.0.0.1:9/client/v4", "max-retries", "0"));

            // The provider's own client would go direct; this one names its proxy, so the pair is refused.
            assertThatThrownBy(() -> CloudflareExportProvider.create(plain, proxied))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("'http://127.0.0.1:9/client/v4' is plain http")
                    .hasMessageContaining("through its proxy (HTTP @ ")
                    .hasMessageNotContaining(SECRET);
            assertThat(seen.get(10, TimeUnit.SECONDS)).as("what the proxy was sent").isEqualTo("nothing");

            // https through the same client is the caller's choice (TLS end to end), and a client without a proxy
            // reaches loopback directly: both are accepted.
            ExportOptions tls = plain.mutate().option("base-url", "https://127.0.0.1:9/client/v4").build();
            CloudflareExportProvider.create(tls, proxied).close();
            HttpClient direct = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            CloudflareExportProvider.create(plain, direct).close();
        }
    }
}
