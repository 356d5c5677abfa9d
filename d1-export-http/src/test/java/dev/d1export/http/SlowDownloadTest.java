package dev.d1export.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidOptionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download whose server trickles bytes (each within {@code request-timeout}, so no read times out) is cut when
 * fewer than {@code download-min-speed} bytes a second came during a {@code download-min-speed-time} window, and
 * then resumed as a broken one is, counted against {@code download-retries}. The object store is the JDK's own HTTP
 * server, trickling one byte at a time. The cases assert outcomes, not timings: the whole export's {@code timeout}
 * (far longer than the windows) is what would end a trickle that is not cut.
 */
class SlowDownloadTest {

    private static final byte[] DUMP = dump();
    private static final int FAST = 3000;
    private static final String ETAG = "\"5b1e-slow\"";
    private static final String SIGNATURE = "X-Amz-Signature=SIGNED-SECRET-77aa";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = stub();
    private final CloudflareStub.Events events = new CloudflareStub.Events();
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ifRanges = Collections.synchronizedList(new ArrayList<>());
    /** What the store does with each request, in order; the last one repeats. */
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer store;

    @TempDir
    Path dir;

    /** The stub the cases run against: exporters on their own client; a subclass runs them on a caller's. */
    CloudflareStub stub() {
        return new CloudflareStub(wm);
    }

    /** One answer of the object store, given where the request's Range starts (0 without one). */
    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange, int from) throws IOException, InterruptedException;
    }

    private static byte[] dump() {
        return dump(10_000);
    }

    private static byte[] dump(int size) {
        StringBuilder sb = new StringBuilder("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(a);\n");
        for (int i = 0; sb.length() < size; i++) {
            sb.append("INSERT INTO \"t\" VALUES(").append(i).append(");\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startStore() throws IOException {
        store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // One thread per answer: a trickle still being written must not hold back the resumed request.
        store.setExecutor(handlers);
        store.createContext("/dump.sql", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            Answer answer;
            synchronized (answers) {
                ranges.add(String.valueOf(range));
                ifRanges.add(String.valueOf(exchange.getRequestHeaders().getFirst("If-Range")));
                answer = answers.size() > 1 ? answers.remove(0) : answers.get(0);
            }
            int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            try {
                exchange.getResponseHeaders().add("ETag", ETAG);
                if (from > 0) {
                    exchange.getResponseHeaders().add("Content-Range",
                            "bytes " + from + "-" + (DUMP.length - 1) + "/" + DUMP.length);
                }
                answer.send(exchange, from);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        store.start();
        api.stubCalls(CloudflareStub.completeWith("t.sql",
                "http://127.0.0.1:" + store.getAddress().getPort() + "/dump.sql?" + SIGNATURE));
    }

    @AfterEach
    void stopStore() {
        store.stop(0);
        handlers.shutdownNow();
    }

    /**
     * From {@code from}: {@code fast} bytes at once, then one byte every 20 ms (50 bytes/s), until the dump's end or
     * the client hangs up.
     */
    private static Answer trickle(int fast) {
        return (exchange, from) -> {
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, DUMP.length - from);
            sendTrickling(exchange, from, fast);
        };
    }

    /** The dump from {@code from}: {@code fast} bytes at once, then one byte every 20 ms, each flushed. */
    private static void sendTrickling(HttpExchange exchange, int from, int fast)
            throws IOException, InterruptedException {
        try (OutputStream body = exchange.getResponseBody()) {
            int at = Math.min(DUMP.length, from + fast);
            body.write(DUMP, from, at - from);
            body.flush();
            for (; at < DUMP.length; at++) {
                Thread.sleep(20);
                body.write(DUMP[at]);
                body.flush();
            }
        }
    }

    /** The rest from {@code from}, all at once. */
    private static Answer fast() {
        return (exchange, from) -> {
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, DUMP.length - from);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP, from, DUMP.length - from);
            }
        };
    }

    /** Options for the cases: a 300 ms window, and an export timeout that ends a trickle nothing else stops. */
    private ExportOptions.Builder options(String minSpeed) {
        return api.options().option("download-min-speed", minSpeed).option("download-min-speed-time", "300ms")
                .option("timeout", "30s");
    }

    private void export(ExportOptions options, Path out) {
        try (Exporter exporter = api.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(out).listener(events).build());
        }
    }

    @Test
    void aTrickleBelowTheLimitIsCutAndResumed() throws IOException {
        answers.addAll(List.of(trickle(FAST), fast()));
        Path out = dir.resolve("out.sql");

        export(options("1024").build(), out);

        assertThat(Files.readAllBytes(out)).isEqualTo(DUMP);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).isEqualTo("null");
        assertThat(ranges.get(1)).startsWith("bytes=");
        assertThat(Integer.parseInt(ranges.get(1).replaceAll("\\D", ""))).isGreaterThanOrEqualTo(FAST);
        assertThat(ifRanges.get(1)).isEqualTo(ETAG);
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("slower than 1024 bytes/s for 300ms").contains("resuming at byte")
                .doesNotContain("SIGNED-SECRET"));
        assertNoTempFiles();
    }

    @Test
    void aTrickleThatPersistsFailsNamingTheLimitAndLeavesThePreviousFile() throws IOException {
        answers.add(trickle(FAST));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(options("1024").option("download-retries", "2").build(), out))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("failed after 3 attempts")
                .hasMessageContaining("slower than 1024 bytes/s for 300ms")
                .hasMessageContaining("nothing was written")
                .hasMessageNotContaining("SIGNED-SECRET");
        assertThat(ranges).hasSize(3);
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(2);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void zeroTurnsTheCheckOff() throws IOException {
        // 500 bytes every 100 ms at first, then the last 40 bytes one by one: far below 1 MB/s in every window.
        answers.add((exchange, from) -> {
            exchange.sendResponseHeaders(200, DUMP.length);
            try (OutputStream body = exchange.getResponseBody()) {
                int at = 0;
                for (; at < DUMP.length - 40; at += 500) {
                    body.write(DUMP, at, Math.min(500, DUMP.length - 40 - at));
                    body.flush();
                    Thread.sleep(100);
                }
                for (at = DUMP.length - 40; at < DUMP.length; at++) {
                    body.write(DUMP[at]);
                    body.flush();
                    Thread.sleep(5);
                }
            }
        });
        Path out = dir.resolve("out.sql");

        export(options("0").option("download-min-speed-time", "100ms").option("download-retries", "0").build(), out);

        assertThat(Files.readAllBytes(out)).isEqualTo(DUMP);
        assertThat(ranges).hasSize(1);
    }

    @Test
    void aFastDownloadWithABriefPauseIsNotCut() throws IOException {
        // Most of it at once, a pause shorter than the window, then the rest: every window is far above the limit.
        answers.add((exchange, from) -> {
            exchange.sendResponseHeaders(200, DUMP.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP, 0, 8000);
                body.flush();
                Thread.sleep(150);
                body.write(DUMP, 8000, DUMP.length - 8000);
            }
        });
        Path out = dir.resolve("out.sql");

        export(options("1024").option("download-retries", "0").build(), out);

        assertThat(Files.readAllBytes(out)).isEqualTo(DUMP);
        assertThat(ranges).hasSize(1);
    }

    @Test
    void aSlowOutputNeverMakesAWindowFail() {
        // The store sends everything at once; the caller's stream takes 60 ms a write, so the reader, which does not
        // read while it writes, gets far less than 1 MiB in each 300 ms. Only waiting for the body may count.
        byte[] big = dump(400_000);
        answers.add((exchange, from) -> {
            exchange.sendResponseHeaders(200, big.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(big);
            }
        });
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(60);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                sink.write(b, off, len);
            }
        };

        export(options("1048576").option("download-retries", "0").build(), slow);

        assertThat(sink.toByteArray()).isEqualTo(big);
        assertThat(ranges).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void badValuesAreRefusedByName() {
        CloudflareExportProvider provider = CloudflareExportProvider.builder().environment(name -> null).build();
        assertThatThrownBy(() -> provider.create(api.options().option("download-min-speed", "-1").build()))
                .isExactlyInstanceOf(InvalidOptionException.class).hasMessageContaining("download-min-speed")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> provider.create(api.options().option("download-min-speed", "2000000000").build()))
                .isExactlyInstanceOf(InvalidOptionException.class).hasMessageContaining("download-min-speed")
                .hasMessageContaining("2000000000");
        assertThatThrownBy(() -> provider.create(api.options().option("download-min-speed", "fast").build()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("download-min-speed")
                .hasMessageContaining("fast");
        assertThatThrownBy(() -> provider.create(api.options().option("download-min-speed-time", "0").build()))
                .isExactlyInstanceOf(InvalidOptionException.class).hasMessageContaining("download-min-speed-time")
                .hasMessageContaining("must be positive, got '0'");
        assertThatThrownBy(() -> provider.create(api.options().option("download-min-speed-time", "25h").build()))
                .isExactlyInstanceOf(InvalidOptionException.class).hasMessageContaining("download-min-speed-time")
                .hasMessageContaining("at most 24h, got '25h'");
        assertThat(CloudflareOptions.all()).extracting(o -> o.name())
                .contains("download-min-speed", "download-min-speed-time");
    }

    /**
     * As {@link #trickle(int)}, but chunked (no {@code Content-Length}): {@code fast} bytes at once, then one byte
     * every 20 ms, each its own chunk.
     */
    private static Answer chunkedTrickle(int fast) {
        return (exchange, from) -> {
            exchange.sendResponseHeaders(200, 0);
            sendTrickling(exchange, 0, fast);
        };
    }

    /** The whole dump at once, chunked (no {@code Content-Length}). */
    private static Answer chunkedFast() {
        return (exchange, from) -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(DUMP);
            }
        };
    }

    /** An answer that first notes how many bytes the caller's stream held when its request came. */
    private static Answer noting(List<Integer> held, ByteArrayOutputStream sink, Answer answer) {
        return (exchange, from) -> {
            held.add(sink.size());
            answer.send(exchange, from);
        };
    }

    private void export(ExportOptions options, OutputStream sink) {
        try (Exporter exporter = api.exporter(options)) {
            exporter.export(ExportRequest.builder().destination(sink).listener(events).build());
        }
    }

    @Test
    void aTrickleToACallersStreamIsResumedExactlyWhereTheStreamStopped() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<Integer> held = Collections.synchronizedList(new ArrayList<>());
        answers.addAll(List.of(noting(held, sink, trickle(FAST)), noting(held, sink, fast())));

        export(options("1024").build(), sink);

        // Byte for byte: nothing the stream already had is sent to it again, nothing is skipped.
        assertThat(sink.toByteArray()).isEqualTo(DUMP);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).isEqualTo("null");
        assertThat(held.get(0)).isZero();
        // The resumed request asks for the rest after exactly what the stream holds, of the same object.
        assertThat(held.get(1)).isGreaterThanOrEqualTo(FAST).isLessThan(DUMP.length);
        assertThat(ranges.get(1)).isEqualTo("bytes=" + held.get(1) + "-");
        assertThat(ifRanges.get(1)).isEqualTo(ETAG);
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("slower than 1024 bytes/s for 300ms").contains("resuming at byte " + held.get(1))
                .doesNotContain("SIGNED-SECRET"));
    }

    @Test
    void aTrickleToACallersStreamThatPersistsFailsSayingWhatTheStreamGot() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<Integer> held = Collections.synchronizedList(new ArrayList<>());
        // 1000 bytes at once from where each request starts: three attempts stay well short of the dump's end.
        answers.add(noting(held, sink, trickle(1000)));

        assertThatThrownBy(() -> export(options("1024").option("download-retries", "2").build(), sink))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("failed after 3 attempts")
                .hasMessageContaining("slower than 1024 bytes/s for 300ms")
                .hasMessageContaining("; " + sink.size() + " bytes of it were written to the output stream")
                .hasMessageNotContaining("SIGNED-SECRET");
        // Each attempt continued the stream: what it holds is the dump's start, no byte twice.
        assertThat(sink.size()).isGreaterThanOrEqualTo(3000).isLessThan(DUMP.length);
        assertThat(sink.toByteArray()).isEqualTo(Arrays.copyOf(DUMP, sink.size()));
        assertThat(ranges).hasSize(3);
        assertThat(held.get(1)).isGreaterThanOrEqualTo(1000);
        assertThat(held.get(2)).isGreaterThanOrEqualTo(held.get(1) + 1000);
        assertThat(ranges.subList(1, 3)).containsExactly("bytes=" + held.get(1) + "-", "bytes=" + held.get(2) + "-");
        assertThat(events.of(ExportEvent.Retry.class)).hasSize(2);
    }

    @Test
    void aChunkedTrickleIsCutAndRestartedFromTheStart() throws IOException {
        answers.addAll(List.of(chunkedTrickle(FAST), chunkedFast()));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        export(options("1024").build(), out);

        // The first answer's bytes were discarded, not kept before the second's: the dump once, byte for byte.
        assertThat(Files.readAllBytes(out)).isEqualTo(DUMP);
        // No length, so no resume point: the retry asks for the whole dump again, without Range or If-Range.
        assertThat(ranges).containsExactly("null", "null");
        assertThat(ifRanges).containsExactly("null", "null");
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("slower than 1024 bytes/s for 300ms").doesNotContain("resuming at byte")
                .doesNotContain(" of " + DUMP.length).doesNotContain("SIGNED-SECRET"));
        assertNoTempFiles();
    }

    @Test
    void aChunkedTrickleThatPersistsFailsAndLeavesThePreviousFile() throws IOException {
        answers.add(chunkedTrickle(FAST));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        assertThatThrownBy(() -> export(options("1024").option("download-retries", "1").build(), out))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("failed after 2 attempts")
                .hasMessageContaining("slower than 1024 bytes/s for 300ms")
                .hasMessageContaining("nothing was written")
                .hasMessageNotContaining("SIGNED-SECRET");
        assertThat(ranges).containsExactly("null", "null");
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aChunkedTrickleToACallersStreamFailsWithoutRepeatingBytes() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        // A whole dump waits for a second request, which must not come: the stream cannot be emptied for it.
        answers.addAll(List.of(chunkedTrickle(FAST), chunkedFast()));

        assertThatThrownBy(() -> export(options("1024").option("download-retries", "3").build(), sink))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("broke off (the download was slower than 1024 bytes/s for 300ms")
                .hasMessageContaining("cannot be resumed from there")
                .hasMessageContaining("cannot be retried")
                .hasMessageNotContaining("SIGNED-SECRET");
        assertThat(ranges).containsExactly("null");
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        // What the stream got stays the dump's start, once.
        assertThat(sink.size()).isGreaterThanOrEqualTo(FAST).isLessThan(DUMP.length);
        assertThat(sink.toByteArray()).isEqualTo(Arrays.copyOf(DUMP, sink.size()));
    }

    @Test
    void aTrickleCutBeforeTheDumpsFirstLineReachedTheStreamStartsItOverFromByteZero() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<Integer> held = Collections.synchronizedList(new ArrayList<>());
        // One byte every 50 ms from the first: the window is cut while the opening line is still held back.
        Answer crawl = (exchange, from) -> {
            exchange.sendResponseHeaders(200, DUMP.length);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int at = 0; at < DUMP.length; at++) {
                    body.write(DUMP[at]);
                    body.flush();
                    Thread.sleep(50);
                }
            }
        };
        answers.addAll(List.of(noting(held, sink, crawl), noting(held, sink, fast())));

        export(options("1024").build(), sink);

        assertThat(sink.toByteArray()).isEqualTo(DUMP);
        // Nothing had reached the stream, so there was nothing to resume after: the whole dump again, no Range.
        assertThat(held).containsExactly(0, 0);
        assertThat(ranges).containsExactly("null", "null");
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("slower than 1024 bytes/s for 300ms").doesNotContain("resuming at byte"));
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsOnly("out.sql");
        }
    }
}
