package dev.d1export.http.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * Fetches a dump through a {@link HttpClient}: the caller's (so its proxy and TLS settings apply to the download too),
 * or the exporter's own when a proxy is configured for the signed URL's host. The body streams through a
 * {@link StreamingBody}.
 */
final class JdkDumpTransport implements DumpTransport {

    private final HttpClient client;

    /**
     * Creates the transport.
     *
     * @param client the client; it must not follow redirects
     */
    JdkDumpTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public DumpResponse get(URI uri, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        headers.forEach(builder::header);
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (IOException e) {
            String interim = ApiClient.interimLimitExceeded(e);
            if (interim != null) {
                // The JDK's cap on informational answers, as the own connection's (Http1Response): the store's
                // doing, refused without a retry, where the JDK's other ProtocolExceptions may be cured by one.
                throw new MalformedAnswerException("the server sent more informational answers before its final one"
                        + " than java.net.http reads: " + interim);
            }
            throw e;
        }
        StreamingBody body = StreamingBody.of(response.body());
        boolean chunked;
        long length;
        try {
            // As the own connection checks them (Http1Response): the JDK client frames the body itself, but would hand
            // over coded bytes, or chunk framing when Content-Length is there too, as the body.
            chunked = Http1Response.isChunked(response.headers());
            length = chunked ? -1 : Http1Response.contentLength(response.headers());
        } catch (java.net.ProtocolException e) {
            body.close();
            throw e;
        }
        // HTTP/2 marks the end of every stream; HTTP/1.1 only with a length or chunks.
        boolean delimited = response.version() != HttpClient.Version.HTTP_1_1 || chunked || length >= 0;
        return new DumpResponse() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean delimited() {
                return delimited;
            }

            @Override
            public List<ByteBuffer> next(Duration wait) throws IOException, InterruptedException {
                return body.next(wait);
            }

            @Override
            public void close() {
                body.close();
            }
        };
    }

    @Override
    public String toString() {
        return "JDK HttpClient";
    }
}
