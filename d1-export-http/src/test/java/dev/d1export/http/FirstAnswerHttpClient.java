package dev.d1export.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A caller's {@link HttpClient} that, as java.net.http did before JDK-8292044 (Java 17 before 17.0.13), takes the
 * first answer on the connection for the final one, informational (1xx) or not: its status and headers, and as its
 * body (without {@code Content-Length}) everything the server sends until it closes the connection. Real HTTP/1.1
 * over a plain loopback socket, one exchange per connection; nothing else of a client (no TLS, no proxy, no
 * redirects).
 */
final class FirstAnswerHttpClient extends HttpClient {

    /** A hang guard: a stuck exchange fails the test after this rather than holding it. */
    private static final int HANG_GUARD_MILLIS = 30_000;

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        URI uri = request.uri();
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(HANG_GUARD_MILLIS);
        byte[] all;
        try (socket) {
            OutputStream out = socket.getOutputStream();
            byte[] body = bodyOf(request);
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n")
                    // One exchange per connection: the answer ends where the server closes it.
                    .append("Connection: close\r\n");
            request.headers().map().forEach((name, values) -> values.forEach(
                    value -> head.append(name).append(": ").append(value).append("\r\n")));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            all = socket.getInputStream().readAllBytes();
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IOException("no answer head in " + all.length + " bytes");
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            fields.computeIfAbsent(lines[i].substring(0, colon), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        HttpHeaders headers = HttpHeaders.of(fields, (name, value) -> true);
        byte[] rest = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public Version version() {
                return Version.HTTP_1_1;
            }
        });
        subscriber.onSubscribe(new OneBuffer<>(subscriber, rest));
        T body = subscriber.getBody().toCompletableFuture().join();
        return new Answer<>(request, status, headers, body);
    }

    private static byte[] bodyOf(HttpRequest request) throws IOException {
        if (request.bodyPublisher().isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        try {
            if (!done.await(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IOException("the request body never ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return bytes.toByteArray();
    }

    /** Delivers a body of one buffer, then its end, on the first request. */
    private static final class OneBuffer<T> implements Flow.Subscription {
        private final HttpResponse.BodySubscriber<T> subscriber;
        private final byte[] bytes;
        private final AtomicBoolean delivered = new AtomicBoolean();

        OneBuffer(HttpResponse.BodySubscriber<T> subscriber, byte[] bytes) {
            this.subscriber = subscriber;
            this.bytes = bytes;
        }

        @Override
        public void request(long n) {
            if (n > 0 && delivered.compareAndSet(false, true)) {
                subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
                subscriber.onComplete();
            }
        }

        @Override
        public void cancel() {
            delivered.set(true);
        }
    }

    private record Answer<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body)
            implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushes) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        throw new UnsupportedOperationException("plain HTTP only");
    }

    @Override
    public SSLParameters sslParameters() {
        return new SSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }
}
