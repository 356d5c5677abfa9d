package dev.d1export.http.internal;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The JVM's proxy selector, except that a loopback host is always reached directly. Plain HTTP is allowed only on
 * loopback because the bytes never leave the machine; a proxy would carry them, {@code Authorization} header included,
 * to another host. The JDK's default selector exempts only {@code localhost}, {@code 127.*} and {@code [::1]}, not
 * every spelling this provider accepts as loopback ({@code [0:0:0:0:0:0:0:1]}).
 */
final class LoopbackDirectProxySelector extends ProxySelector {

    private final ProxySelector delegate;

    /**
     * Wraps a selector.
     *
     * @param delegate the selector for every other host
     */
    LoopbackDirectProxySelector(ProxySelector delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        if (host != null && TransportSecurity.isLoopback(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        return delegate.select(uri);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        delegate.connectFailed(uri, address, e);
    }
}
