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

        assertThat(holder.get()).isSameAs(own);
        assertThat(holder.get()).isSameAs(own);
        assertThat(built).hasValue(1);

        holder.close();
        holder.close();
        assertThat(own.closes()).isEqualTo(1);
        assertThat(holder.isClosed()).isTrue();
        assertThatThrownBy(holder::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
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
        assertThatThrownBy(holder::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCallersClientIsUsedAndNeverClosed() {
        ClosableHttpClient callers = new ClosableHttpClient();
        ExporterHttpClient holder = new ExporterHttpClient(callers, () -> {
            throw new AssertionError("no own client when the caller gave one");
        });

        assertThat(holder.get()).isSameAs(callers);
        holder.close();
        holder.close();

        assertThat(callers.closes()).isZero();
    }

    @Test
    void theOwnClientNeverFollowsRedirects() {
        CloudflareSettings settings = CloudflareSettings.from(dev.d1export.spi.ExportOptions.parse(
                "d1:cloudflare://0123456789abcdef0123456789abcdef/db").mutate().secret("api-token", "t").build(),
                name -> null, null);
        ExporterHttpClient holder = ExporterHttpClient.of(settings);

        HttpClient client = holder.get();

        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(client.connectTimeout()).contains(settings.connectTimeout());
        holder.close();
    }
}
