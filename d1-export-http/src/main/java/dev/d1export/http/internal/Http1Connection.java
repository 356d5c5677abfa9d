package dev.d1export.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection for one HTTP/1.1 exchange: plain on a loopback host (the only place {@link TransportSecurity}
 * allows plain HTTP), TLS otherwise, with the JDK's TLS and the host name checked against the certificate as
 * {@code https} requires. Reads wait at most a given time and end at once on an interrupt.
 *
 * <p>Plain connections read straight into a direct buffer from a non-blocking channel, waiting on a selector: at
 * loopback speed every copy shows. TLS connections read through an {@link SSLSocket} layered on the channel's socket,
 * whose reads honour a timeout and, the channel being interruptible, an interrupt.
 */
final class Http1Connection implements AutoCloseable {

    private final SocketChannel channel;
    private final SSLSocket tls;
    private Selector selector;
    private InputStream tlsIn;

    private Http1Connection(SocketChannel channel, SSLSocket tls) {
        this.channel = channel;
        this.tls = tls;
    }

    /**
     * Connects to the URL's host (and, for {@code https}, completes the TLS handshake).
     *
     * @param uri            the URL: {@code http} or {@code https}
     * @param sslContext     the TLS context for {@code https}
     * @param connectTimeout how long connecting may take
     * @param timeout        how long the TLS handshake may take
     * @return the connection
     * @throws HttpConnectTimeoutException if connecting took too long
     * @throws IOException                 if connecting failed
     * @throws InterruptedException        if the thread was interrupted
     */
    static Http1Connection open(URI uri, SSLContext sslContext, Duration connectTimeout, Duration timeout)
            throws IOException, InterruptedException {
        boolean secure = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        String host = host(uri);
        int port = port(uri);
        SocketChannel channel = SocketChannel.open();
        try {
            try {
                // The socket adaptor's connect honours a timeout, which SocketChannel.connect does not.
                channel.socket().connect(new InetSocketAddress(host, port), millis(connectTimeout));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("cannot connect within " + connectTimeout);
            }
            channel.socket().setTcpNoDelay(true);
            if (!secure) {
                return new Http1Connection(channel, null);
            }
            // Given the host, the JDK sends it as SNI (unless it is an IP literal), as HttpsURLConnection does.
            SSLSocket tls = (SSLSocket) sslContext.getSocketFactory().createSocket(channel.socket(), host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            // The certificate must name the host: without this a layered SSLSocket checks the chain only.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(millis(timeout));
            try {
                tls.startHandshake();
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("no TLS handshake within " + timeout);
            }
            return new Http1Connection(channel, tls);
        } catch (IOException e) {
            channel.close();
            throw failure(e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sends bytes (the request), blocking until they are written.
     *
     * @param bytes the bytes
     * @throws IOException          if the connection failed
     * @throws InterruptedException if the thread was interrupted
     */
    void write(byte[] bytes) throws IOException, InterruptedException {
        try {
            if (tls != null) {
                OutputStream out = tls.getOutputStream();
                out.write(bytes);
                out.flush();
            } else {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * A buffer suited to this connection's reads: direct for plain connections (the channel reads into it without a
     * copy), on the heap for TLS (the TLS socket reads into an array).
     *
     * @param capacity its size
     * @return an empty buffer, in write mode
     */
    ByteBuffer newBuffer(int capacity) {
        return tls == null ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /**
     * Reads what is available into the buffer, waiting for at least one byte at most {@code wait}.
     *
     * @param buffer where to read to, in write mode, with room left; one from {@link #newBuffer(int)}
     * @param wait   how long the server may stay silent
     * @return the bytes read, or -1 at the end of the stream
     * @throws HttpTimeoutException if nothing arrived in time
     * @throws IOException          if the connection failed
     * @throws InterruptedException if the thread was interrupted
     */
    int read(ByteBuffer buffer, Duration wait) throws IOException, InterruptedException {
        try {
            return tls != null ? readTls(buffer, wait) : readPlain(buffer, wait);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private int readTls(ByteBuffer buffer, Duration wait) throws IOException {
        if (tlsIn == null) {
            tlsIn = tls.getInputStream();
        }
        tls.setSoTimeout(millis(wait));
        try {
            int n = tlsIn.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            return n;
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("the server sent nothing for " + wait);
        }
    }

    private int readPlain(ByteBuffer buffer, Duration wait) throws IOException, InterruptedException {
        if (channel.isBlocking()) {
            channel.configureBlocking(false);
        }
        int n = channel.read(buffer);
        if (n != 0) {
            return n;
        }
        if (selector == null) {
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("the server sent nothing for " + wait);
            }
            // An interrupt wakes the selector up at once and leaves the thread's interrupt status set.
            selector.select(Math.max(1, left / 1_000_000L));
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            n = channel.read(buffer);
            if (n != 0) {
                return n;
            }
        }
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // Nothing to do: the channel is closed next either way.
        }
        try {
            if (tls != null) {
                tls.close();
            }
        } catch (IOException ignored) {
            // Closing a TLS socket sends close_notify, which may fail on a broken connection; the channel goes anyway.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already broken: nothing more to release.
        }
    }

    /** An I/O failure as thrown: an interrupt (which closed the channel under the read) as itself. */
    private static IOException failure(IOException e) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            InterruptedException interrupted = new InterruptedException();
            interrupted.initCause(e);
            throw interrupted;
        }
        return e;
    }

    /** The host to connect to: an IPv6 literal without its brackets. */
    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port, or the scheme's default. */
    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static int millis(Duration d) {
        long ms = Math.max(1, d.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
