package dev.d1export.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP server that answers each connection with a script of raw bytes, for answers no HTTP server library
 * would send: malformed heads, bodies cut short, silences. It records each request's head.
 */
public final class ScriptedServer implements AutoCloseable {

    /** What the server does on a connection once it has read the request's head. */
    @FunctionalInterface
    public interface Script {
        /**
         * Answers.
         *
         * @param out the connection
         * @throws IOException          when the client went away
         * @throws InterruptedException when the server stops
         */
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    /** What the server does on a connection once it has read the request's head, when it reads on too. */
    @FunctionalInterface
    public interface Conversation {
        /**
         * Answers, and may read what else the client sends, or see it close the connection (end of stream).
         *
         * @param in  the connection's input, after the request's head
         * @param out the connection's output
         * @throws IOException          when the client went away
         * @throws InterruptedException when the server stops
         */
        void answer(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /**
     * Starts the server.
     *
     * @param script how every connection is answered
     * @throws IOException if it cannot listen
     */
    public ScriptedServer(Script script) throws IOException {
        this((in, out) -> script.answer(out));
    }

    /**
     * Starts a server that reads on after the request's head.
     *
     * @param conversation how every connection is answered
     * @throws IOException if it cannot listen
     */
    public ScriptedServer(Conversation conversation) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    open.add(connection);
                    Thread worker = new Thread(() -> serve(connection, conversation),
                            "scripted-server-connection");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket connection, Conversation conversation) {
        try (connection) {
            InputStream in = connection.getInputStream();
            requests.add(readHead(in));
            OutputStream out = connection.getOutputStream();
            conversation.answer(in, out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // The client went away, or the script dropped the connection on purpose.
        }
    }

    /**
     * Reads a request's head, up to and with the empty line that ends it.
     *
     * @param in the connection's input
     * @return the head, one char per byte
     * @throws IOException if the connection failed
     */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The port. */
    public int port() {
        return socket.getLocalPort();
    }

    /** A URL on this server. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    /** The request heads received so far. */
    public List<String> requests() {
        return requests;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** The bytes of a text of ISO-8859-1 characters. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
