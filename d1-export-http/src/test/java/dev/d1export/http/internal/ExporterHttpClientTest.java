package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Who owns the exporter's HTTP client: its own is built once and closed once; the caller's is never closed. */
class ExporterHttpClientTest {

    @Test
    void theOwnClientIsBuiltOnceOnFirstUseAndClosedOnce() {
        ClosableHttpClient own = new ClosableHttpClient();
        AtomicInteger built = new AtomicInteger();
        ExporterHttpClient holder = new ExporterHttpClient(null, () -> {
            built.incrementAndGet();
            return own;
        });
        assertThat(built).hasValue(0);

        assertThat(holder.acquire()).isSameAs(own);
        holder.release();
        assertThat(holder.acquire()).isSameAs(own);
        holder.release();
        assertThat(built).hasValue(1);
        assertThat(own.closes()).as("released uses do not close it").isZero();

        holder.close();
        holder.close();
        assertThat(own.closes()).isEqualTo(1);
        assertThat(holder.isClosed()).isTrue();
        assertThatThrownBy(holder::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(built).hasValue(1);
    }

    @Test
    void closingBeforeAnyUseBuildsNothing() {
        AtomicInteger built = new AtomicInteger();
        ExporterHttpClient holder = new ExporterHttpClient(null, () -> {
            built.incrementAndGet();
            return new ClosableHttpClient();
        });

        holder.close();

        assertThat(built).hasValue(0);
        assertThatThrownBy(holder::acquire).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCallersClientIsUsedAndNeverClosed() {
        ClosableHttpClient callers = new ClosableHttpClient();
        ExporterHttpClient holder = new ExporterHttpClient(callers, () -> {
            throw new AssertionError("no own client when the caller gave one");
        });

        assertThat(holder.acquire()).isSameAs(callers);
        holder.release();
        holder.close();
        holder.close();

        assertThat(callers.closes()).isZero();
    }

    /**
     * On every Java version the own client's selector thread ends with close(): Java 21+ closes the client, Java 17-20
     * interrupt the thread (otherwise it would wait in native code until the client is collected, and hold up JVM
     * exit by 300 ms).
     */
    @Test
    void closingTheOwnClientEndsItsSelectorThread() throws Exception {
        ExporterHttpClient holder = ExporterHttpClient.of(settings());
        HttpClient client = holder.acquire();
        holder.release();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\((\\d+)\\)$").matcher(client.toString());
        assertThat(id.find()).as("the JDK client's toString ends with its id: %s", client).isTrue();
        Thread selector = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("HttpClient-" + id.group(1) + "-SelectorManager"))
                .findFirst().orElseThrow(() -> new AssertionError("no selector thread for " + client));
        assertThat(selector.isAlive()).isTrue();

        holder.close();

        selector.join(10_000);
        assertThat(selector.isAlive()).as("selector thread still running after close").isFalse();
    }

    @Test
    void closingWhileAnExportUsesTheClientReleasesItWhenThatExportEnds() {
        ClosableHttpClient own = new ClosableHttpClient();
        ExporterHttpClient holder = new ExporterHttpClient(null, () -> own);
        holder.acquire();
        holder.acquire();

        holder.close();
        assertThat(own.closes()).as("two exports still use it").isZero();
        assertThatThrownBy(holder::acquire).as("no new export once closed").isInstanceOf(IllegalStateException.class);
        holder.release();
        assertThat(own.closes()).as("one export still uses it").isZero();
        holder.release();
        assertThat(own.closes()).isEqualTo(1);
    }

    @Test
    void aClientThatIsNotTheJdksIsLeftAlone() {
        HttpClient stranger = new ClosableHttpClient();
        assertThat(ExporterHttpClient.stopSelectorThread(stranger)).isFalse();
    }

    private static CloudflareSettings settings() {
        return CloudflareSettings.from(dev.d1export.spi.ExportOptions.parse(
                "d1:cloudflare://0123456789abcdef0123456789abcdef/db").mutate().secret("api-token", "t").build(),
                name -> null, null);
    }

    @Test
    void theOwnClientNeverFollowsRedirects() {
        CloudflareSettings settings = CloudflareSettings.from(dev.d1export.spi.ExportOptions.parse(
                "d1:cloudflare://0123456789abcdef0123456789abcdef/db").mutate().secret("api-token", "t").build(),
                name -> null, null);
        ExporterHttpClient holder = ExporterHttpClient.of(settings);

        HttpClient client = holder.acquire();

        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(client.connectTimeout()).contains(settings.connectTimeout());
        // The selector the download's transport asks, too (SocketDumpTransport.withDefaultTls): the JVM's, with
        // loopback always direct.
        assertThat(client.proxy()).get().isInstanceOf(LoopbackDirectProxySelector.class);
        holder.release();
        holder.close();
    }
}
