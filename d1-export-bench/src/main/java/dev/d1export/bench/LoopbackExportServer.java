package dev.d1export.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP/1.1 server on loopback that speaks just enough of the D1 export API for the benchmarks: the export
 * call answers {@code 202 active} until a configured time after the first call, then {@code 200 complete} with a signed
 * URL on this same server, which serves a pre-generated dump file with {@link FileChannel#transferTo} (sendfile), so
 * the server is never the bottleneck of the download it serves to both {@code curl} and the CLI.
 *
 * <p>Why not FakeD1Server: it produces its dumps from SQLite files at request time; a 1 GiB download needs a file
 * served as fast as the kernel can copy it. Why not {@code com.sun.net.httpserver}: it copies every byte through its
 * own buffered stream. Connections are kept alive; one thread per connection.
 *
 * <p>Routes: {@code POST .../d1/database/<id>/export}, {@code GET /dump/<name>?...} and {@code GET /_bench/stats}
 * (the {@link ExportTimeline} line).
 */
final class LoopbackExportServer implements Closeable {

    private static final int MAX_HEAD = 16 * 1024;
    private static final String BOOKMARK = "00000001-00000002-00004c6d-8e61117bf38d7adb71b934ebbf891683";

    private final ServerSocketChannel server;
    private final Path dump;
    private final ExportTimeline timeline;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-server-connection");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts a server on a free loopback port.
     *
     * @param dump        the file the signed URL serves
     * @param finishAfter nanoseconds after the first export call from which the export counts as finished
     * @throws IOException if the port cannot be bound
     */
    LoopbackExportServer(Path dump, long finishAfter) throws IOException {
        this.dump = dump;
        this.timeline = new ExportTimeline(finishAfter);
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        Thread acceptor = new Thread(this::acceptLoop, "bench-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("server socket closed", e);
        }
    }

    /**
     * The API base URL to give the cloudflare provider.
     *
     * @return {@code http://127.0.0.1:<port>/client/v4}
     */
    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/client/v4";
    }

    /**
     * The signed URL of the dump, as the complete answer gives it.
     *
     * @return the URL
     */
    String signedUrl() {
        return "http://127.0.0.1:" + port() + "/dump/" + dump.getFileName()
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=0123456789abcdef";
    }

    /**
     * What the server saw.
     *
     * @return the timeline
     */
    ExportTimeline timeline() {
        return timeline;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.execute(() -> serve(channel));
            } catch (IOException e) {
                if (server.isOpen()) {
                    System.err.println("bench server: accept failed: " + e);
                }
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
            while (true) {
                Request request = Request.read(channel, in);
                if (request == null) {
                    return;
                }
                respond(channel, request);
                if (request.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away (curl and the JDK client close after the download): nothing to report.
        }
    }

    private void respond(SocketChannel channel, Request request) throws IOException {
        String path = request.target();
        int query = path.indexOf('?');
        String route = query < 0 ? path : path.substring(0, query);
        if (request.method().equals("POST") && route.matches("/client/v4/accounts/[^/]+/d1/database/[^/]+/export")) {
            boolean start = !request.body().contains("current_bookmark");
            boolean finished = timeline.call(System.nanoTime(), start);
            String result = finished
                    ? "{\"type\":\"export\",\"status\":\"complete\",\"success\":true,\"at_bookmark\":\"" + BOOKMARK
                            + "\",\"messages\":[\"Finished uploading " + dump.getFileName() + " in 1 parts.\"],"
                            + "\"result\":{\"filename\":\"" + dump.getFileName() + "\",\"signed_url\":\""
                            + signedUrl() + "\"}}"
                    : "{\"type\":\"export\",\"status\":\"active\",\"at_bookmark\":\"" + BOOKMARK
                            + "\",\"messages\":[\"Generating " + dump.getFileName() + "\"]}";
            String json = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
            writeSmall(channel, finished ? 200 : 202, "application/json", json);
        } else if (request.method().equals("GET") && route.startsWith("/dump/")) {
            timeline.download();
            sendFile(channel);
        } else if (request.method().equals("GET") && route.equals("/_bench/stats")) {
            writeSmall(channel, 200, "text/plain", timeline.describe() + "\n");
        } else {
            writeSmall(channel, 404, "application/json",
                    "{\"success\":false,\"errors\":[{\"code\":7404,\"message\":\"no such route\"}],\"result\":null}");
        }
    }

    private static void writeSmall(SocketChannel channel, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + bytes.length + "\r\ncf-ray: 0000bench-LHR\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + bytes.length);
        out.put(head.getBytes(StandardCharsets.US_ASCII)).put(bytes).flip();
        writeFully(channel, out);
    }

    private void sendFile(SocketChannel channel) throws IOException {
        try (FileChannel file = FileChannel.open(dump, StandardOpenOption.READ)) {
            long size = file.size();
            String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                    + "\r\n\r\n";
            writeFully(channel, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            long position = 0;
            while (position < size) {
                position += file.transferTo(position, size - position, channel);
            }
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            default -> "Not Found";
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    /** One parsed request: enough of HTTP/1.1 for the JDK client and curl (no chunked request bodies). */
    private record Request(String method, String target, String body, boolean close) {

        /** Reads the next request, or {@code null} when the client closed the connection between requests. */
        static Request read(SocketChannel channel, ByteBuffer in) throws IOException {
            int headEnd;
            while ((headEnd = headEnd(in)) < 0) {
                if (!in.hasRemaining()) {
                    throw new IOException("request head too large");
                }
                if (channel.read(in) < 0) {
                    if (in.position() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed inside a request");
                }
            }
            String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            long length = 0;
            boolean close = false;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].toLowerCase(Locale.ROOT);
                if (line.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                } else if (line.startsWith("connection:") && line.contains("close")) {
                    close = true;
                }
            }
            int bodyStart = headEnd + 4;
            if (bodyStart + length > in.capacity()) {
                throw new IOException("request body too large");
            }
            while (in.position() < bodyStart + length) {
                if (channel.read(in) < 0) {
                    throw new EOFException("connection closed inside a request body");
                }
            }
            String body = new String(in.array(), bodyStart, (int) length, StandardCharsets.UTF_8);
            // Keep whatever follows (a pipelined request) at the start of the buffer.
            int consumed = bodyStart + (int) length;
            int rest = in.position() - consumed;
            System.arraycopy(in.array(), consumed, in.array(), 0, rest);
            in.position(rest);
            return new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "/", body, close);
        }

        private static int headEnd(ByteBuffer in) {
            byte[] a = in.array();
            for (int i = 0; i + 3 < in.position(); i++) {
                if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
