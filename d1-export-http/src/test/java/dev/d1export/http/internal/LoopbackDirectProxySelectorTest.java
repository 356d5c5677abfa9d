package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The proxy selector of the exporter's own client: loopback is always reached directly (see
 * {@link dev.d1export.http.LoopbackProxyTest}), and every other host as the JVM's selector says, so that a network
 * that reaches the API only through a proxy still can.
 */
class LoopbackDirectProxySelectorTest {

    private static final Proxy CORPORATE = new Proxy(Proxy.Type.HTTP,
            InetSocketAddress.createUnresolved("proxy.corp.example", 3128));

    private final LoopbackDirectProxySelector selector = new LoopbackDirectProxySelector(
            ProxySelector.of(InetSocketAddress.createUnresolved("proxy.corp.example", 3128)));

    @Test
    void theApiHostAndTheObjectStoreGoThroughTheJvmsProxy() {
        assertThat(selector.select(URI.create("https://api.cloudflare.com/client/v4"))).containsExactly(CORPORATE);
        assertThat(selector.select(URI.create("https://bucket.r2.cloudflarestorage.com/")))
                .containsExactly(CORPORATE);
        // Looks like loopback to a careless prefix check, and is not.
        assertThat(selector.select(URI.create("http://localhost.example/"))).containsExactly(CORPORATE);
    }

    @Test
    void loopbackIsReachedDirectlyWhateverTheJvmsProxy() {
        assertThat(selector.select(URI.create("http://[0:0:0:0:0:0:0:1]:8080/client/v4")))
                .containsExactly(Proxy.NO_PROXY);
        assertThat(selector.select(URI.create("http://127.0.0.2:8080/"))).containsExactly(Proxy.NO_PROXY);
    }

    @Test
    void aUriWithoutAHostIsLeftToTheJvmsSelectorInsteadOfFailing() {
        // URI reads an authority it cannot split into a host and a port (here a '_' in the name) as having no host.
        URI noHost = URI.create("https://under_score.example/");
        assertThat(noHost.getHost()).isNull();

        assertThat(selector.select(noHost)).containsExactly(CORPORATE);
    }
}
