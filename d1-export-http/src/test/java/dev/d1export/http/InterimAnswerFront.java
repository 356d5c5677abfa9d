package dev.d1export.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback front for a WireMock server that sends raw informational (1xx) answers, such as Cloudflare's edge sends
 * {@code 103 Early Hints}, before each real answer: a request is passed on to WireMock as it came (on a connection
 * of its own, closed after one exchange), and its answer is written back after the given bytes, on a connection that
 * the front then closes. Counts the answers it fronted.
 */
final class InterimAnswerFront implements AutoCloseable {

    /** The longest request head the front reads; the provider's are far shorter. */
    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final int backendPort;
    private final byte[] interim;
    private final AtomicInteger fronted = new AtomicInteger();
    private final Thread acceptor;

    /**
     * Starts a front.
     *
     * @param backendPort WireMock's port on loopback
     * @param interim     the raw informational answers written before each real one, each ending in an empty line
     * @throws IOException if the front cannot listen
     */
    InterimAnswerFront(int backendPort, String interim) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.backendPort = backendPort;
        this.interim = interim.getBytes(StandardCharsets.US_ASCII);
        this.acceptor = new Thread(this::acceptAll, "interim-answer-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The front's base, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** How many real answers were sent after the informational ones. */
    int fronted() {
        return fronted.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread exchange = new Thread(() -> serve(client), "interim-answer-exchange");
                exchange.setDaemon(true);
                exchange.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            // Generous hang guards: a stuck exchange fails the test rather than holding it.
            client.setSoTimeout(30_000);
            backend.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            byte[] body = in.readNBytes(contentLength(head));
            OutputStream toBackend = backend.getOutputStream();
            // One exchange per connection, on both sides: the answer then ends where the backend closes.
            toBackend.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            toBackend.write(body);
            toBackend.flush();
            byte[] answer = backend.getInputStream().readAllBytes();
            OutputStream out = client.getOutputStream();
            out.write(interim);
            out.write(withConnectionClose(new String(answer, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            fronted.incrementAndGet();
        } catch (SocketException e) {
            // The client gave up on the exchange (a test that failed, or one that cancels): nothing to front.
        } catch (IOException e) {
            throw new IllegalStateException("the front failed an exchange", e);
        }
    }

    /** The head up to and including its empty line, or {@code null} if the client closed before sending one. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
            if (head.size() > MAX_HEAD) {
                throw new IOException("a request head longer than " + MAX_HEAD + " bytes");
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    /** A message (request or answer) with {@code Connection: close} as its first header and no other. */
    private static String withConnectionClose(String message) {
        int firstLineEnd = message.indexOf("\r\n");
        int headEnd = message.indexOf("\r\n\r\n");
        StringBuilder out = new StringBuilder(message.substring(0, firstLineEnd + 2)).append("Connection: close\r\n");
        for (String line : message.substring(firstLineEnd + 2, headEnd + 2).split("\r\n")) {
            if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("\r\n").append(message.substring(headEnd + 4)).toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
