package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed download URL answers range requests as an object store does (R2, S3): a strong ETag and
 * {@code Accept-Ranges: bytes} on every dump, 206 with {@code Content-Range} for one satisfiable range, 416 for an
 * unsatisfiable one, and the whole dump (200) for a range it ignores or an {@code If-Range} naming another ETag; an
 * injected status fault comes as the object store's XML error, not the API's JSON envelope.
 */
class FakeD1ServerRangeTest {

    static final String TOKEN = "range-token";
    static final String DB_ID = "fa017000-0000-4000-8000-0000000000a1";

    @TempDir
    Path dir;

    FakeD1Server server;
    byte[] dump;
    URI signed;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "lab", Golden.copy("lab.sqlite", dir))
                .pollsUntilComplete(0).build();
        StringBuilder sql = new StringBuilder("PRAGMA defer_foreign_keys=TRUE;\n");
        for (int i = 0; i < 2000; i++) {
            sql.append("INSERT INTO \"t\" VALUES(").append(i).append(");\n");
        }
        Path prepared = Files.writeString(dir.resolve("prepared.sql"), sql, StandardCharsets.UTF_8);
        dump = Files.readAllBytes(prepared);
        server.serveDump("lab", prepared);
        String account = server.accountId();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/accounts/" + account + "/d1/database/" + DB_ID + "/export"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"output_format\":\"polling\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher url = Pattern.compile("\"signed_url\":\"([^\"]+)\"").matcher(started.body());
        assertThat(url.find()).as(started.body()).isTrue();
        signed = URI.create(url.group(1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String etag() throws Exception {
        return get().headers().firstValue("etag").orElseThrow();
    }

    @Test
    void theWholeDumpCarriesAStrongEtagAndAcceptsRanges() throws Exception {
        HttpResponse<byte[]> whole = get();

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(dump);
        assertThat(whole.headers().firstValue("etag")).hasValueSatisfying(
                etag -> assertThat(etag).matches("\"[^\"]+\""));
        assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(etag()).as("stable for one object").isEqualTo(whole.headers().firstValue("etag").orElseThrow());
    }

    @Test
    void aSatisfiableRangeIsAnsweredWith206AndItsPart() throws Exception {
        int n = dump.length;
        HttpResponse<byte[]> rest = get("Range", "bytes=100-", "If-Range", etag());
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("content-range")).hasValue("bytes 100-" + (n - 1) + "/" + n);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(dump, 100, n));

        HttpResponse<byte[]> middle = get("Range", "bytes=10-19");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(dump, 10, 20));

        HttpResponse<byte[]> suffix = get("Range", "bytes=-7");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("content-range")).hasValue("bytes " + (n - 7) + "-" + (n - 1) + "/" + n);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(dump, n - 7, n));

        HttpResponse<byte[]> beyondTheEnd = get("Range", "bytes=5-" + (n + 1000));
        assertThat(beyondTheEnd.statusCode()).isEqualTo(206);
        assertThat(beyondTheEnd.body()).isEqualTo(Arrays.copyOfRange(dump, 5, n));
    }

    @Test
    void aRangeOfOneByteIsThatByte() throws Exception {
        HttpResponse<byte[]> one = get("Range", "bytes=5-5");
        assertThat(one.statusCode()).isEqualTo(206);
        assertThat(one.headers().firstValue("content-range")).hasValue("bytes 5-5/" + dump.length);
        assertThat(one.body()).isEqualTo(Arrays.copyOfRange(dump, 5, 6));
    }

    @Test
    void anUnsatisfiableRangeIs416AndAnIgnoredOneOrAnotherObjectIsTheWholeDump() throws Exception {
        HttpResponse<byte[]> unsatisfiable = get("Range", "bytes=" + dump.length + "-");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("content-range")).hasValue("bytes */" + dump.length);

        for (String range : new String[] {"bytes=20-10", "bytes=1-2,5-6", "items=0-1", "bytes=-"}) {
            HttpResponse<byte[]> ignored = get("Range", range);
            assertThat(ignored.statusCode()).as(range).isEqualTo(200);
            assertThat(ignored.body()).as(range).isEqualTo(dump);
        }

        HttpResponse<byte[]> changed = get("Range", "bytes=100-", "If-Range", "\"another-object\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(dump);
    }

    @Test
    void aSignedUrlAnswersOnlyGet() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(signed).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("<Code>MethodNotAllowed</Code>");
    }

    @Test
    void aSignedUrlOfAnExportTheServerForgotIsNoSuchKeyEvenForAPreparedDumpThatIsStillThere() throws Exception {
        server.reset();
        HttpResponse<byte[]> gone = get();
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("<Code>NoSuchKey</Code>");
        assertThat(dir.resolve("prepared.sql")).as("serveDump's file is the test's, never deleted").exists();
    }

    @Test
    void aStatusFaultOnTheSignedUrlIsTheObjectStoresXmlError() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(429).withRetryAfter(Duration.ofSeconds(2)));
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(500, 7500, "disk <full> & more"));
        HttpResponse<byte[]> throttled = get();
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("content-type")).hasValue("application/xml; charset=utf-8");
        assertThat(throttled.headers().firstValue("retry-after")).hasValue("2");
        assertThat(new String(throttled.body(), StandardCharsets.UTF_8)).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Too Many Requests</Message></Error>");
        HttpResponse<byte[]> failed = get();
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(new String(failed.body(), StandardCharsets.UTF_8)).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                        + "<Message>disk &lt;full&gt; &amp; more</Message></Error>");
        assertThat(get().body()).isEqualTo(dump);
    }

    @Test
    void aStatusFaultOnTheSignedUrlCarriesTheS3CodeOfItsStatus() throws Exception {
        Map<Integer, String> codes = new LinkedHashMap<>();
        codes.put(400, "InvalidRequest");
        codes.put(401, "AccessDenied");
        codes.put(404, "NoSuchKey");
        codes.put(405, "MethodNotAllowed");
        codes.put(416, "InvalidRange");
        codes.put(501, "NotImplemented");
        codes.put(503, "ServiceUnavailable");
        codes.put(507, "InternalError");
        for (int status : codes.keySet()) {
            server.inject(Endpoint.DOWNLOAD, 1, Fault.status(status));
        }
        Map<Integer, String> sent = new LinkedHashMap<>();
        for (int status : codes.keySet()) {
            HttpResponse<byte[]> answer = get();
            Matcher code = Pattern.compile("<Code>([^<]*)</Code>").matcher(new String(answer.body(),
                    StandardCharsets.UTF_8));
            sent.put(answer.statusCode(), code.find() ? code.group(1) : "none");
        }
        assertThat(sent).containsExactlyEntriesOf(codes);
    }

    @Test
    void aStatusFaultOnTheSignedUrlSaysItsReasonPhraseNotTheApisText() throws Exception {
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(408));
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(403));
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(504));
        HttpResponse<byte[]> timedOut = get();
        assertThat(timedOut.statusCode()).isEqualTo(408);
        assertThat(timedOut.headers().firstValue("retry-after")).isEmpty();
        assertThat(new String(timedOut.body(), StandardCharsets.UTF_8)).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidRequest</Code>"
                        + "<Message>Request Timeout</Message></Error>");
        assertThat(new String(get().body(), StandardCharsets.UTF_8)).as("not the API's 'Authentication error'")
                .contains("<Code>AccessDenied</Code><Message>Forbidden</Message>");
        assertThat(new String(get().body(), StandardCharsets.UTF_8))
                .contains("<Code>InternalError</Code><Message>Gateway Timeout</Message>");
        assertThat(get().body()).isEqualTo(dump);
    }

    @Test
    void anExplicitMessageOnTheSignedUrlIsSentAsGivenEvenWhenItIsADefaultText() throws Exception {
        String rateLimit = "More than 1200 requests per 300 seconds reached."
                + " Please wait and consider throttling your request speed";
        // The very texts Fault.status(403) and Fault.status(429) choose for the API, and 408's reason phrase, given
        // explicitly: the XML error carries them as given; only a kept default (copied by withRetryAfter) becomes
        // the reason phrase.
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(403, 10000, "Authentication error"));
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(429, 971, rateLimit).withDelay(Duration.ofMillis(1)));
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(408, 7400, "Request Timeout"));
        server.inject(Endpoint.DOWNLOAD, 1, Fault.status(403).withRetryAfter(Duration.ofSeconds(1)));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<byte[]> answer = get();
            sent.add(answer.statusCode() + " " + answer.headers().firstValue("retry-after").orElse("-") + " "
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>";
        assertThat(sent).containsExactly(
                "403 - " + xml + "AccessDenied</Code><Message>Authentication error</Message></Error>",
                "429 - " + xml + "SlowDown</Code><Message>" + rateLimit + "</Message></Error>",
                "408 - " + xml + "InvalidRequest</Code><Message>Request Timeout</Message></Error>",
                "403 1 " + xml + "AccessDenied</Code><Message>Forbidden</Message></Error>");
        assertThat(get().body()).isEqualTo(dump);
    }
}
