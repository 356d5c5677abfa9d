package dev.d1export.http.internal;

import dev.d1export.spi.ExportOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
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

    /** The largest read buffer of a TLS connection. */
    static final int TLS_BUFFER = 64 * 1024;

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final SocketChannel channel;
    private final SSLSocket tls;
    private Selector selector;
    private InputStream tlsIn;

    private Http1Connection(SocketChannel channel, SSLSocket tls) {
        this.channel = channel;
        this.tls = tls;
    }

    /**
     * Connects to the URL's host (and, for {@code https}, completes the TLS handshake), all by {@code end}.
     *
     * @param uri            the URL: {@code http} or {@code https}
     * @param sslContext     the TLS context for {@code https}
     * @param connectTimeout how long connecting may take at most
     * @param end            when looking the host up, connecting and the TLS handshake must be done
     *                       ({@link System#nanoTime()})
     * @return the connection
     * @throws HttpConnectTimeoutException if looking up or connecting took too long
     * @throws HttpTimeoutException        if the TLS handshake took too long
     * @throws IOException                 if connecting failed
     * @throws InterruptedException        if the thread was interrupted
     */
    static Http1Connection open(URI uri, SSLContext sslContext, Duration connectTimeout, long end)
            throws IOException, InterruptedException {
        boolean secure = isTls(uri);
        String host = host(uri);
        int port = port(uri);
        InetSocketAddress address = resolve(host, port, end);
        SocketChannel channel = SocketChannel.open();
        boolean opened = false;
        try {
            long connectNanos = Math.min(connectTimeout.toNanos(), end - System.nanoTime());
            if (connectNanos <= 0) {
                throw new HttpConnectTimeoutException("no time left to connect");
            }
            try {
                // The socket adaptor's connect honours a timeout, which SocketChannel.connect does not.
                channel.socket().connect(address, millis(Duration.ofNanos(connectNanos)));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("cannot connect within "
                        + Duration.ofNanos(connectNanos).toMillis() + " ms");
            }
            channel.socket().setTcpNoDelay(true);
            Http1Connection connection = secure
                    ? new Http1Connection(channel, handshake(sslContext, channel, host, port, end))
                    : new Http1Connection(channel, null);
            opened = true;
            return connection;
        } catch (IOException e) {
            throw failure(e);
        } finally {
            if (!opened) {
                channel.close();
            }
        }
    }

    private static SSLSocket handshake(SSLContext sslContext, SocketChannel channel, String host, int port, long end)
            throws IOException {
        // Given the host, the JDK sends it as SNI (unless it is an IP literal), as HttpsURLConnection does.
        SSLSocket tls = (SSLSocket) sslContext.getSocketFactory().createSocket(channel.socket(), host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        // The certificate must name the host: without this a layered SSLSocket checks the chain only.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        tls.setSSLParameters(parameters);
        long left = end - System.nanoTime();
        if (left <= 0) {
            throw new HttpTimeoutException("no time left for the TLS handshake");
        }
        tls.setSoTimeout(millis(Duration.ofNanos(left)));
        // The socket timeout bounds each read; the alarm bounds the handshake as a whole.
        ConnectionAlarm alarm = ConnectionAlarm.set(channel, left);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            if (alarm.turnOff() || e instanceof SocketTimeoutException) {
                throw new HttpTimeoutException("no TLS handshake within " + Duration.ofNanos(left).toMillis() + " ms");
            }
            throw e;
        } finally {
            alarm.close();
        }
        // Rung just as the handshake finished: the connection is closed (or closing) under us.
        if (alarm.turnOff()) {
            throw new HttpTimeoutException("no TLS handshake within " + Duration.ofNanos(left).toMillis() + " ms");
        }
        return tls;
    }

    /**
     * The address to connect to. A name is looked up on a thread of its own, so that the lookup, which the JDK does not
     * bound, ends for the caller at {@code end} or on an interrupt; an IP literal needs no lookup.
     */
    private static InetSocketAddress resolve(String host, int port, long end)
            throws IOException, InterruptedException {
        if (host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches()) {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        }
        FutureTask<InetSocketAddress> lookup = new FutureTask<>(() -> new InetSocketAddress(host, port));
        Thread thread = new Thread(lookup, "d1-export-lookup");
        thread.setDaemon(true);
        thread.start();
        InetSocketAddress address;
        try {
            address = lookup.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new HttpConnectTimeoutException("cannot look up " + host + " in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } finally {
            // Given up on (a timeout, an interrupt): the resolver may still block, but its thread is told to stop.
            lookup.cancel(true);
        }
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        return address;
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
     * copy), on the heap for TLS (the TLS socket reads into an array) and then at most {@value #TLS_BUFFER} bytes.
     *
     * @param capacity its size
     * @return an empty buffer, in write mode
     */
    ByteBuffer newBuffer(int capacity) {
        // A TLS socket hands over one record (at most 16 KiB) per read: a larger array would only take heap.
        return tls == null ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(Math.min(capacity, TLS_BUFFER));
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
            throw silentFor(wait);
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
                throw silentFor(wait);
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

    /** Whether the URL is {@code https} (else plain {@code http}). */
    static boolean isTls(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The scheme's default port. */
    static int defaultPort(URI uri) {
        return isTls(uri) ? 443 : 80;
    }

    /** The port, or the scheme's default. */
    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri);
    }

    private static int millis(Duration d) {
        long ms = Math.max(1, d.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /**
     * The timeout of a server that sent nothing for a whole wait, the wait written as options are ({@code 200ms}, in
     * whole milliseconds), not as {@link Duration} prints it ({@code PT0.198719788S}): {@code --verbose} shows it.
     */
    static HttpTimeoutException silentFor(Duration wait) {
        return new HttpTimeoutException("the server sent nothing for "
                + ExportOption.durationText(wait.truncatedTo(ChronoUnit.MILLIS)));
    }
}
