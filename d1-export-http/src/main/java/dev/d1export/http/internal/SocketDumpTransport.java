package dev.d1export.http.internal;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Fetches a dump over a connection of its own with a plain HTTP/1.1 {@code GET}, reading the body into one reused
 * buffer that is written to the output as it is (see {@link Http1Response}). This is the exporter's own way to
 * download: the JDK {@code HttpClient} hands a body over through its asynchronous pipeline, copying each buffer
 * between native and heap memory on the way, and fetched a 1 GiB dump on loopback at about 60% of {@code curl}'s
 * speed where this reaches it (the download benchmark in d1-export-bench).
 *
 * <p>When the proxy selector of the exporter's JDK client (the default {@link ProxySelector} when the client was
 * built) names a proxy for the signed URL, the download goes through that client instead, which applies it. An exporter given the caller's {@code HttpClient} never uses this
 * class: then every request, the download included, goes through that client.
 */
final class SocketDumpTransport implements DumpTransport {

    /** The body is read through a buffer this large: 1 MiB, direct for plain connections. */
    static final int BUFFER_BYTES = 1 << 20;

    private final Supplier<SSLContext> sslContext;
    private final Duration connectTimeout;
    private final ProxySelector proxies;
    private final DumpTransport proxied;

    /**
     * Creates the transport.
     *
     * @param sslContext     the TLS context for {@code https}
     * @param connectTimeout how long connecting may take at most
     * @param proxies        the proxy selector of the JDK client {@code proxied}, or {@code null} for none
     * @param proxied        the transport for URLs that {@code proxies} sends through a proxy
     */
    SocketDumpTransport(Supplier<SSLContext> sslContext, Duration connectTimeout, ProxySelector proxies,
            DumpTransport proxied) {
        this.sslContext = sslContext;
        this.connectTimeout = connectTimeout;
        this.proxies = proxies;
        this.proxied = proxied;
    }

    /**
     * The transport with the JDK's default TLS context, next to an exporter's JDK client.
     *
     * @param connectTimeout how long connecting may take at most
     * @param client         the exporter's own JDK client: its proxy selector decides which URLs go through it
     * @return the transport
     */
    static SocketDumpTransport withDefaultTls(Duration connectTimeout, java.net.http.HttpClient client) {
        return new SocketDumpTransport(SocketDumpTransport::defaultContext, connectTimeout,
                client.proxy().orElse(null), new JdkDumpTransport(client));
    }

    @Override
    public DumpResponse get(URI uri, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        if (proxied(uri)) {
            return proxied.get(uri, headers, timeout);
        }
        long end = System.nanoTime() + timeout.toNanos();
        byte[] request = request(uri, headers);
        SSLContext tls = Http1Connection.isTls(uri) ? sslContext.get() : null;
        Http1Connection connection = Http1Connection.open(uri, tls, connectTimeout, end);
        boolean answered = false;
        try {
            connection.write(request);
            Http1Response response = Http1Response.read(connection, BUFFER_BYTES, timeout, end);
            answered = true;
            return response;
        } finally {
            // Whatever went wrong (an OutOfMemoryError for the buffer included), the connection is not left open.
            if (!answered) {
                connection.close();
            }
        }
    }

    /**
     * The request's bytes. The URL's path and query go as they are (a {@link URI}'s raw parts hold no spaces or
     * control characters); the host as the URL has it, with its port unless it is the scheme's default.
     */
    static byte[] request(URI uri, Map<String, String> headers) {
        // A URI may hold non-ASCII characters; on the wire they are UTF-8, percent-encoded (as the JDK client sends).
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        int port = Http1Connection.port(uri);
        boolean defaultPort = port == Http1Connection.defaultPort(uri);
        StringBuilder text = new StringBuilder(256 + target.length())
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(defaultPort ? "" : ":" + port).append("\r\n");
        // No "Connection: close", though the connection is closed after the answer: told so, a server may stop
        // marking where the body ends (Jetty then sends neither Content-Length nor chunks), and a body that only ends
        // with the connection cannot be told from one cut short.
        headers.forEach((name, value) -> {
            if (!isSafe(name) || !isSafe(value)) {
                throw new IllegalArgumentException("a request header with a line break or control character");
            }
            text.append(name).append(": ").append(value).append("\r\n");
        });
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean isSafe(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private boolean proxied(URI uri) {
        if (proxies == null) {
            return false;
        }
        try {
            // The selector needs the scheme and host, not the signed query.
            List<Proxy> chosen = proxies.select(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/", null,
                    null));
            // Only an HTTP proxy: the JDK client connects directly when a selector names a SOCKS one, as we do.
            return chosen != null && !chosen.isEmpty() && chosen.get(0).type() == Proxy.Type.HTTP;
        } catch (java.net.URISyntaxException e) {
            return true;
        } catch (RuntimeException e) {
            // A selector that cannot answer: let the JDK client apply it and report what goes wrong.
            return true;
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    @Override
    public String toString() {
        return "own HTTP/1.1 connection";
    }
}
