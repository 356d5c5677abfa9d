package dev.d1export.http;

import com.sun.net.httpserver.HttpServer;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a child JVM with a small heap by {@link LargeDownloadMemoryTest}: serves the export API and a dump of the
 * requested size, generated on the fly, from the JDK's HTTP server on loopback, exports it with the real provider to
 * the given file and prints what it wrote. Exits 0 on success, 1 on any failure.
 */
public final class LargeDumpExportMain {

    /** The line every D1 dump opens with, which the provider checks. */
    static final byte[] HEADER = "PRAGMA defer_foreign_keys=TRUE;\n".getBytes(StandardCharsets.UTF_8);

    /** One line of the generated dump after its {@link #HEADER}; the size is reached by repeating it. */
    static final byte[] LINE = "INSERT INTO \"t\" (\"id\",\"v\") VALUES(1,'0123456789abcdef0123456789abcdef');\n"
            .getBytes(StandardCharsets.UTF_8);

    private LargeDumpExportMain() {
    }

    /**
     * Runs the export.
     *
     * @param args the output file, the dump size in bytes and, optionally, {@code callers-client} to export through
     *             a caller's {@code HttpClient} (which then carries the download)
     * @throws Exception never: failures exit with status 1
     */
    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        String origin = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/client/v4/accounts/", exchange -> {
            byte[] body = CloudflareStub.envelope("{\"type\":\"export\",\"status\":\"complete\",\"success\":true,"
                    + "\"at_bookmark\":\"b\",\"messages\":[],\"result\":{\"filename\":\"big.sql\",\"signed_url\":\""
                    + origin + "/dump.sql?sig=1\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/dump.sql", exchange -> {
            exchange.sendResponseHeaders(200, size);
            byte[] block = new byte[LINE.length * 1024];
            for (int i = 0; i < 1024; i++) {
                System.arraycopy(LINE, 0, block, i * LINE.length, LINE.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(HEADER);
                long left = size - HEADER.length;
                while (left > 0) {
                    int n = (int) Math.min(block.length, left);
                    out.write(block, 0, n);
                    left -= n;
                }
            }
        });
        server.start();
        int status = 1;
        try {
            ExportOptions options = ExportOptions.parse("d1:cloudflare://" + CloudflareStub.ACCOUNT + "/"
                    + CloudflareStub.DATABASE).mutate().secret("api-token", "t")
                    .option("base-url", origin + "/client/v4").build();
            AtomicLong lastProgress = new AtomicLong(-1);
            CloudflareExportProvider.Builder provider = CloudflareExportProvider.builder().environment(name -> null);
            if (args.length > 2 && args[2].equals("callers-client")) {
                provider.httpClient(java.net.http.HttpClient.newBuilder()
                        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build());
            }
            try (Exporter exporter = provider.build().create(options)) {
                ExportResult result = exporter.export(ExportRequest.builder().destination(output).listener(event -> {
                    if (event instanceof ExportEvent.DownloadProgress p) {
                        lastProgress.set(p.bytes());
                    }
                }).build());
                Runtime runtime = Runtime.getRuntime();
                System.out.println("bytes=" + result.bytes() + " progress=" + lastProgress.get() + " maxHeap="
                        + runtime.maxMemory());
                status = 0;
            }
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
        System.exit(status);
    }
}
