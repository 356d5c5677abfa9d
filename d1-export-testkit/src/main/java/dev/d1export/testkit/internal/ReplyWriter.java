package dev.d1export.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.d1export.testkit.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Sends a {@link Reply}, applying the transport faults: a dropped connection, a body cut off halfway, a slow body.
 *
 * <p>The JDK's server closes the connection when a handler throws, which is how a fault breaks the connection off: no
 * answer at all, or the headers and part of the body.
 */
public final class ReplyWriter {

    private static final int CHUNK = 1 << 16;

    private ReplyWriter() {
    }

    /**
     * Sends the reply.
     *
     * @param exchange the exchange
     * @param reply    the reply
     * @param fault    a transport fault to apply, or {@code null}
     * @throws IOException when the connection breaks, or on purpose to drop it
     */
    public static void send(HttpExchange exchange, Reply reply, Fault fault) throws IOException {
        Fault.Kind kind = fault == null ? Fault.Kind.NONE : fault.kind();
        if (kind == Fault.Kind.DROP_CONNECTION) {
            throw new DroppedConnection("fault: connection dropped before the answer");
        }
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            exchange.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        long length = reply.bytes() != null ? reply.bytes().length : reply.length();
        // Content-Length 0 must be sent as -1: the JDK's server reads 0 as "chunked".
        exchange.sendResponseHeaders(reply.status(), length == 0 ? -1 : length);
        if (length == 0) {
            exchange.close();
            return;
        }
        long limit = kind == Fault.Kind.TRUNCATED_BODY ? length / 2 : length;
        long rate = kind == Fault.Kind.SLOW_BODY ? fault.bytesPerSecond() : 0;
        OutputStream out = exchange.getResponseBody();
        try (InputStream in = reply.bytes() != null ? new java.io.ByteArrayInputStream(reply.bytes())
                : java.nio.channels.Channels.newInputStream(
                        java.nio.channels.FileChannel.open(reply.file()).position(reply.offset()))) {
            copy(in, out, limit, rate);
        }
        if (limit < length) {
            out.flush();
            throw new DroppedConnection("fault: body truncated after " + limit + " of " + length + " bytes");
        }
        out.close();
    }

    private static void copy(InputStream in, OutputStream out, long limit, long rate) throws IOException {
        int chunk = rate > 0 ? (int) Math.max(1, Math.min(CHUNK, rate / 10)) : CHUNK;
        byte[] buffer = new byte[chunk];
        long sent = 0;
        long start = System.nanoTime();
        while (sent < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            sent += n;
            if (rate > 0) {
                out.flush();
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("server stopping");
                    }
                }
            }
        }
    }

    /** Thrown on purpose so that the JDK's server closes the connection. */
    static final class DroppedConnection extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedConnection(String message) {
            super(message);
        }
    }
}
