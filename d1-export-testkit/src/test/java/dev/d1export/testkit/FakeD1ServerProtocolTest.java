package dev.d1export.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.d1export.testkit.internal.DownloadHandler;
import dev.d1export.testkit.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol of FakeD1Server, spoken by hand with the JDK's HTTP client. */
class FakeD1ServerProtocolTest {

    static final String TOKEN = "proto-token";
    static final String DB_ID = "0b1d5e7c-1111-4222-8333-944455556666";
    /**
     * How long an unpolled export lives: wide enough that the calls a test makes right after starting one arrive in
     * time on a loaded machine (300 ms was not, once, with a load of ten on two cores).
     */
    static final Duration ABANDON_AFTER = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    FakeD1Server server;
    Path file;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        file = Golden.copy("lab.sqlite", dir);
        server = FakeD1Server.builder().account("023e105f4ecef8ad9ca31a8372d0c353").apiToken(TOKEN)
                .apiKey("ops@example.com", "global-key").database(DB_ID, "lab", file).pollsUntilComplete(2)
                .abandonAfter(ABANDON_AFTER).build();
    }

    /**
     * Waits, within a generous guard, until the server has cancelled the database's unpolled export. Waiting for the
     * cancellation rather than sleeping a fixed time lets the window be wide enough for a loaded machine.
     */
    private void awaitAbandoned() throws InterruptedException {
        long guard = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.isExportRunning(server.database(DB_ID).orElseThrow())) {
            assertThat(System.nanoTime() - guard).as("the unpolled export is cancelled in time").isNegative();
            Thread.sleep(50);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> export(String body) throws Exception {
        return call("POST", "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/export", body,
                "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) Json.parse(response.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(HttpResponse<String> response) {
        return (Map<String, Object>) json(response).get("result");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstError(HttpResponse<String> response) {
        return ((List<Map<String, Object>>) json(response).get("errors")).get(0);
    }

    /** The code of an answer's first error. */
    static int firstErrorCode(HttpResponse<String> response) {
        return ((Number) firstError(response).get("code")).intValue();
    }

    @Test
    void pollsActiveThenCompleteWithMessagesAndASignedUrlServingTheDump() throws Exception {
        String options = "{\"output_format\":\"polling\",\"dump_options\":{\"tables\":[\"users\"],\"no_data\":false}}";
        HttpResponse<String> first = export(options);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("cf-ray")).isPresent();
        Map<String, Object> r1 = result(first);
        assertThat(r1).containsEntry("type", "export").containsEntry("status", "active");
        assertThat((List<?>) r1.get("messages")).singleElement().asString().startsWith("Generating ").endsWith(".sql");
        String bookmark = (String) r1.get("at_bookmark");
        assertThat(bookmark).matches("[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}");

        String poll = "{\"output_format\":\"polling\",\"current_bookmark\":\"" + bookmark
                + "\",\"dump_options\":{\"tables\":[\"users\"],\"no_data\":false}}";
        HttpResponse<String> second = export(poll);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(result(second).get("messages")).isEqualTo(List.of("Uploaded part 1"));
        assertThat(result(second).get("at_bookmark")).isEqualTo(bookmark);

        HttpResponse<String> third = export(poll);
        assertThat(third.statusCode()).isEqualTo(200);
        Map<String, Object> done = result(third);
        assertThat(done).containsEntry("status", "complete").containsEntry("success", true);
        assertThat((List<?>) done.get("messages")).last().asString().startsWith("Finished uploading ");
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) done.get("result");
        String url = (String) file.get("signed_url");
        assertThat(url).startsWith(server.downloadOrigin() + "/exports/");
        assertThat((String) file.get("filename")).endsWith(".sql");

        HttpResponse<byte[]> dump = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(dump.statusCode()).isEqualTo(200);
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        dev.d1export.sqlite.D1DumpWriter.builder().tables("users").build().write(this.file, direct);
        assertThat(dump.body()).isEqualTo(direct.toByteArray());
        assertThat(server.isExportRunning(server.database("lab").orElseThrow())).isFalse();
    }

    @Test
    void aSecondExportWhileOneRunsIsBusyAndAnUnpolledExportIsCancelled() throws Exception {
        String start = "{\"output_format\":\"polling\"}";
        HttpResponse<String> first = export(start);
        assertThat(first.statusCode()).isEqualTo(202);
        String bookmark = (String) result(first).get("at_bookmark");

        HttpResponse<String> second = export(start);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second)).containsEntry("success", false);
        assertThat(firstError(second)).containsEntry("message", "Currently processing a long-running export. Cannot"
                + " start a new export until that completes or times out.");
        assertThat(server.isExportRunning(server.database(DB_ID).orElseThrow())).isTrue();

        awaitAbandoned();
        HttpResponse<String> late = export("{\"output_format\":\"polling\",\"current_bookmark\":\"" + bookmark + "\"}");
        assertThat(result(late)).containsEntry("status", "error").containsEntry("success", false);
        assertThat((String) result(late).get("error")).startsWith("Export cancelled");
        assertThat(export(start).statusCode()).as("a new export may start").isEqualTo(202);
    }

    @Test
    void anExportWhoseFirstCallIsStillBeingAnsweredIsNotCancelledAsUnpolled() throws Exception {
        // D1 cancels an export that is not polled; a client still waiting for the answer to its first call (a dump
        // slower than the window, held up here by a writer's lock) has not stopped polling.
        Path slow = dir.resolve("slow.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + slow); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(x)");
            st.execute("INSERT INTO t VALUES(1)");
        }
        server.close();
        Duration window = Duration.ofSeconds(1);
        server = FakeD1Server.builder().account("023e105f4ecef8ad9ca31a8372d0c353").apiToken(TOKEN)
                .database(DB_ID, "slow", slow).pollsUntilComplete(1).abandonAfter(window).build();
        FakeDatabase db = server.database(DB_ID).orElseThrow();
        String start = "{\"output_format\":\"polling\"}";
        java.util.concurrent.CompletableFuture<HttpResponse<String>> first;
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + slow);
                Statement st = lock.createStatement()) {
            // The dump waits for the lock (the sqlite provider's patience is 3 s), so the first call stays unanswered.
            st.execute("BEGIN EXCLUSIVE");
            first = http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/accounts/"
                    + server.accountId() + "/d1/database/" + DB_ID + "/export"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(start))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long guard = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.exportsStarted() == 0) {
                assertThat(System.nanoTime() - guard).as("the export starts").isNegative();
                Thread.sleep(10);
            }
            Thread.sleep(window.toMillis() * 3 / 2);
            assertThat(first).as("the first call waits for its dump").isNotDone();
            assertThat(server.isExportRunning(db)).as("the export whose first call is unanswered runs").isTrue();
            assertThat(export(start).statusCode()).as("a second export meanwhile is busy").isEqualTo(409);
            st.execute("ROLLBACK");
        }
        HttpResponse<String> answer = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(result(answer)).containsEntry("status", "active");
        assertThat((List<?>) result(answer).get("messages")).singleElement().asString().startsWith("Generating ");
    }

    @Test
    void aPollHeldByAFaultsDelayLongerThanTheWindowKeepsItsExport() throws Exception {
        // D1 received the poll when it arrived: a delay that holds it past the not-polled window (the client still
        // waiting for the answer) must not get the export cancelled meanwhile.
        HttpResponse<String> first = export("{\"output_format\":\"polling\"}");
        assertThat(first.statusCode()).isEqualTo(202);
        String poll = "{\"output_format\":\"polling\",\"current_bookmark\":\"" + result(first).get("at_bookmark")
                + "\"}";
        server.inject(RequestMatcher.exportPolls(), 1, Fault.delay(ABANDON_AFTER.multipliedBy(2)));
        java.util.concurrent.CompletableFuture<HttpResponse<String>> held = http.sendAsync(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/export"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(poll)).build(),
                HttpResponse.BodyHandlers.ofString());
        long guard = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.pendingFaults() > 0) {
            assertThat(System.nanoTime() - guard).as("the poll arrives").isNegative();
            Thread.sleep(10);
        }
        Thread.sleep(ABANDON_AFTER.toMillis() * 3 / 2);
        assertThat(held).as("the delay still holds the poll").isNotDone();
        assertThat(server.isExportRunning(server.database(DB_ID).orElseThrow())).as("the held poll's export runs")
                .isTrue();

        HttpResponse<String> answer = held.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(result(answer)).containsEntry("status", "active");
        assertThat(result(answer).get("messages")).isEqualTo(List.of("Uploaded part 1"));
        HttpResponse<String> last = export(poll);
        assertThat(result(last)).as(last.body()).containsEntry("status", "complete");
    }

    @Test
    void queryDecodesANameThatIsNotUtf8AsD1Does() throws Exception {
        // ED A0 80 (an encoded surrogate) is three U+FFFD to D1's JavaScript decoder, one to Java's.
        Path bytes = dir.resolve("bytes.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + bytes); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(a)");
            st.execute("CREATE VIEW v AS SELECT a FROM t");
            st.execute("PRAGMA writable_schema=ON");
            // v + ED A0 80, in the name and in the stored CREATE VIEW "v..." AS SELECT a FROM t.
            st.execute("UPDATE sqlite_schema SET name=CAST(x'76EDA080' AS TEXT), tbl_name=CAST(x'76EDA080' AS TEXT),"
                    + " sql=CAST(x'4352454154452056494557202276EDA080222041532053454C45435420612046524F4D2074' AS TEXT)"
                    + " WHERE name='v'");
        }
        FakeDatabase db = server.addDatabase("bytes", bytes);
        HttpResponse<String> query = call("POST", "/accounts/" + server.accountId() + "/d1/database/" + db.uuid()
                + "/query", "{\"sql\":\"SELECT name, tbl_name FROM sqlite_schema WHERE type = 'view'\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) json(query).get("result")).get(0);
        assertThat(first.get("results")).isEqualTo(List.of(Map.of("name", "v\uFFFD\uFFFD\uFFFD",
                "tbl_name", "v\uFFFD\uFFFD\uFFFD")));
    }

    @Test
    void authenticationErrorsAreCloudflares() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        HttpResponse<String> none = call("GET", path, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(firstError(none)).containsEntry("message", "Authentication error");
        assertThat(firstErrorCode(none)).isEqualTo(10000);
        assertThat(call("GET", path, null, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(call("GET", path, null, "X-Auth-Email", "ops@example.com", "X-Auth-Key", "nope").statusCode())
                .isEqualTo(401);
        assertThat(call("GET", path, null, "X-Auth-Email", "ops@example.com", "X-Auth-Key", "global-key")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> otherAccount = call("GET", "/accounts/ffffffffffffffffffffffffffffffff/d1/database",
                null, "Authorization", "Bearer " + TOKEN);
        assertThat(otherAccount.statusCode()).isEqualTo(403);
        assertThat(otherAccount.body()).contains("\"code\":7403");
        assertThat(server.journal().all()).allSatisfy(r -> {
            assertThat(r.headers().toString()).doesNotContain(TOKEN).doesNotContain("global-key");
        });
        assertThat(server.journal().all().get(1).header("Authorization")).contains("Bearer ****");
    }

    @Test
    void theJournalsRecordsCannotBeChangedThroughWhatTheyHandOut() throws Exception {
        call("GET", "/accounts/" + server.accountId() + "/d1/database", null, "Authorization", "Bearer " + TOKEN);
        ReceivedRequest first = server.journal().all().get(0);

        assertThatThrownBy(() -> first.headers().get("authorization").set(0, "Bearer tampered"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(server.journal().all().get(0).header("Authorization")).contains("Bearer ****");

        List<String> given = new ArrayList<>(List.of("text/plain"));
        ReceivedRequest byHand = new ReceivedRequest(first.time(), Endpoint.LIST_DATABASES, "GET", "/x", null,
                Map.of("Content-Type", given), null, false);
        given.set(0, "changed");
        assertThat(byHand.header("content-type")).contains("text/plain");
        assertThat(byHand.header("Content-Type")).contains("text/plain");
    }

    @Test
    void unknownDatabaseIs404With7404AndUnknownRoutes404With7000() throws Exception {
        HttpResponse<String> missing = call("POST", "/accounts/" + server.accountId()
                + "/d1/database/00000000-0000-4000-8000-000000000000/export", "{\"output_format\":\"polling\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(firstErrorCode(missing)).isEqualTo(7404);
        HttpResponse<String> route = call("GET", "/nowhere", null, "Authorization", "Bearer " + TOKEN);
        assertThat(route.statusCode()).isEqualTo(404);
        assertThat(firstErrorCode(route)).isEqualTo(7000);
    }

    @Test
    void dumpOptionsOfTheWrongTypeAreRefusedNotIgnored() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/export";
        for (String options : List.of("{\"no_data\":\"yes\"}", "{\"no_schema\":1}", "{\"tables\":\"users\"}",
                "{\"tables\":[1]}", "[]")) {
            HttpResponse<String> answer = call("POST", path, "{\"output_format\":\"polling\",\"dump_options\":"
                    + options + "}", "Authorization", "Bearer " + TOKEN);
            assertThat(answer.statusCode()).as(options).isEqualTo(400);
            assertThat(firstErrorCode(answer)).as(options).isEqualTo(7400);
        }
        assertThat(server.exportsStarted()).isZero();
    }

    @Test
    void aCallWithoutOutputFormatPollingIsRefusedAndStartsNoExport() throws Exception {
        // output_format is the call's only required field, and "polling" its only value (the API reference page).
        for (String body : List.of("{}", "{\"output_format\":\"file\"}", "{\"output_format\":null}",
                "{\"dump_options\":{\"tables\":[\"users\"]}}")) {
            HttpResponse<String> answer = export(body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(json(answer)).as(body).containsEntry("success", false).containsEntry("result", null);
            assertThat(firstErrorCode(answer)).as(body).isEqualTo(7400);
            assertThat((String) firstError(answer).get("message")).as(body).contains("output_format");
        }
        assertThat(server.exportsStarted()).isZero();
    }

    @Test
    void anExportBodyThatIsNotAJsonObjectIsRefusedAndStartsNoExport() throws Exception {
        HttpResponse<String> malformed = export("{\"output_format\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(firstErrorCode(malformed)).isEqualTo(7400);
        assertThat((String) firstError(malformed).get("message")).startsWith("Malformed JSON in request body: ");
        HttpResponse<String> array = export("[\"polling\"]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(firstError(array)).containsEntry("message", "The request body must be a JSON object");
        assertThat(server.exportsStarted()).isZero();
    }

    @Test
    void aQueryThatIsNotJsonHasNoSqlOrFailsInSqliteIsA400() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/query";
        HttpResponse<String> malformed = call("POST", path, "{\"sql\":", "Authorization", "Bearer " + TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat((String) firstError(malformed).get("message")).startsWith("Malformed JSON in request body: ");
        HttpResponse<String> noSql = call("POST", path, "{\"params\":[]}", "Authorization", "Bearer " + TOKEN);
        assertThat(noSql.statusCode()).isEqualTo(400);
        assertThat(firstError(noSql)).containsEntry("message", "sql: expected a string");
        HttpResponse<String> failing = call("POST", path, "{\"sql\":\"SELECT no_such_column FROM sqlite_schema\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(failing.statusCode()).isEqualTo(400);
        assertThat(firstErrorCode(failing)).isEqualTo(7500);
        assertThat((String) firstError(failing).get("message")).contains("no_such_column").endsWith(": SQLITE_ERROR");
    }

    @Test
    void noDataWithNoSchemaIsRefusedAndStartsNoExport() throws Exception {
        // wrangler refuses the pair before calling (the dump would be empty); the fake refuses it too, with a 400.
        HttpResponse<String> answer = export("{\"output_format\":\"polling\",\"dump_options\":"
                + "{\"no_data\":true,\"no_schema\":true}}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(firstErrorCode(answer)).isEqualTo(7400);
        assertThat(server.exportsStarted()).isZero();
    }

    @Test
    void aCurrentBookmarkThatIsNotAStringIsRefusedNotTakenForAFirstCall() throws Exception {
        // current_bookmark is Optional[str] in the API reference: a number or an object is a client's bug, which
        // the fake must show rather than start a new export (a poll that silently starts over never completes).
        for (String bookmark : List.of("5", "{\"b\":\"x\"}", "[\"x\"]", "true")) {
            HttpResponse<String> answer = export("{\"output_format\":\"polling\",\"current_bookmark\":"
                    + bookmark + "}");
            assertThat(answer.statusCode()).as(bookmark).isEqualTo(400);
            assertThat(firstErrorCode(answer)).as(bookmark).isEqualTo(7400);
            assertThat((String) firstError(answer).get("message")).as(bookmark)
                    .isEqualTo("current_bookmark: expected a string");
        }
        assertThat(server.exportsStarted()).isZero();
        // null states no bookmark, as an absent field does: a first call.
        assertThat(export("{\"output_format\":\"polling\",\"current_bookmark\":null}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void theDatabaseServesNoQueryWhileItsExportRuns() throws Exception {
        String query = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/query";
        String sql = "{\"sql\":\"SELECT name FROM sqlite_schema\"}";
        assertThat(export("{\"output_format\":\"polling\"}").statusCode()).isEqualTo(202);

        HttpResponse<String> refused = call("POST", query, sql, "Authorization", "Bearer " + TOKEN);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(firstError(refused)).containsEntry("message", "Currently processing a long-running export. Cannot"
                + " start a new export until that completes or times out.");
        awaitAbandoned();
        assertThat(call("POST", query, sql, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void theDatabaseListIsPagedAsCloudflaresListsAre() throws Exception {
        for (int i = 0; i < 11; i++) {
            server.addDatabase("db" + i, file);
        }
        String list = "/accounts/" + server.accountId() + "/d1/database";
        // wrangler's paging: 10 a page, on while every page is full (all 12 on every page made it ask forever).
        List<Integer> counts = new java.util.ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            HttpResponse<String> answer = call("GET", list + "?per_page=10&page=" + page, null,
                    "Authorization", "Bearer " + TOKEN);
            assertThat(answer.statusCode()).isEqualTo(200);
            counts.add(((List<?>) json(answer).get("result")).size());
            assertThat(numbers(answer, "page", "per_page", "total_count")).containsExactly(page, 10, 12);
        }
        assertThat(counts).containsExactly(10, 2, 0);

        HttpResponse<String> all = call("GET", list, null, "Authorization", "Bearer " + TOKEN);
        assertThat((List<?>) json(all).get("result")).hasSize(12);
        assertThat(numbers(all, "page", "per_page", "count")).containsExactly(1, 1000, 12);
    }

    private static List<Integer> numbers(HttpResponse<String> answer, String... keys) {
        Map<String, Object> info = map(json(answer).get("result_info"));
        return java.util.Arrays.stream(keys).map(k -> ((Number) info.get(k)).intValue()).toList();
    }

    @Test
    void listsDatabasesByNameAndAnswersSchemaQueries() throws Exception {
        server.addDatabase("other", file);
        HttpResponse<String> list = call("GET", "/accounts/" + server.accountId() + "/d1/database?name=la", null,
                "Authorization", "Bearer " + TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat((List<?>) json(list).get("result")).singleElement()
                .satisfies(db -> assertThat(map(db)).containsEntry("uuid", DB_ID).containsEntry("name", "lab")
                        // The list's fields as d1-export-protocol.md names them.
                        .containsKeys("version", "created_at"));
        HttpResponse<String> one = call("GET", "/accounts/" + server.accountId() + "/d1/database/" + DB_ID, null,
                "Authorization", "Bearer " + TOKEN);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(result(one)).containsEntry("uuid", DB_ID).containsEntry("name", "lab")
                .containsKeys("version", "created_at");

        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/query";
        HttpResponse<String> query = call("POST", path,
                "{\"sql\":\"SELECT name FROM sqlite_schema WHERE type = ? AND name = ?\",\"params\":[\"table\",\"users\"]}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(query.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) json(query).get("result")).get(0);
        assertThat(first.get("results")).isEqualTo(List.of(Map.of("name", "users")));

        HttpResponse<String> write = call("POST", path, "{\"sql\":\"DELETE FROM users\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(write.statusCode()).isEqualTo(400);
        HttpResponse<String> sneaky = call("POST", path,
                "{\"sql\":\"SELECT * FROM sqlite_schema; DROP TABLE users\"}", "Authorization", "Bearer " + TOKEN);
        assertThat(sneaky.statusCode()).isEqualTo(400);
    }

    @Test
    void numericQueryParametersAreBoundAsIntegersOrRealsAsD1BindsThem() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/query";
        HttpResponse<String> query = call("POST", path, "{\"sql\":\"SELECT typeof(?) AS whole, typeof(?) AS"
                + " fraction, ? AS value FROM sqlite_schema LIMIT 1\",\"params\":[2,2.5,7]}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(query.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) json(query).get("result")).get(0);
        assertThat(first.get("results")).asString().isEqualTo("[{whole=integer, fraction=real, value=7}]");
    }

    @Test
    void theBookmarkChangesWhenTheDatabaseFileChanges() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        String before = (String) result(call("GET", path, null, "Authorization", "Bearer " + TOKEN)).get("bookmark");
        String again = (String) result(call("GET", path, null, "Authorization", "Bearer " + TOKEN)).get("bookmark");
        assertThat(again).isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
            s.execute("INSERT INTO empty_tbl DEFAULT VALUES");
        }
        String after = (String) result(call("GET", path, null, "Authorization", "Bearer " + TOKEN)).get("bookmark");
        assertThat(after).isNotEqualTo(before);
        assertThat(after.compareTo(before)).as("bookmarks sort oldest to newest").isPositive();
    }

    @Test
    void theBookmarkChangesWhenAWriteIsStillOnlyInTheWriteAheadLog() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        // The connection stays open, so SQLite does not checkpoint: the write is in lab.sqlite-wal, not lab.sqlite.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // The first write in WAL mode also rewrites the file's header; the one after it goes to the log alone.
            s.execute("INSERT INTO empty_tbl DEFAULT VALUES");
            byte[] fileBefore = Files.readAllBytes(file);
            String before = (String) result(call("GET", path, null, "Authorization", "Bearer " + TOKEN))
                    .get("bookmark");
            s.execute("INSERT INTO empty_tbl DEFAULT VALUES");
            assertThat(Files.readAllBytes(file)).as("the database file itself").isEqualTo(fileBefore);
            assertThat(file.resolveSibling(file.getFileName() + "-wal")).isNotEmptyFile();
            String after = (String) result(call("GET", path, null, "Authorization", "Bearer " + TOKEN))
                    .get("bookmark");
            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void signedUrlsRefuseWrongSignaturesCredentialsAndExpiry() throws Exception {
        String url = completedExportUrl();
        String tampered = url.replaceAll("X-Fake-Signature=[0-9a-f]", "X-Fake-Signature=z");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("<Code>AccessDenied</Code>");

        HttpResponse<String> leak = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(leak.statusCode()).isEqualTo(403);
        assertThat(server.journal().credentialLeaks()).singleElement()
                .satisfies(r -> assertThat(r.header("authorization")).contains("Bearer ****"));
        assertThat(server.journal().of(Endpoint.DOWNLOAD)).allSatisfy(
                r -> assertThat(r.query()).contains("X-Fake-Signature=****"));
    }

    @Test
    void aSignedUrlWithItsExpiryOrItsPathChangedIsRefusedLikeAWrongSignature() throws Exception {
        String url = completedExportUrl();
        Matcher expires = Pattern.compile("([?&]" + DownloadHandler.EXPIRES + "=)([0-9]+)").matcher(url);
        assertThat(expires.find()).as(url).isTrue();
        long later = Long.parseLong(expires.group(2)) + Duration.ofDays(1).toMillis();
        String extended = url.substring(0, expires.start(2)) + later + url.substring(expires.end(2));
        // Another file name under the same export: the signature covers the whole path, not the export id alone.
        String otherFile = url.replaceFirst("(/exports/[0-9a-f]+/)[^/?]+", "$1other.sql");
        assertThat(otherFile).isNotEqualTo(url);

        for (String tampered : List.of(extended, otherFile)) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(tampered).isEqualTo(403);
            assertThat(refused.body()).as(tampered).contains("<Code>AccessDenied</Code>")
                    .contains("signature you provided");
        }
        HttpResponse<String> original = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(original.statusCode()).as("the URL as signed").isEqualTo(200);
    }

    @Test
    void aSignedUrlIsValidForOneHourByDefault() throws Exception {
        // "The URL to download the exported SQL. Available for one hour." (the API reference page)
        server.close();
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "lab", file).pollsUntilComplete(0).build();
        long before = System.currentTimeMillis();
        String url = completedExportUrl();
        long after = System.currentTimeMillis();

        Matcher expires = Pattern.compile("[?&]" + DownloadHandler.EXPIRES + "=([0-9]+)").matcher(url);
        assertThat(expires.find()).as(url).isTrue();
        assertThat(Long.parseLong(expires.group(1)))
                .isBetween(before + Duration.ofHours(1).toMillis(), after + Duration.ofHours(1).toMillis());
    }

    @Test
    void signedUrlsExpire() throws Exception {
        server.close();
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "lab", file).pollsUntilComplete(0)
                .signedUrlLifetime(Duration.ofMillis(1)).build();
        String url = completedExportUrl();
        Thread.sleep(20);
        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("expired");
    }

    @Test
    void theVirtualTableErrorIsAnExportStatusError() throws Exception {
        server.close();
        Path fts = Golden.copy("lab_fts.sqlite", dir);
        server = FakeD1Server.builder().apiToken(TOKEN).database(DB_ID, "fts", fts).pollsUntilComplete(1).build();
        assertThat(export("{\"output_format\":\"polling\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> done = export("{\"output_format\":\"polling\",\"current_bookmark\":\""
                + server.bookmark(server.database(DB_ID).orElseThrow()) + "\"}");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(result(done)).containsEntry("status", "error").containsEntry("success", false)
                .containsEntry("error", "D1 Export error: cannot export databases with Virtual Tables (fts5)");
    }

    @Test
    void exportStartsAndPollsAreTheCallsTheServerTakesForStartsAndPolls() throws Exception {
        // A client whose JSON library writes an absent field as null starts its export with "current_bookmark":null,
        // which the server takes for a start: so must the fault rules, or a poll's fault would hit the start.
        server.inject(RequestMatcher.exportPolls(), 1, Fault.status(503));
        String start = "{\"output_format\":\"polling\",\"current_bookmark\":null,"
                + "\"dump_options\":{\"tables\":[\"current_bookmark\"]}}";
        HttpResponse<String> first = export(start);
        assertThat(first.statusCode()).as("a start, which the polls' fault leaves alone").isEqualTo(202);
        assertThat(server.pendingFaults()).isEqualTo(1);
        HttpResponse<String> poll = export("{\"output_format\":\"polling\",\"current_bookmark\":\""
                + result(first).get("at_bookmark") + "\"}");
        assertThat(poll.statusCode()).as("the poll meets the polls' fault").isEqualTo(503);
        assertThat(server.pendingFaults()).isZero();

        server.reset();
        server.inject(RequestMatcher.exportStarts(), 1, Fault.status(503));
        assertThat(export(start).statusCode()).as("the starts' fault meets the start").isEqualTo(503);
        assertThat(server.pendingFaults()).isZero();
    }

    @Test
    void faultsMatchByMethodAndPathAndAreUsedUpInOrder() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        server.inject(RequestMatcher.of("GET", ".*/time_travel/bookmark"), 2, Fault.status(503));
        server.inject(RequestMatcher.of("POST", ".*/time_travel/bookmark"), 1, Fault.status(500));
        server.inject(RequestMatcher.any(), 1, Fault.htmlStatus(502).withRetryAfter(Duration.ofMillis(1500)));
        assertThat(server.pendingFaults()).isEqualTo(4);
        HttpResponse<String> first = call("GET", path, null, "Authorization", "Bearer " + TOKEN);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(firstErrorCode(first)).isEqualTo(7500);
        assertThat(call("GET", path, null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(503);
        HttpResponse<String> third = call("GET", path, null, "Authorization", "Bearer " + TOKEN);
        assertThat(third.statusCode()).as("the POST rule does not match; the catch-all does").isEqualTo(502);
        assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("html"));
        assertThat(third.headers().firstValue("Retry-After")).contains("2");
        assertThat(call("GET", path, null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(server.pendingFaults()).isEqualTo(1);
    }

    @Test
    void aStatusFaultsDefaultTextIsTheReasonPhraseOrCloudflaresOwn() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        // RFC 9110's reason phrases (and the registering RFCs' for 429 and 511); Cloudflare's own texts for
        // 401/403 (code 10000) and 429 (code 971); an unregistered status reads as the first of its class.
        Map<Integer, String> expected = new LinkedHashMap<>();
        expected.put(400, "7400 Bad Request");
        expected.put(401, "10000 Authentication error");
        expected.put(403, "10000 Authentication error");
        expected.put(404, "7404 Not Found");
        expected.put(405, "7400 Method Not Allowed");
        expected.put(408, "7400 Request Timeout");
        expected.put(409, "7400 Conflict");
        expected.put(413, "7400 Content Too Large");
        expected.put(422, "7400 Unprocessable Content");
        expected.put(429, "971 More than 1200 requests per 300 seconds reached. Please wait and consider throttling"
                + " your request speed");
        expected.put(499, "7400 Bad Request");
        expected.put(500, "7500 Internal Server Error");
        expected.put(501, "7500 Not Implemented");
        expected.put(502, "7500 Bad Gateway");
        expected.put(503, "7500 Service Unavailable");
        expected.put(504, "7500 Gateway Timeout");
        expected.put(511, "7500 Network Authentication Required");
        expected.put(599, "7500 Internal Server Error");
        for (int status : expected.keySet()) {
            server.inject(RequestMatcher.any(), 1, Fault.status(status));
        }
        Map<Integer, String> sent = new LinkedHashMap<>();
        for (int status : expected.keySet()) {
            HttpResponse<String> answer = call("GET", path, null, "Authorization", "Bearer " + TOKEN);
            assertThat(answer.statusCode()).isEqualTo(status);
            assertThat(answer.headers().firstValue("Retry-After")).as("Retry-After only when asked for").isEmpty();
            assertThat(json(answer)).containsEntry("success", false);
            Map<String, Object> error = firstError(answer);
            sent.put(status, ((Number) error.get("code")).intValue() + " " + error.get("message"));
        }
        assertThat(sent).containsExactlyEntriesOf(expected);

        server.inject(RequestMatcher.any(), 1, Fault.htmlStatus(408));
        server.inject(RequestMatcher.any(), 1, Fault.htmlStatus(522));
        assertThat(call("GET", path, null, "Authorization", "Bearer " + TOKEN).body())
                .contains("<title>408: Request Timeout</title>");
        assertThat(call("GET", path, null, "Authorization", "Bearer " + TOKEN).body())
                .as("Cloudflare's edge page for its own status").contains("<title>522: Connection timed out</title>");
    }

    @Test
    void theJournalMasksEveryHeaderNamedLikeATokenAKeyOrASecret() throws Exception {
        call("POST", "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/export",
                "{\"output_format\":\"polling\"}", "Authorization", "Bearer " + TOKEN,
                "Content-Type", "application/json", "X-Upstream-Token", "tok-123", "X-Api-Key", "key-456",
                "CF-Access-Client-Secret", "sec-789", "X-Request-Id", "req-1");
        assertThat(server.journal().of(Endpoint.EXPORT)).singleElement().satisfies(r -> {
            assertThat(r.header("x-upstream-token")).contains("****");
            assertThat(r.header("x-api-key")).contains("****");
            assertThat(r.header("cf-access-client-secret")).contains("****");
            assertThat(r.header("authorization")).contains("Bearer ****");
            assertThat(r.header("x-request-id")).as("not a secret").contains("req-1");
            assertThat(r.toString()).doesNotContain("tok-123", "key-456", "sec-789", TOKEN);
        });
    }

    @Test
    void theJournalMasksProxyAuthorizationKeepingItsScheme() throws Exception {
        // Sent over a plain socket: the JDK's client drops Proxy-Authorization from a request that goes to the server
        // directly, so it would never reach the journal that way.
        URI base = URI.create(server.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "GET " + base.getRawPath() + "/accounts/" + server.accountId() + "/d1/database HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\n"
                    + "Proxy-Authorization: Basic cHJveHk6cHctNDI=\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200");
        }
        assertThat(server.journal().all()).singleElement().satisfies(r -> {
            assertThat(r.header("proxy-authorization")).contains("Basic ****");
            assertThat(r.toString()).doesNotContain("cHJveHk6cHctNDI=", TOKEN);
        });
    }

    @Test
    void theJournalRecordsMethodPathBodyAndTime() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        export("{\"output_format\":\"polling\"}");
        assertThat(server.journal().of(Endpoint.EXPORT)).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/export");
            assertThat(r.body()).isEqualTo("{\"output_format\":\"polling\"}");
            assertThat(r.time()).isBetween(before, java.time.Instant.now());
            assertThat(r.header("content-type")).contains("application/json");
            assertThat(r.credentialLeak()).isFalse();
        });
        server.reset();
        assertThat(server.journal().size()).isZero();
    }

    @Test
    void resetForgetsThePendingFaults() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        server.inject(RequestMatcher.any(), 2, Fault.status(503));
        server.reset();
        assertThat(server.pendingFaults()).isZero();
        assertThat(call("GET", path, null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void theJournalCountsItsRequests() throws Exception {
        String path = "/accounts/" + server.accountId() + "/d1/database/" + DB_ID + "/time_travel/bookmark";
        call("GET", path, null, "Authorization", "Bearer " + TOKEN);
        call("GET", path, null, "Authorization", "Bearer " + TOKEN);
        assertThat(server.journal().size()).isEqualTo(2);
        assertThat(server.journal()).hasToString("RequestJournal{2 requests}");
    }

    @Test
    void exportsStartedCountsStartsNotPollsAndResetForgetsThem() throws Exception {
        HttpResponse<String> first = export("{\"output_format\":\"polling\"}");
        export("{\"output_format\":\"polling\",\"current_bookmark\":\"" + result(first).get("at_bookmark") + "\"}");
        assertThat(server.exportsStarted()).as("one start, one poll").isEqualTo(1);
        server.reset();
        assertThat(server.exportsStarted()).isZero();
    }

    @Test
    void everyDatabaseIsListedSortedByName() {
        server.addDatabase("zulu", file);
        server.addDatabase("alpha", file);
        assertThat(server.databases()).extracting(FakeDatabase::name).containsExactly("alpha", "lab", "zulu");
    }

    @Test
    void closingStopsBothListeners() throws Exception {
        String url = completedExportUrl();
        server.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> call("GET", "/accounts", null))
                .isInstanceOf(IOException.class);
    }

    private String completedExportUrl() throws Exception {
        HttpResponse<String> response = export("{\"output_format\":\"polling\"}");
        while (response.statusCode() == 202) {
            response = export("{\"output_format\":\"polling\",\"current_bookmark\":\""
                    + result(response).get("at_bookmark") + "\"}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) result(response).get("result");
        return (String) file.get("signed_url");
    }
}
