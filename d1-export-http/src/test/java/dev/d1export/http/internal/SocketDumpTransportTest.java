package dev.d1export.http.internal;

import static dev.d1export.http.internal.ScriptedServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exporter's own download connection against real sockets: a scripted raw server for every way an answer can be
 * framed or malformed, and the JDK's HTTPS server (with a certificate made by {@code keytool}) for TLS.
 */
class SocketDumpTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long a server waits for what the client should do at once: a hang guard only. */
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    private static KeyStore keyStore;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path store = keys.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
    }

    private static SSLContext trusting() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static SocketDumpTransport transport(SSLContext tls) {
        return new SocketDumpTransport(() -> tls, Duration.ofSeconds(5), null,
                new JdkDumpTransport(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()));
    }

    private static SocketDumpTransport transport() throws Exception {
        return transport(SSLContext.getDefault());
    }

    private static byte[] body(DumpResponse response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ByteBuffer> chunk;
        while ((chunk = response.next(WAIT)) != null) {
            for (ByteBuffer b : chunk) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.write(bytes);
            }
        }
        return out.toByteArray();
    }

    private static byte[] fetch(ScriptedServer server) throws Exception {
        try (DumpResponse response = transport().get(URI.create(server.url("/d.sql")), Map.of(), WAIT)) {
            return body(response);
        }
    }

    @Test
    void sendsAPlainGetAndReadsABodyOfContentLength() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"e1\"\r\nX-Two: a\r\nx-two: b\r\n\r\nhello")))) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("User-Agent", "d1-export/test");
            headers.put("Range", "bytes=3-");
            try (DumpResponse response = transport().get(URI.create(server.url("/r2/d.sql?X-Sig=a%2Fb&e=1")),
                    headers, WAIT)) {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("etag")).hasValue("\"e1\"");
                assertThat(response.headers().allValues("X-TWO")).containsExactly("a", "b");
                assertThat(body(response)).isEqualTo(ascii("hello"));
                assertThat(response.next(WAIT)).isNull();
            }
            assertThat(server.requests().get(0)).isEqualTo("GET /r2/d.sql?X-Sig=a%2Fb&e=1 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\n"
                    + "User-Agent: d1-export/test\r\nRange: bytes=3-\r\n\r\n");
        }
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.write(ascii("5;name=value\r\nhello\r\n"));
            out.flush();
            Thread.sleep(20);
            // A size line split across two reads.
            out.write(ascii("0"));
            out.flush();
            Thread.sleep(20);
            out.write(ascii("C\r\n, chunked!\r\n\r\n0\r\nX-Trailer: t\r\n\r\n"));
        })) {
            assertThat(new String(fetch(server))).isEqualTo("hello, chunked!\r\n");
        }
    }

    @Test
    void readsBodiesLargerThanItsBufferWholeWhateverTheFraming() throws Exception {
        byte[] data = new byte[5 * SocketDumpTransport.BUFFER_BYTES / 2 + 7];
        new Random(42).nextBytes(data);
        try (ScriptedServer byLength = new ScriptedServer(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\n\r\n"));
            out.write(data);
        }); ScriptedServer chunked = new ScriptedServer(out -> {
            // One chunk larger than the buffer, then a small one.
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"));
            int first = data.length - 100;
            out.write(ascii(Integer.toHexString(first) + "\r\n"));
            out.write(data, 0, first);
            out.write(ascii("\r\n64\r\n"));
            out.write(data, first, 100);
            out.write(ascii("\r\n0\r\n\r\n"));
        }); ScriptedServer toTheEnd = new ScriptedServer(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\n\r\n"));
            out.write(data);
        })) {
            assertThat(fetch(byLength)).isEqualTo(data);
            assertThat(fetch(chunked)).isEqualTo(data);
            assertThat(fetch(toTheEnd)).isEqualTo(data);
            try (DumpResponse response = transport().get(URI.create(toTheEnd.url("/")), Map.of(), WAIT)) {
                assertThat(response.delimited()).as("its end is only where the connection ends").isFalse();
            }
        }
    }

    @Test
    void skipsInformationalAnswersAndReadsNoBodyFor204() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
                        + "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n")))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThat(response.statusCode()).isEqualTo(204);
                assertThat(response.headers().map()).doesNotContainKey("Link");
                assertThat(body(response)).isEmpty();
            }
        }
    }

    @Test
    void eightInformationalAnswersAreSkippedButANinthIsRefusedAtOnceNamingWhatCame() throws Exception {
        String hints = "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n";
        try (ScriptedServer eight = new ScriptedServer(out -> out.write(ascii(hints.repeat(8)
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
             ScriptedServer endless = new ScriptedServer(out -> {
                 // A store that keeps hinting and never answers: without a cap only the time limit would end it.
                 while (true) {
                     out.write(ascii(hints));
                     out.flush();
                     Thread.sleep(50);
                 }
             })) {
            assertThat(fetch(eight)).isEqualTo(ascii("ok"));
            assertThatThrownBy(() -> fetch(endless)).isInstanceOf(MalformedAnswerException.class)
                    .hasMessage("the server sent more than 8 informational answers, the last HTTP 103, and no final"
                            + " one");
        }
    }

    @Test
    void aNotModifiedAnswerHasNoBodyWhateverItsContentLengthSays() throws Exception {
        // RFC 9112 (6.3): a 304's Content-Length is that of the body it stands for, which is not sent.
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii(
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThat(response.statusCode()).isEqualTo(304);
                assertThat(response.contentLength()).isZero();
                assertThat(body(response)).isEmpty();
            }
        }
    }

    @Test
    void anErrorAnswerIsReadLikeAnyOther() throws Exception {
        String xml = "<Error><Code>AccessDenied</Code></Error>";
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii(
                "HTTP/1.1 403 \r\nContent-Type: application/xml\r\nContent-Length: " + xml.length() + "\r\n\r\n" + xml)))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThat(response.statusCode()).isEqualTo(403);
                assertThat(new String(response.readAll(WAIT, 4096))).isEqualTo(xml);
            }
        }
    }

    @Test
    void aSmallAnswerIsReadWholeUpToItsLimitExactlyAndRefusedPastIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 403 \r\nContent-Length: 10\r\n\r\n0123456789")))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                // A wait beyond what nanoseconds can count is a wait without end, not an overflow.
                assertThat(response.readAll(Duration.ofDays(1000 * 365), 10)).isEqualTo(ascii("0123456789"));
            }
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThatThrownBy(() -> response.readAll(WAIT, 9)).isInstanceOf(IOException.class)
                        .hasMessage("the answer is larger than 9 bytes");
            }
        }
    }

    @Test
    void aBodyCutShortSaysHowMuchWasMissing() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(40))))) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("60 bytes of the body still to come");
        }
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")))) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("13 bytes of the chunk still to come");
        }
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")))) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("before the end of the chunked body");
        }
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-")))) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(EOFException.class);
        }
        try (ScriptedServer server = new ScriptedServer(out -> { })) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("without an answer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/2 200 OK\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: no name\r\nContent-Length: 0\r\n\r\n",
        // Whitespace before the first header (RFC 9112, 2.2: a client may refuse it): no field it could continue.
        "HTTP/1.1 200 OK\r\n\tX-A: 1\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded: 2\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12345678901234567890\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Ray: a\u0001b\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Ray: a\u007fb\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\u0000\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.X 200 OK\r\n\r\n",
    })
    void aMalformedAnswerIsAProtocolExceptionThatQuotesItSafely(String answer) throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii(answer)))) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(ProtocolException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n").hasSizeLessThan(200));
        }
    }

    @Test
    void tabsAroundAHeaderValueAreNotPartOfItAndATabWithinItIsKept() throws Exception {
        // RFC 9110 (5.5): a value may hold HTAB; the OWS (spaces and tabs) around it is not part of it.
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n"
                + "Content-Length:\t2\t\r\nETag:\t \"v1\"\t\r\nX-Note: a\tb\r\n\r\nok")));
             ScriptedServer chunked = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n"
                + "Transfer-Encoding:\tchunked\t\r\n\r\n2\t;\text\r\nok\r\n0\r\n\r\n")))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThat(response.contentLength()).isEqualTo(2);
                assertThat(response.headers().firstValue("etag")).hasValue("\"v1\"");
                assertThat(response.headers().firstValue("x-note")).hasValue("a\tb");
                assertThat(body(response)).isEqualTo(ascii("ok"));
            }
            assertThat(fetch(chunked)).isEqualTo(ascii("ok"));
        }
    }

    @Test
    void aFoldedHeaderLineContinuesTheValueBeforeItWithASpaceAsRfc9112AsksOfAClient() throws Exception {
        // RFC 9112 (5.2): a user agent MUST replace each obs-fold (a line break before a space or tab) with a space;
        // java.net.http does, and a download through it read these answers.
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n"
                + "X-Note: one\r\n\ttwo\r\n   three \r\nContent-Length:\r\n\t2\r\nCF-Ray: r\r\n\r\nok")))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThat(response.headers().allValues("x-note")).containsExactly("one two three");
                assertThat(response.headers().firstValue("cf-ray")).hasValue("r");
                assertThat(response.contentLength()).isEqualTo(2);
                assertThat(body(response)).isEqualTo(ascii("ok"));
            }
        }
    }

    @Test
    void aFoldedLineIsCheckedAsPartOfItsValue() throws Exception {
        // Joined, the value is checked as one: a fold cannot smuggle a second length or a control character past it.
        try (ScriptedServer lengths = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n"
                + "Content-Length: 2\r\n 5\r\n\r\nok")));
             ScriptedServer control = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n"
                + "X-Note: a\r\n\tb\u0001\r\nContent-Length: 2\r\n\r\nok")))) {
            assertThatThrownBy(() -> fetch(lengths)).isInstanceOf(MalformedAnswerException.class)
                    .hasMessage("malformed Content-Length in the answer: '2 5'");
            assertThatThrownBy(() -> fetch(control)).isInstanceOf(MalformedAnswerException.class)
                    .hasMessage("a header of the answer has a control character in its value: 'X-Note'");
        }
    }

    @Test
    void headersLargerThanTheLimitAreRefused() throws Exception {
        String big = "X-Big: " + "y".repeat(1000) + "\r\n";
        try (ScriptedServer server = new ScriptedServer(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\n"));
            for (int i = 0; i < 100; i++) {
                out.write(ascii(big));
            }
            out.write(ascii("\r\n"));
        })) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(ProtocolException.class)
                    .hasMessage("the answer's head (status line and headers) is longer than 64 KiB");
        }
    }

    @Test
    void trailerFieldsLargerThanTheHeadLimitAreRefused() throws Exception {
        // Trailers are skipped, not kept, so without a limit a server could keep a download reading them forever.
        String big = "X-Big: " + "y".repeat(1000) + "\r\n";
        try (ScriptedServer server = new ScriptedServer(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n"));
            for (int i = 0; i < 100; i++) {
                out.write(ascii(big));
            }
            out.write(ascii("\r\n"));
        })) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(ProtocolException.class)
                    .hasMessage("the answer's trailer fields are larger than 65536 bytes");
        }
    }

    @Test
    void aServerThatStaysSilentTimesOutBeforeAndDuringTheBody() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer silent = new ScriptedServer(out -> release.await());
             ScriptedServer stalls = new ScriptedServer(out -> {
                 out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
                 out.flush();
                 release.await();
             })) {
            // The wait is written as options are (200ms, in whole ms), not as Duration prints it (PT0.198719788S).
            assertThatThrownBy(() -> transport().get(URI.create(silent.url("/")), Map.of(), Duration.ofMillis(200)))
                    .isInstanceOf(HttpTimeoutException.class)
                    .hasMessageMatching("the server sent nothing for [0-9]{1,3}ms");
            try (DumpResponse response = transport().get(URI.create(stalls.url("/")), Map.of(), WAIT)) {
                assertThat(response.next(WAIT)).hasSize(1);
                assertThatThrownBy(() -> response.next(Duration.ofMillis(200)))
                        .isInstanceOf(HttpTimeoutException.class)
                    .hasMessageMatching("the server sent nothing for [0-9]{1,3}ms");
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void anInterruptEndsAWaitForTheBody() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer stalls = new ScriptedServer(out -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"));
            out.flush();
            release.await();
        })) {
            assertThat(interruptedWhileReading(() -> {
                try (DumpResponse response = transport().get(URI.create(stalls.url("/")), Map.of(), WAIT)) {
                    response.next(Duration.ofMinutes(5));
                }
            })).isInstanceOf(InterruptedException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aDeadlineAlreadyPassedIsAConnectTimeoutWithoutARequest() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 204 \r\n\r\n")))) {
            assertThatThrownBy(() -> transport().get(URI.create(server.url("/")), Map.of(), Duration.ZERO))
                    .isInstanceOf(HttpConnectTimeoutException.class).hasMessage("no time left to connect");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aRefusedConnectionIsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> transport().get(URI.create("http://127.0.0.1:" + port + "/"), Map.of(), WAIT))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aRequestHeaderWithALineBreakIsNeverSent() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n\r\n")))) {
            assertThatThrownBy(() -> transport().get(URI.create(server.url("/")),
                    Map.of("If-Range", "\"a\"\r\nAuthorization: x"), WAIT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Authorization");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aRequestHeaderWithATabDeleteOrNonAsciiCharacterIsNeverSentButOneWithASpaceIs() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 204 \r\n\r\n")))) {
            for (String value : List.of("\"a\tb\"", "\"a\u007fb\"", "\"\u00e9\"", "\"a\u001fb\"")) {
                assertThatThrownBy(() -> transport().get(URI.create(server.url("/")), Map.of("If-Range", value),
                        WAIT)).as("If-Range: %s", value).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(server.requests()).isEmpty();
            // A space and a tilde, the outermost characters a header may hold, go as they are.
            try (DumpResponse response = transport().get(URI.create(server.url("/")),
                    Map.of("If-Range", "W/\" a~\""), WAIT)) {
                assertThat(response.statusCode()).isEqualTo(204);
            }
            assertThat(server.requests().get(0)).contains("\r\nIf-Range: W/\" a~\"\r\n");
        }
    }

    @Test
    void theHostHeaderLeavesOutOnlyTheSchemesOwnDefaultPortAndAnEmptyPathIsTheRoot() {
        // What a server (and a signature over the host) sees: RFC 9112 (3.2) leaves the default port out.
        assertThat(requestHead("https://bucket.example/d.sql?X-Sig=s"))
                .isEqualTo("GET /d.sql?X-Sig=s HTTP/1.1\r\nHost: bucket.example\r\n\r\n");
        assertThat(requestHead("https://bucket.example:443?X-Sig=s"))
                .isEqualTo("GET /?X-Sig=s HTTP/1.1\r\nHost: bucket.example\r\n\r\n");
        assertThat(requestHead("http://127.0.0.1:80")).isEqualTo("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(requestHead("https://bucket.example:80/d.sql"))
                .isEqualTo("GET /d.sql HTTP/1.1\r\nHost: bucket.example:80\r\n\r\n");
        assertThat(requestHead("http://[::1]:443/d.sql"))
                .isEqualTo("GET /d.sql HTTP/1.1\r\nHost: [::1]:443\r\n\r\n");
    }

    private static String requestHead(String url) {
        return new String(SocketDumpTransport.request(URI.create(url), Map.of()), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aUrlTheClientsProxySelectorProxiesGoesThroughTheJdkClientAndItsProxy() throws Exception {
        ProxySelector previous = ProxySelector.getDefault();
        try (ScriptedServer proxy = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nproxied")))) {
            ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())));
            // As an exporter does: the JDK client built with the default selector, whose choice the transport follows.
            SocketDumpTransport transport = SocketDumpTransport.withDefaultTls(Duration.ofSeconds(5),
                    HttpClient.newBuilder().proxy(ProxySelector.getDefault()).build());
            ProxySelector.setDefault(previous);
            try (DumpResponse response = transport.get(URI.create("http://127.0.0.1:9/d.sql"), Map.of(), WAIT)) {
                assertThat(body(response)).isEqualTo(ascii("proxied"));
            }
            // A proxy is asked for the whole URL.
            assertThat(proxy.requests().get(0)).startsWith("GET http://127.0.0.1:9/d.sql HTTP/1.1\r\n");
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    @Test
    void aSocksProxyIsNotUsedByEitherClientSoTheDownloadGoesDirect() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ndirect")))) {
            ProxySelector socks = new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 9)));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            };
            SocketDumpTransport transport = new SocketDumpTransport(() -> null, Duration.ofSeconds(5),
                    socks, new JdkDumpTransport(HttpClient.newBuilder().proxy(socks).build()));
            try (DumpResponse response = transport.get(URI.create(server.url("/d.sql")), Map.of(), WAIT)) {
                assertThat(body(response)).isEqualTo(ascii("direct"));
            }
            // The own connection's request, head for head: the JDK client's would name itself in a User-Agent.
            assertThat(server.requests().get(0))
                    .isEqualTo("GET /d.sql HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n");
        }
    }

    /** A proxy selector that records what it is asked and answers with {@code answer}, or throws if that is null. */
    private static ProxySelector selector(List<URI> asked, List<Proxy> answer) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                if (answer == null) {
                    throw new IllegalStateException("no answer");
                }
                return answer;
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
    }

    private static JdkDumpTransport unproxiedJdkClient() {
        return new JdkDumpTransport(HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build());
    }

    @Test
    void theProxySelectorIsNeverShownTheSignedQueryAndNoProxyMeansTheOwnConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ndirect")))) {
            for (List<Proxy> none : List.of(List.<Proxy>of(), List.of(Proxy.NO_PROXY))) {
                List<URI> asked = new ArrayList<>();
                SocketDumpTransport transport = new SocketDumpTransport(() -> null, Duration.ofSeconds(5),
                        selector(asked, none), unproxiedJdkClient());
                try (DumpResponse response = transport.get(URI.create(server.url("/r2/d.sql?X-Sig=SECRET")),
                        Map.of(), WAIT)) {
                    assertThat(body(response)).isEqualTo(ascii("direct"));
                }
                // A selector is the caller's code, and may log what it is asked: the signature is not its business.
                assertThat(asked).containsExactly(URI.create("http://127.0.0.1:" + server.port() + "/"));
            }
            assertThat(server.requests()).hasSize(2).allSatisfy(head -> assertThat(head)
                    .as("the own connection's head: the JDK client's names itself in a User-Agent")
                    .isEqualTo("GET /r2/d.sql?X-Sig=SECRET HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n"));
        }
    }

    @Test
    void aProxySelectorThatFailsLeavesTheDownloadToTheJdkClient() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\njdk")))) {
            // The JDK client given here has no proxy of its own: the request reaches the server and names its sender.
            SocketDumpTransport transport = new SocketDumpTransport(() -> null, Duration.ofSeconds(5),
                    selector(new ArrayList<>(), null), unproxiedJdkClient());
            try (DumpResponse response = transport.get(URI.create(server.url("/d.sql")), Map.of(), WAIT)) {
                assertThat(body(response)).isEqualTo(ascii("jdk"));
            }
            assertThat(server.requests().get(0)).containsIgnoringCase("\r\nUser-Agent: Java-http-client");
        }
    }

    @Test
    void reportsTheLengthAsTheAnswerFramesItAndToleratesACutTrailer() throws Exception {
        try (ScriptedServer repeated = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello")));
             ScriptedServer chunked = new ScriptedServer(out -> out.write(ascii(
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             + "2\r\nok\r\n0\r\nX-Cut: tra")))) {
            try (DumpResponse response = transport().get(URI.create(repeated.url("/")), Map.of(), WAIT)) {
                assertThat(response.delimited()).isTrue();
                assertThat(response.contentLength()).isEqualTo(5);
                assertThat(body(response)).isEqualTo(ascii("hello"));
            }
            try (DumpResponse response = transport().get(URI.create(chunked.url("/")), Map.of(), WAIT)) {
                assertThat(response.delimited()).isTrue();
                assertThat(response.contentLength()).isEqualTo(-1);
                assertThat(body(response)).isEqualTo(ascii("ok"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 0, 5", "Content-Length: 0\r\nContent-Length: 5"})
    void contentLengthValuesThatDisagreeAreRefusedAlsoWhenTheFirstIsZero(String lengths) throws Exception {
        // Which one the server meant cannot be known (RFC 9112, 6.3): taken as 5, the five bytes after the head would be
        // read as a whole body, though the answer also says it has none.
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\n" + lengths + "\r\n\r\nhello")))) {
            assertThatThrownBy(() -> fetch(server)).isInstanceOf(MalformedAnswerException.class)
                    .hasMessage("the answer has conflicting Content-Length values: '0, 5'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\nhello",
    })
    void aBodyReadToItsEndReleasesItsConnectionBeforeTheAnswerIsClosed(String answer) throws Exception {
        // The downloader moves a whole dump into place (a sync of the file) before it closes the answer: the store's
        // connection is not held open meanwhile. A body without a length ends where the server shuts its side.
        boolean toTheEnd = !answer.contains("Content-Length") && !answer.contains("chunked");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> clientClosed = answerAndAwaitTheClientsClose(listener, answer, toTheEnd);
            try (DumpResponse response = transport().get(
                    URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/d.sql"), Map.of(), WAIT)) {
                assertThat(body(response)).isEqualTo(ascii("hello"));
                assertThat(clientClosed.get(GUARD.toSeconds() + 10, TimeUnit.SECONDS))
                        .as("the connection closed once the body's end was read").isTrue();
                assertThat(response.next(WAIT)).as("the end, asked for again").isNull();
            }
        }
    }

    @Test
    void closingAnAnswerBeforeItsBodyEndsReleasesItsConnection() throws Exception {
        // What a download given up partway (a body past its length, an answer that is not a dump, a trickle) relies on:
        // the store stops sending, and no connection is left open across the retries.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> clientClosed = answerAndAwaitTheClientsClose(listener,
                    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false);
            DumpResponse response = transport().get(
                    URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/d.sql"), Map.of(), WAIT);
            assertThat(response.next(WAIT)).hasSize(1);
            response.close();
            assertThat(clientClosed.get(GUARD.toSeconds() + 10, TimeUnit.SECONDS))
                    .as("the connection closed with the answer").isTrue();
        }
    }

    /**
     * Serves one raw answer from the listener, then keeps the connection open (with {@code endOutput}, its own side
     * shut) and waits for the client to close its side.
     *
     * @return completes with whether the client closed the connection within {@link #GUARD}
     */
    private static CompletableFuture<Boolean> answerAndAwaitTheClientsClose(ServerSocket listener, String answer,
            boolean endOutput) {
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            try (Socket connection = listener.accept()) {
                ScriptedServer.readHead(connection.getInputStream());
                connection.getOutputStream().write(ascii(answer));
                connection.getOutputStream().flush();
                if (endOutput) {
                    connection.shutdownOutput();
                }
                connection.setSoTimeout((int) GUARD.toMillis());
                try {
                    closed.complete(connection.getInputStream().read() < 0);
                } catch (SocketTimeoutException e) {
                    closed.complete(false);
                } catch (SocketException e) {
                    // A reset: the client closed with bytes still unread, a close all the same.
                    closed.complete(true);
                }
            } catch (IOException | RuntimeException e) {
                closed.completeExceptionally(e);
            }
        }, "close-watching-server");
        server.setDaemon(true);
        server.start();
        return closed;
    }

    @Test
    void anEmptyBodyOfContentLengthZeroIsDelimited() throws Exception {
        // Zero is a length: the body is known to be whole, unlike one that only ends with the connection.
        try (ScriptedServer server = new ScriptedServer(out -> out.write(
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")))) {
            try (DumpResponse response = transport().get(URI.create(server.url("/")), Map.of(), WAIT)) {
                assertThat(response.delimited()).isTrue();
                assertThat(response.contentLength()).isZero();
                assertThat(body(response)).isEmpty();
            }
        }
    }

    @Test
    void sendsANonAsciiPathAsPercentEncodedUtf8() throws Exception {
        try (ScriptedServer server = new ScriptedServer(out -> out.write(ascii("HTTP/1.1 204 \r\n\r\n")))) {
            try (DumpResponse response = transport().get(
                    new URI("http", null, "127.0.0.1", server.port(), "/d\u00fcmp\u20ac.sql", "n=\u00e9", null),
                    Map.of(), WAIT)) {
                assertThat(response.statusCode()).isEqualTo(204);
            }
            assertThat(server.requests().get(0)).startsWith("GET /d%C3%BCmp%E2%82%AC.sql?n=%C3%A9 HTTP/1.1\r\n");
        }
    }

    @Test
    void anInterruptEndsAWaitForTheAnswersHead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer silent = new ScriptedServer(out -> release.await())) {
            assertThat(interruptedWhileReading(() -> {
                try (DumpResponse response = transport().get(URI.create(silent.url("/")), Map.of(),
                        Duration.ofMinutes(5))) {
                    response.statusCode();
                }
            })).isInstanceOf(InterruptedException.class);
        } finally {
            release.countDown();
        }
    }

    // ---- TLS ----

    private static HttpsServer httpsServer(byte[] body, CountDownLatch hold) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, PASSWORD.toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "https-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    hold.await();
                    out.write(body, body.length / 2, body.length - body.length / 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        server.start();
        return server;
    }

    @Test
    void downloadsOverTlsFromAHostTheCertificateNames() throws Exception {
        byte[] data = new byte[SocketDumpTransport.BUFFER_BYTES * 2 + 13];
        new Random(7).nextBytes(data);
        HttpsServer server = httpsServer(data, new CountDownLatch(0));
        try {
            URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/d.sql?X-Sig=s");
            try (DumpResponse response = transport(trusting()).get(uri, Map.of(), WAIT)) {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(body(response)).isEqualTo(data);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSchemeWrittenInCapitalsStillGoesOverTls() throws Exception {
        // The URL check reads the scheme case-blind, so plain HTTP here would send a signed URL off loopback in clear.
        HttpsServer server = httpsServer(ascii("dump"), new CountDownLatch(0));
        try {
            URI uri = URI.create("HTTPS://localhost:" + server.getAddress().getPort() + "/d.sql");
            try (DumpResponse response = transport(trusting()).get(uri, Map.of(), WAIT)) {
                assertThat(body(response)).isEqualTo(ascii("dump"));
            }
        } finally {
            server.stop(0);
        }
        assertThat(requestHead("HTTPS://bucket.example:443/d.sql"))
                .isEqualTo("GET /d.sql HTTP/1.1\r\nHost: bucket.example\r\n\r\n");
    }

    @Test
    void aCertificateThatDoesNotNameTheHostOrIsNotTrustedIsRefused() throws Exception {
        HttpsServer server = httpsServer(ascii("secret dump"), new CountDownLatch(0));
        try {
            int port = server.getAddress().getPort();
            // Trusted, but issued to localhost only: 127.0.0.1 is another name.
            assertThatThrownBy(() -> transport(trusting()).get(URI.create("https://127.0.0.1:" + port + "/"),
                    Map.of(), WAIT)).isInstanceOf(SSLHandshakeException.class);
            // The right name, but not trusted by the JDK's default trust store.
            assertThatThrownBy(() -> transport().get(URI.create("https://localhost:" + port + "/"), Map.of(), WAIT))
                    .isInstanceOf(SSLHandshakeException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theTimeoutBoundsAHandshakeThatTricklesIn() throws Exception {
        HttpsServer server = httpsServer(ascii("dump"), new CountDownLatch(0));
        // A relay that passes the server's bytes on 50 at a time, every 200 ms: each read gets something well within
        // the timeout, but the handshake as a whole would take seconds.
        try (ServerSocket relay = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread relayThread = new Thread(() -> {
                try (var client = relay.accept();
                     var upstream = new java.net.Socket(InetAddress.getLoopbackAddress(),
                             server.getAddress().getPort())) {
                    Thread up = new Thread(() -> {
                        try {
                            client.getInputStream().transferTo(upstream.getOutputStream());
                        } catch (IOException e) {
                            // The client went away.
                        }
                    });
                    up.setDaemon(true);
                    up.start();
                    InputStream in = upstream.getInputStream();
                    OutputStream out = client.getOutputStream();
                    byte[] b = new byte[50];
                    int n;
                    while ((n = in.read(b)) > 0) {
                        out.write(b, 0, n);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // The client gave up: the point of the test.
                }
            });
            relayThread.setDaemon(true);
            relayThread.start();
            URI uri = URI.create("https://localhost:" + relay.getLocalPort() + "/");
            assertThatThrownBy(() -> transport(trusting()).get(uri, Map.of(), Duration.ofMillis(1500)))
                    .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("TLS handshake");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void overTlsASilentServerTimesOutAndAnInterruptEndsTheWait() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        HttpsServer server = httpsServer(new byte[64 * 1024], hold);
        try {
            URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/");
            try (DumpResponse response = transport(trusting()).get(uri, Map.of(), WAIT)) {
                long got = 0;
                while (got < 32 * 1024) {
                    got += response.next(WAIT).get(0).remaining();
                }
                assertThatThrownBy(() -> response.next(Duration.ofMillis(200)))
                        .isInstanceOf(HttpTimeoutException.class);
            }
            assertThat(interruptedWhileReading(() -> {
                try (DumpResponse response = transport(trusting()).get(uri, Map.of(), WAIT)) {
                    while (response.next(Duration.ofMinutes(5)) != null) {
                        // Read on until the interrupt.
                    }
                }
            })).isInstanceOf(InterruptedException.class);
        } finally {
            hold.countDown();
            server.stop(0);
        }
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /**
     * Runs the call on a thread of its own, interrupts that thread once it waits in a read, and returns what the call
     * threw (an {@link AssertionError} if it returned).
     */
    private static Throwable interruptedWhileReading(Call call) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                call.run();
                thrown.set(new AssertionError("the call returned"));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        reader.start();
        waitUntilWaiting(reader);
        reader.interrupt();
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(reader.isAlive()).isFalse();
        return thrown.get();
    }

    /** Waits until the thread blocks in a read (an interrupt sent earlier would test nothing). */
    private static void waitUntilWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getMethodName().startsWith("read") && frame.getClassName().contains("Http1Connection")) {
                    Thread.sleep(50);
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the reader never waited for the body");
    }

}
