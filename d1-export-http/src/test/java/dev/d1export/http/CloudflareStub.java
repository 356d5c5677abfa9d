package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.Exporter;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Cloudflare API and an object store, as WireMock stubs on loopback, plus what the tests need to drive the real
 * provider against them: options with small poll intervals, canned envelopes and the request journal.
 */
final class CloudflareStub {

    static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    static final String DATABASE = "0f2e4c6a-1111-4222-8333-944455556666";
    static final String TOKEN = "tok-S3CR3T-value-never-shown";
    static final String API_KEY = "key-S3CR3T-global-key";
    static final String BOOKMARK = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
    static final String EXPORT_PATH = "/client/v4/accounts/" + ACCOUNT + "/d1/database/" + DATABASE + "/export";
    static final String DUMP_PATH = "/r2/dump.sql";
    static final String DUMP = "PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\n"
            + "INSERT INTO \"users\" (\"id\",\"name\") VALUES(1,'ada');\n";

    private final WireMockExtension wm;
    private final HttpClient callersClient;

    CloudflareStub(WireMockExtension wm) {
        this(wm, null);
    }

    private CloudflareStub(WireMockExtension wm, HttpClient callersClient) {
        this.wm = wm;
        this.callersClient = callersClient;
    }

    /** Stubs whose exporters are given a caller's {@code HttpClient}, which then carries the download too. */
    static CloudflareStub withCallersClient(WireMockExtension wm) {
        return withCallersClient(wm, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** A stub whose exporters send everything through the given client. */
    static CloudflareStub withCallersClient(WireMockExtension wm, HttpClient client) {
        return new CloudflareStub(wm, client);
    }

    String baseUrl() {
        return wm.baseUrl() + "/client/v4";
    }

    String signedUrl() {
        return wm.baseUrl() + DUMP_PATH + "?X-Amz-Signature=sig-SECRET-abc&X-Amz-Expires=3600";
    }

    String url() {
        return "d1:cloudflare://" + ACCOUNT + "/" + DATABASE;
    }

    /** Options with a token, this stub as the base URL and fast polling and retries. */
    ExportOptions.Builder options() {
        return ExportOptions.parse(url()).mutate()
                .secret("api-token", TOKEN)
                .option("base-url", baseUrl())
                .option("min-poll-interval", "5ms")
                .option("max-poll-interval", "40ms")
                .option("retry-base-delay", "10ms")
                .option("retry-max-delay", "50ms")
                .option("max-retries", "3")
                .option("download-retries", "2");
    }

    Exporter exporter() {
        return exporter(options().build());
    }

    Exporter exporter(ExportOptions options) {
        return exporter(options, Map.of());
    }

    Exporter exporter(ExportOptions options, Map<String, String> env) {
        Function<String, String> lookup = env::get;
        CloudflareExportProvider.Builder builder = CloudflareExportProvider.builder().environment(lookup);
        if (callersClient != null) {
            builder.httpClient(callersClient);
        }
        return builder.build().create(options);
    }

    // ---- canned answers ----

    static String json(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String messages(String... lines) {
        List<String> quoted = new ArrayList<>();
        for (String line : lines) {
            quoted.add(json(line));
        }
        return "[" + String.join(",", quoted) + "]";
    }

    static String envelope(String result) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
    }

    static ResponseDefinitionBuilder active(String... lines) {
        return withStatus("active", 202, lines);
    }

    static ResponseDefinitionBuilder withStatus(String status, int http, String... lines) {
        return jsonAnswer(http, envelope("{\"type\":\"export\",\"status\":" + json(status)
                + ",\"success\":true,\"at_bookmark\":" + json(BOOKMARK) + ",\"messages\":" + messages(lines) + "}"));
    }

    ResponseDefinitionBuilder complete(String... lines) {
        return completeWith("dump-" + DATABASE + ".sql", signedUrl(), lines);
    }

    static ResponseDefinitionBuilder completeWith(String filename, String signedUrl, String... lines) {
        return jsonAnswer(200, envelope("{\"type\":\"export\",\"status\":\"complete\",\"success\":true,"
                + "\"at_bookmark\":" + json(BOOKMARK) + ",\"messages\":" + messages(lines)
                + ",\"result\":{\"filename\":" + json(filename) + ",\"signed_url\":" + json(signedUrl) + "}}"));
    }

    static ResponseDefinitionBuilder failedExport(String error) {
        return jsonAnswer(200, envelope("{\"type\":\"export\",\"status\":\"error\",\"success\":false,"
                + "\"at_bookmark\":" + json(BOOKMARK) + ",\"messages\":[],\"error\":" + json(error) + "}"));
    }

    static ResponseDefinitionBuilder apiError(int http, int code, String message) {
        return jsonAnswer(http, "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":" + json(message)
                + "}],\"messages\":[],\"result\":null}");
    }

    static ResponseDefinitionBuilder htmlError(int http) {
        return aResponse().withStatus(http).withHeader("Content-Type", "text/html; charset=UTF-8")
                .withHeader("cf-ray", "8a1b2c3d4e5f-AMS")
                .withBody("<html><head><title>" + http + " error</title></head><body><h1>Error " + http
                        + "</h1><p>cloudflare</p></body></html>");
    }

    static ResponseDefinitionBuilder jsonAnswer(int http, String body) {
        return aResponse().withStatus(http).withHeader("Content-Type", "application/json")
                .withHeader("cf-ray", "8a1b2c3d4e5f-AMS").withBody(body);
    }

    // ---- stubs ----

    /** The export call answers these, one after another (the last one repeats). */
    void stubCalls(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "call-" + (i + 1);
            ScenarioMappingBuilder mapping = post(urlEqualTo(EXPORT_PATH)).inScenario("export").whenScenarioStateIs(state)
                    .willReturn(answers[i]);
            if (i < answers.length - 1) {
                mapping = mapping.willSetStateTo("call-" + (i + 2));
            }
            wm.stubFor(mapping);
        }
    }

    /** The signed URL answers these, one after another (the last one repeats). */
    void stubDownloads(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "get-" + (i + 1);
            ScenarioMappingBuilder mapping = get(urlPathEqualTo(DUMP_PATH)).inScenario("download")
                    .whenScenarioStateIs(state).willReturn(answers[i]);
            if (i < answers.length - 1) {
                mapping = mapping.willSetStateTo("get-" + (i + 2));
            }
            wm.stubFor(mapping);
        }
    }

    void stubDump() {
        stubDownloads(dump());
    }

    static ResponseDefinitionBuilder dump() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
                .withHeader("Content-Length", String.valueOf(DUMP.getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                .withBody(DUMP);
    }

    List<LoggedRequest> exportCalls() {
        return wm.findAll(postRequestedFor(urlEqualTo(EXPORT_PATH)));
    }

    List<LoggedRequest> downloads() {
        return wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(DUMP_PATH)));
    }

    List<LoggedRequest> allRequests() {
        return wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** Collects events, thread-safely. */
    static final class Events implements dev.d1export.spi.ExportListener {
        private final List<ExportEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(ExportEvent event) {
            events.add(event);
        }

        List<ExportEvent> all() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        <T extends ExportEvent> List<T> of(Class<T> type) {
            List<T> found = new ArrayList<>();
            for (ExportEvent e : all()) {
                if (type.isInstance(e)) {
                    found.add(type.cast(e));
                }
            }
            return found;
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
