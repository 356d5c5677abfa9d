package dev.d1export.httptest;

import com.sun.net.httpserver.HttpServer;
import dev.d1export.spi.D1Export;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a child JVM by {@code ModulePathTest} with the provider, the SPI and Yasson on the module path: finds the
 * {@code cloudflare} provider through the facade and exports a small dump from the JDK's HTTP server, which proves the
 * module descriptor (service registration, JSON-B's reflective access) works. Exits 0 on success.
 */
public final class ModulePathExportMain {

    private ModulePathExportMain() {
    }

    /**
     * Runs the export.
     *
     * @param args the output file
     * @throws Exception never: failures exit with status 1
     */
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String origin = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/client/v4/accounts/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"type\":\"export\","
                    + "\"status\":\"complete\",\"success\":true,\"at_bookmark\":\"b\",\"messages\":[\"Done\"],"
                    + "\"result\":{\"filename\":\"m.sql\",\"signed_url\":\"" + origin + "/m.sql\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/m.sql", exchange -> {
            byte[] body = "PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE m(a);\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int status = 1;
        try (Exporter exporter = D1Export.open("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                + "0f2e4c6a-1111-4222-8333-944455556666", Map.of("api-token", "t", "base-url", origin + "/client/v4"))) {
            ExportResult result = exporter.export(ExportRequest.builder().destination(Path.of(args[0])).build());
            System.out.println("module=" + exporter.getClass().getModule().getName() + " messages="
                    + result.messages() + " bytes=" + result.bytes());
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            server.stop(0);
        }
        System.exit(status);
    }
}
