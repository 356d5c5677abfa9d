package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.d1export.http.CloudflareStub.DUMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.d1export.spi.UnmatchedTablesException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.InvalidExportRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requested table names are checked against the database's schema through the query endpoint before the export
 * starts: D1 itself exports nothing for a misspelt name and says nothing. The check informs and never stops an export.
 */
class TableNameCheckTest {

    private static final String QUERY_PATH = "/client/v4/accounts/" + CloudflareStub.ACCOUNT + "/d1/database/"
            + CloudflareStub.DATABASE + "/query";

    /** The check's query: only the names D1's dump can hold (not _cf_ and sqlite_ tables, nor automatic indexes). */
    private static final String QUERY_BODY = "{\"sql\":\"SELECT name, min(type) AS type FROM sqlite_master"
            + " WHERE sql IS NOT NULL AND (type <> 'table' OR substr(sql, 1, 20) = 'CREATE VIRTUAL TABLE'"
            + " OR name = 'sqlite_sequence'"
            + " OR (substr(name, 1, 4) <> '_cf_' AND substr(name, 1, 7) <> 'sqlite_')"
            + " OR (substr(name, 1, 11) = 'sqlite_stat' AND length(name) > 11"
            + " AND substr(name, 12, 1) NOT IN (char(10), char(13), char(8232), char(8233)))) GROUP BY name\","
            + "\"params\":[]}";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private ExportResult export(ExportRequest.Builder request) {
        try (Exporter exporter = api.exporter()) {
            return exporter.export(request.build());
        }
    }

    /** An export's result and the WARNING lines logged while it ran, as a user reads them. */
    private record Logged(ExportResult result, List<String> warnings) {
    }

    private Logged exportLogged(ExportRequest.Builder request) {
        try (LogCapture log = LogCapture.of("dev.d1export.http")) {
            ExportResult result = export(request);
            return new Logged(result, log.records().stream().filter(r -> r.getLevel() == Level.WARNING)
                    .map(TableNameCheckTest::formatted).toList());
        }
    }

    private static ResponseDefinitionBuilder schema(String... names) {
        StringBuilder rows = new StringBuilder();
        for (String name : names) {
            rows.append(rows.length() == 0 ? "" : ",").append("{\"name\":").append(CloudflareStub.json(name))
                    .append(",\"type\":\"table\"}");
        }
        return CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("[{\"results\":[" + rows + "],"
                + "\"success\":true,\"meta\":{\"served_by\":\"v3-prod\",\"rows_read\":" + names.length + "}}]"));
    }

    /** Stubs an export that completes at once and its dump, with {@code answer} to the table-name query. */
    private void stubExportWhereTheQueryGets(ResponseDefinitionBuilder answer) {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(answer));
        api.stubCalls(api.complete());
        api.stubDump();
    }

    private List<LoggedRequest> queries() {
        return wm.findAll(postRequestedFor(urlEqualTo(QUERY_PATH)));
    }

    @Test
    void aNameThatMatchesNothingIsAWarningAndAMessageAndTheExportStillRuns() throws Exception {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(schema("users", "Orders", "sqlite_autoindex_users_1")));
        api.stubCalls(api.complete("Generating dump.sql"));
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");

        ExportResult result = export(ExportRequest.builder().tables("users", "usres", "orders").destination(out)
                .listener(events));

        String usres = "No table or other object is named 'usres', so the dump has nothing for it";
        String orders = "No table or other object is named 'orders', so the dump has nothing for it (names are"
                + " case-sensitive: did you mean 'Orders'?)";
        assertThat(events.of(ExportEvent.Warning.class)).extracting(ExportEvent.Warning::message)
                .containsExactly(usres, orders);
        assertThat(result.messages()).containsExactly(usres, orders, "Generating dump.sql");
        assertThat(result.unmatchedTables()).containsExactly("usres", "orders");
        assertThat(Files.readString(out)).isEqualTo(DUMP);
        // Warned before the export started: the first export call comes after the query.
        List<LoggedRequest> all = api.allRequests();
        assertThat(all).extracting(LoggedRequest::getUrl).containsSubsequence(QUERY_PATH, CloudflareStub.EXPORT_PATH);
        List<LoggedRequest> queries = queries();
        assertThat(queries).hasSize(1);
        assertThat(queries.get(0).getBodyAsString())
                .isEqualTo(QUERY_BODY);
        assertThat(queries.get(0).getHeader("Authorization")).isEqualTo("Bearer " + CloudflareStub.TOKEN);
        // The export call still carries every requested name: the check informs, it does not edit the request.
        assertThat(api.exportCalls().get(0).getBodyAsString()).contains("\"tables\":[\"users\",\"usres\",\"orders\"]");
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesIsRefusedBeforeD1StartsAnExport() throws Exception {
        stubExportWhereTheQueryGets(schema("users", "Orders"));
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");
        Files.writeString(out, "previous");

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users", "orders").destination(out)
                .failOnUnmatchedTables(true).listener(events)))
                .isInstanceOf(UnmatchedTablesException.class)
                .hasMessageStartingWith("No table or other object is named 'orders' (did you mean 'Orders'?), and the"
                        + " request fails on a name that matches nothing; nothing was"
                        + " exported");

        assertThat(api.exportCalls()).as("no export was started").isEmpty();
        assertThat(api.downloads()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(events.of(ExportEvent.Finished.class)).isEmpty();
        // Every name matching, the same request exports.
        assertThat(export(ExportRequest.builder().tables("users", "Orders").destination(out)
                .failOnUnmatchedTables(true)).unmatchedTables()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(DUMP);
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesFailsWhenTheCheckCannotRunAndNoExportStarts() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.apiError(403, 10000, "Authentication error"));
        Path out = dir.resolve("s.sql");
        Files.writeString(out, "previous");

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").destination(out)
                .failOnUnmatchedTables(true)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("reading the table names of database " + CloudflareStub.DATABASE)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(CloudflareStub.TOKEN));

        assertThat(api.exportCalls()).as("no export was started").isEmpty();
        assertThat(Files.readString(out)).isEqualTo("previous");
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesRetriesARateLimitedCheck() throws Exception {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).inScenario("check").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(CloudflareStub.apiError(429, 971, "Please wait")).willSetStateTo("again"));
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).inScenario("check").whenScenarioStateIs("again")
                .willReturn(schema("users")));
        api.stubCalls(api.complete());
        api.stubDump();

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users", "usres")
                .destination(dir.resolve("s.sql")).failOnUnmatchedTables(true)))
                .isInstanceOfSatisfying(UnmatchedTablesException.class,
                        e -> assertThat(e.names()).containsExactly("usres"));
        assertThat(queries()).hasSize(2);
        assertThat(api.exportCalls()).isEmpty();
    }

    private static ResponseDefinitionBuilder maintenancePage200() {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>");
    }

    private ExportResult exportWithQuickRetries(String maxRetries, ExportRequest.Builder request) {
        try (Exporter exporter = api.exporter(api.options().option("max-retries", maxRetries)
                .option("retry-base-delay", "10ms").option("retry-max-delay", "10ms").build())) {
            return exporter.export(request.build());
        }
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesAsksAgainForACheckAnsweredWithAPageSentWith200() throws Exception {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).inScenario("check").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(maintenancePage200()).willSetStateTo("again"));
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).inScenario("check").whenScenarioStateIs("again")
                .willReturn(schema("users")));
        api.stubCalls(api.complete());
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");

        exportWithQuickRetries("2", ExportRequest.builder().tables("users").destination(out).listener(events)
                .failOnUnmatchedTables(true));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(queries()).hasSize(2);
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("HTTP 200: the body is not one complete JSON text").contains("text/html"));
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesFailsWhenTheCheckIsNeverAnsweredWithJson() {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(maintenancePage200()));
        api.stubCalls(api.complete());
        Path out = dir.resolve("s.sql");

        assertThatThrownBy(() -> exportWithQuickRetries("1", ExportRequest.builder().tables("users").destination(out)
                .failOnUnmatchedTables(true)))
                .isExactlyInstanceOf(ProtocolViolationException.class)
                .hasMessageStartingWith("Cloudflare API answered reading the table names of database ")
                .hasMessageContaining(" with a body that is not the query's result, after 2 attempts: the body is not"
                        + " one complete JSON text")
                .hasMessageNotContaining("maintenance");
        assertThat(queries()).hasSize(2);
        assertThat(api.exportCalls()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void anInformingCheckAnsweredWithAPageSentWith200IsNotAskedAgain() throws Exception {
        stubExportWhereTheQueryGets(maintenancePage200());
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");

        exportWithQuickRetries("2", ExportRequest.builder().tables("users").destination(out).listener(events));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(queries()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
    }

    @Test
    void aDatabaseNameThatLooksLikeATokenIsMaskedInTheChecksMessagesAsEverywhereElse() {
        // A token pasted where the database name belongs, and an account where a database has that very name.
        String tokenLike = "Xk9fQ2mVb7LpR4tZs8WcN3yHd6JgA1eU5oIq0rTv";
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/client/v4/accounts/"
                        + CloudflareStub.ACCOUNT + "/d1/database")).willReturn(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[{\"uuid\":\"" + CloudflareStub.DATABASE + "\",\"name\":\"" + tokenLike
                        + "\"}]"))));
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(CloudflareStub.apiError(503, 7500, "Service unavailable")));
        List<LogRecord> records;

        try (LogCapture log = LogCapture.of("dev.d1export.http")) {
            assertThatThrownBy(() -> {
                try (Exporter exporter = api.exporter(api.options().target("//" + CloudflareStub.ACCOUNT + "/"
                        + tokenLike).option("max-retries", "1").option("retry-base-delay", "10ms")
                        .option("retry-max-delay", "10ms").build())) {
                    exporter.export(ExportRequest.builder().tables("users").destination(dir.resolve("s.sql"))
                            .failOnUnmatchedTables(true).build());
                }
            }).hasMessageContaining("reading the table names of database ****").hasMessageNotContaining(tokenLike);
            records = log.records();
        }

        assertThat(queries()).hasSize(2);
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(formatted(r)).doesNotContain(tokenLike));
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesGetsTheTypedErrorOfAFailureTheAnswerStates() {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(CloudflareStub.jsonAnswer(200, "{\"success\":false,"
                + "\"errors\":[{\"code\":7404,\"message\":\"database not found\"}],\"messages\":[],\"result\":null}")));
        api.stubCalls(api.complete());

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").destination(dir.resolve("s.sql"))
                .failOnUnmatchedTables(true)))
                .isInstanceOf(DatabaseNotFoundException.class).hasMessageContaining("database not found");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesFailsOnAnAnswerWithoutNames() {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[]"))));
        api.stubCalls(api.complete());

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").destination(dir.resolve("s.sql"))
                .failOnUnmatchedTables(true)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("holds no name list").hasMessageContaining("the export was not started");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesNamesAValueOfTheWrongJsonType() {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[{\"results\":[{\"name\":\"users\"}],\"success\":\"true\"}]"))));
        api.stubCalls(api.complete());

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").destination(dir.resolve("s.sql"))
                .failOnUnmatchedTables(true)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("holds no name list (result.success: expected true or false, got a string (");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void rowsHoldingValuesOfAnyJsonTypeAreRead() {
        // The rows are a column-to-value map: numbers, booleans, nulls and arrays beside the name are fine.
        stubExportWhereTheQueryGets(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[{\"results\":[{\"name\":\"users\",\"type\":\"table\","
                        + "\"n\":123456789012345678901234567890,"
                        + "\"f\":1.5,\"b\":true,\"z\":null,\"a\":[1]}],\"success\":true,"
                        + "\"meta\":{\"rows_read\":\"1\"}}]")));

        ExportResult result = export(ExportRequest.builder().tables("users", "nope").destination(dir.resolve("s.sql"))
                .failOnUnmatchedTables(false));

        assertThat(result.unmatchedTables()).containsExactly("nope");
    }

    @Test
    void namesThatAllMatchGiveNoWarning() {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).withRequestBody(equalToJson(
                QUERY_BODY)).willReturn(schema("users", "Orders")));
        api.stubCalls(api.complete());
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();

        ExportResult result = export(ExportRequest.builder().tables("users", "Orders")
                .destination(dir.resolve("s.sql")).listener(events));

        assertThat(events.of(ExportEvent.Warning.class)).isEmpty();
        assertThat(result.messages()).isEmpty();
        assertThat(result.unmatchedTables()).isEmpty();
        assertThat(queries()).hasSize(1);
    }

    @Test
    void aWholeDatabaseExportAsksNothing() {
        api.stubCalls(api.complete());
        api.stubDump();

        export(ExportRequest.builder().destination(dir.resolve("s.sql")));

        assertThat(queries()).isEmpty();
    }

    @Test
    void aQueryTheTokenMayNotRunIsLoggedAndTheExportGoesOn() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.apiError(403, 10000, "Authentication error"));
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");

        Logged logged = exportLogged(ExportRequest.builder().tables("usres").destination(out).listener(events));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(events.of(ExportEvent.Warning.class)).isEmpty();
        assertThat(logged.result().messages()).isEmpty();
        assertThat(logged.warnings())
                .singleElement().satisfies(w -> assertThat(w)
                        .startsWith("Cannot check the table names, so a name that matches nothing is not reported:")
                        .contains("reading the table names of database " + CloudflareStub.DATABASE)
                        .contains("Authentication error")
                        .doesNotContain(CloudflareStub.TOKEN));
        assertThat(queries()).hasSize(1);
    }

    @Test
    void aFailingQueryIsNotRetriedForTheCheckCostsNoBackoffWaits() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.apiError(503, 7500, "Service unavailable"));
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");

        export(ExportRequest.builder().tables("usres").destination(out).listener(events));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(queries()).hasSize(1);
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(events.of(ExportEvent.Warning.class)).isEmpty();
    }

    @Test
    void anAnswerOfAnotherShapeIsLoggedAndTheExportGoesOn() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[{\"results\":[{\"tbl\":\"users\"}],\"success\":true}]")));
        CloudflareStub.Events events = new CloudflareStub.Events();

        Logged logged = exportLogged(ExportRequest.builder().tables("usres").destination(dir.resolve("s.sql"))
                .listener(events));

        assertThat(events.of(ExportEvent.Warning.class)).isEmpty();
        assertThat(logged.warnings())
                .singleElement().satisfies(w -> assertThat(w)
                        .startsWith("Cannot check the table names: the answer to reading the table names of database")
                        .contains("holds no name list"));
    }

    @Test
    void aBodyThatIsNotJsonIsLoggedAndTheExportGoesOn() throws Exception {
        stubExportWhereTheQueryGets(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>"));
        Path out = dir.resolve("s.sql");

        Logged logged = exportLogged(ExportRequest.builder().tables("users").destination(out));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(logged.warnings()).singleElement()
                .satisfies(w -> assertThat(w).startsWith("Cannot check the table names"));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsLoggedByItsPathAndTheExportGoesOn() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[{\"results\":[{\"name\":\"users\"}],\"success\":\"true\"}]")));
        Path out = dir.resolve("s.sql");

        Logged logged = exportLogged(ExportRequest.builder().tables("users").destination(out));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        // The reader's own wording ("Unable to deserialize property ...") says nothing a user can act on.
        assertThat(logged.warnings()).singleElement()
                .satisfies(w -> assertThat(w)
                        .startsWith("Cannot check the table names, so a name that matches nothing is not reported:"
                                + " result.success: expected true or false, got a string")
                        .doesNotContain("Unable to deserialize"));
    }

    @Test
    void aStatementThatFailedIsNotTakenForADatabaseWithoutTables() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope("[{\"results\":null,\"success\":false}]")));
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");

        Logged logged = exportLogged(ExportRequest.builder().tables("users").destination(out).listener(events));

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(events.of(ExportEvent.Warning.class)).isEmpty();
        assertThat(logged.result().messages()).isEmpty();
        assertThat(logged.warnings()).singleElement()
                .satisfies(w -> assertThat(w).contains("holds no name list"));
    }

    @Test
    void theDeadlineStillEndsAnExportWhoseCheckHangs() {
        stubExportWhereTheQueryGets(schema("users").withFixedDelay(5_000));
        Path out = dir.resolve("s.sql");

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").destination(out)
                .timeout(Duration.ofMillis(400))))
                .isInstanceOf(ExportTimeoutException.class)
                .hasMessageContaining("reading the table names of database " + CloudflareStub.DATABASE);
        assertThat(api.exportCalls()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aRateLimitedQueryIsNotWaitedForTheExportGoesOnAtOnce() throws Exception {
        // Waiting out the server's 10 minutes for a check that only informs would delay the export itself.
        stubExportWhereTheQueryGets(CloudflareStub.apiError(429, 971, "Too many requests")
                .withHeader("Retry-After", "600"));
        CloudflareStub.Events events = new CloudflareStub.Events();
        FakeTime time = new FakeTime();
        List<LogRecord> records;
        try (LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = time.exporter(api.options().build())) {
            exporter.export(ExportRequest.builder().tables("usres").destination(dir.resolve("s.sql"))
                    .listener(events).build());
            records = log.records();
        }

        assertThat(queries()).hasSize(1);
        assertThat(time.sleeps()).as("no wait for the check").isEmpty();
        assertThat(events.of(ExportEvent.Retry.class)).isEmpty();
        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
                .satisfies(r -> assertThat(formatted(r)).startsWith("Cannot check the table names")
                        .contains("429"));
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aCheckIsGivenNoMoreThanARequestTimeoutShorterThanItsOwnLimit() throws Exception {
        // The check's own limit is 10 s; a request-timeout of 1 s is shorter, and so the check's limit. Answered
        // after 4 s, the check has given up by then and the export went on without it. (Not shorter: the export's
        // own calls get the same request-timeout, and must not run out on a loaded machine.)
        stubExportWhereTheQueryGets(schema("users").withFixedDelay(4_000));
        CloudflareStub.Events events = new CloudflareStub.Events();
        Path out = dir.resolve("s.sql");
        ExportResult result;
        List<LogRecord> records;
        try (LogCapture log = LogCapture.of("dev.d1export.http");
             Exporter exporter = api.exporter(api.options().option("request-timeout", "1s").build())) {
            result = exporter.export(ExportRequest.builder().tables("usres").destination(out).listener(events)
                    .build());
            records = log.records();
        }

        assertThat(Files.readString(out)).isEqualTo(DUMP);
        assertThat(result.unmatchedTables()).as("the answer came too late to be read").isEmpty();
        assertThat(events.of(ExportEvent.Warning.class)).isEmpty();
        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
                .satisfies(r -> assertThat(formatted(r)).startsWith("Cannot check the table names")
                        .endsWith(": no answer within 1s"));
        assertThat(queries()).hasSize(1);
    }

    @Test
    void anUnknownDatabaseGivesNoWarningAheadOfTheExportsOwnError() {
        wm.stubFor(post(urlEqualTo(QUERY_PATH)).willReturn(CloudflareStub.apiError(404, 7404,
                "The database could not be found")));
        api.stubCalls(CloudflareStub.apiError(404, 7404, "The database could not be found"));
        List<LogRecord> records;
        try (LogCapture log = LogCapture.of("dev.d1export.http")) {
            assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").destination(dir.resolve("s.sql"))))
                    .isInstanceOf(DatabaseNotFoundException.class);
            records = log.records();
        }

        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).isEmpty();
        assertThat(records).anySatisfy(r -> assertThat(formatted(r)).startsWith("Cannot check the table names"));
    }

    /**
     * A dump without schema holds only table rows: a view's name, which the query's {@code type} column shows, matches
     * nothing there. It counted as matched, so {@code --no-schema -t a_view} was an empty dump without a word.
     */
    @Test
    void aViewInARowsOnlyRequestIsUnmatchedAndRefusesARequestThatFailsOnIt() throws Exception {
        stubExportWhereTheQueryGets(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("[{\"results\":["
                + "{\"name\":\"users\",\"type\":\"table\"},{\"name\":\"user_emails\",\"type\":\"view\"}],"
                + "\"success\":true}]")));
        CloudflareStub.Events events = new CloudflareStub.Events();

        ExportResult result = export(ExportRequest.builder().tables("users", "user_emails").noSchema(true)
                .destination(dir.resolve("s.sql")).listener(events));

        String notice = "'user_emails' is a view, and the request exports rows only (noSchema), so the dump has"
                + " nothing for it";
        assertThat(result.unmatchedTables()).containsExactly("user_emails");
        assertThat(events.of(ExportEvent.Warning.class)).extracting(ExportEvent.Warning::message)
                .containsExactly(notice);
        // With the schema the view's CREATE is in the dump.
        assertThat(export(ExportRequest.builder().tables("users", "user_emails").destination(dir.resolve("s.sql")))
                .unmatchedTables()).isEmpty();
        int exports = api.exportCalls().size();
        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users", "user_emails").noSchema(true)
                .failOnUnmatchedTables(true).destination(dir.resolve("s.sql"))))
                .isInstanceOfSatisfying(UnmatchedTablesException.class,
                        e -> assertThat(e.names()).containsExactly("user_emails"))
                .hasMessageStartingWith("'user_emails' is a view, which the request exports nothing for");
        assertThat(api.exportCalls()).as("no export was started").hasSize(exports);
    }

    @Test
    void aRequestThatFailsOnUnmatchedTablesNeedsEachNamesType() {
        stubExportWhereTheQueryGets(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope(
                "[{\"results\":[{\"name\":\"users\"}],\"success\":true}]")));

        assertThatThrownBy(() -> export(ExportRequest.builder().tables("users").noSchema(true)
                .destination(dir.resolve("s.sql")).failOnUnmatchedTables(true)))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("holds no name list");
        assertThat(api.exportCalls()).isEmpty();
    }

    private static String formatted(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }
}
