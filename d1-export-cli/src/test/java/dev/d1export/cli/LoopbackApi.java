package dev.d1export.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal D1 export API on loopback, for answers FakeD1Server never gives (messages and errors with any characters
 * in them): each {@code POST} gets the next of the given JSON bodies (the last one repeats), {@code GET /dump.sql}
 * gets {@link #DUMP}. One request per connection, answered with {@code Connection: close}.
 */
final class LoopbackApi implements AutoCloseable {

    static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    static final String DATABASE = "0f2e4c6a-1111-4222-8333-944455556666";
    static final String DUMP = "PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(x);\n";
    private static final String PORT = "${port}";
    /** Starts an answer that has a status other than 200: the mark, the status, '|', the cf-ray, '|', the body. */
    private static final String STATUS_MARK = "\u0000status:";

    private final ServerSocket server;
    private final List<String> answers;
    private final AtomicInteger posts = new AtomicInteger();
    private final Thread acceptor;

    /** Starts the server; {@code answers} are the envelopes of the successive export calls. */
    LoopbackApi(List<String> answers) throws IOException {
        this.answers = List.copyOf(answers);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::serve, "loopback-api");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code d1:cloudflare://...} with this server as the base URL, quick polling and no retries. */
    String url() {
        return url(0);
    }

    /** {@code d1:cloudflare://...} with this server as the base URL, quick polling and quick retries. */
    String url(int maxRetries) {
        return "d1:cloudflare://" + ACCOUNT + "/" + DATABASE + "?base-url=http://127.0.0.1:" + server.getLocalPort()
                + "/client/v4&min-poll-interval=5ms&max-poll-interval=20ms&max-retries=" + maxRetries
                + "&retry-base-delay=5ms";
    }

    /**
     * An answer with an HTTP error status, a {@code cf-ray} header (sent as it is, any characters but CR, LF and
     * {@code |}) and the API's error envelope carrying this message.
     */
    static String httpError(int status, String rayId, String message) {
        return STATUS_MARK + status + "|" + rayId + "|{\"success\":false,\"errors\":[{\"code\":7500,\"message\":"
                + json(message) + "}],\"messages\":[],\"result\":null}";
    }

    /** A running export's envelope with these messages. */
    static String active(String... messages) {
        return envelope("{\"type\":\"export\",\"status\":\"active\",\"success\":true,\"at_bookmark\":\"b-1\","
                + "\"messages\":" + array(messages) + "}");
    }

    /** A complete export's envelope, its signed URL on this server (whose port is filled in when it is sent). */
    static String complete(String filename) {
        return envelope("{\"type\":\"export\",\"status\":\"complete\",\"success\":true,\"at_bookmark\":\"b-1\","
                + "\"messages\":[],\"result\":{\"filename\":" + json(filename) + ",\"signed_url\":\"http://127.0.0.1:"
                + PORT + "/dump.sql?X-Amz-Signature=abc\"}}");
    }

    /** A failed export's envelope with the server's reason. */
    static String failed(String error) {
        return envelope("{\"type\":\"export\",\"status\":\"error\",\"success\":false,\"at_bookmark\":\"b-1\","
                + "\"messages\":[],\"error\":" + json(error) + "}");
    }

    private static String envelope(String result) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
    }

    private static String array(String... texts) {
        StringBuilder sb = new StringBuilder("[");
        for (String text : texts) {
            sb.append(sb.length() > 1 ? "," : "").append(json(text));
        }
        return sb.append(']').toString();
    }

    /** A JSON string with every character below 0x20 escaped, so control characters arrive as the server meant. */
    static String json(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                handle(socket);
            } catch (IOException e) {
                // Closed, or a client that went away: the next connection is served anyway.
            }
        }
    }

    private void handle(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        long length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
        byte[] body;
        String type;
        int status = 200;
        String extraHeaders = "";
        if (requestLine.startsWith("POST ") && requestLine.contains("/d1/database/" + DATABASE + "/export ")) {
            int call = posts.getAndIncrement();
            String answer = answers.get(Math.min(call, answers.size() - 1));
            if (answer.startsWith(STATUS_MARK)) {
                String[] parts = answer.substring(STATUS_MARK.length()).split("\\|", 3);
                status = Integer.parseInt(parts[0]);
                extraHeaders = "cf-ray: " + parts[1] + "\r\n";
                answer = parts[2];
            }
            body = answer.replace(PORT, String.valueOf(server.getLocalPort())).getBytes(StandardCharsets.UTF_8);
            type = "application/json";
        } else if (requestLine.startsWith("GET /dump.sql")) {
            body = DUMP.getBytes(StandardCharsets.UTF_8);
            type = "application/octet-stream";
        } else {
            body = "{\"success\":false,\"errors\":[{\"code\":7404,\"message\":\"no route\"}],\"messages\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            type = "application/json";
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\n" + extraHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
