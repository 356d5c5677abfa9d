package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.ProtocolViolationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A database named in the URL is resolved to its UUID through the list call; a UUID is used as is. */
class NameResolutionTest {

    private static final String LIST_PATH = "/client/v4/accounts/" + CloudflareStub.ACCOUNT + "/d1/database";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = new CloudflareStub(wm);

    @TempDir
    Path dir;

    private ExportResult exportNamed(String name) {
        ExportOptions options = api.options().target("//" + CloudflareStub.ACCOUNT + "/" + name).build();
        try (Exporter exporter = api.exporter(options)) {
            return exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).build());
        }
    }

    private void stubList(String result) {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(CloudflareStub.jsonAnswer(200,
                CloudflareStub.envelope(result))));
    }

    private static String db(String uuid, String name) {
        return "{\"uuid\":\"" + uuid + "\",\"name\":\"" + name + "\",\"version\":\"production\","
                + "\"created_at\":\"2025-01-01T00:00:00Z\"}";
    }

    @Test
    void aNameIsResolvedToItsUuid() throws Exception {
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "prod-db-old") + ","
                + db(CloudflareStub.DATABASE, "prod-db") + "]");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH))))
                .singleElement().satisfies(r -> {
                    assertThat(r.queryParameter("name").firstValue()).isEqualTo("prod-db");
                    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + CloudflareStub.TOKEN);
                });
        assertThat(api.exportCalls()).hasSize(1);
    }

    private void stubPage(int page, String result, String resultInfo) {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH))
                .withQueryParam("page", equalTo(String.valueOf(page)))
                .willReturn(listAnswer(result, resultInfo)));
    }

    /** The same answer to every page asked for, as a server that ignores {@code ?page=} gives. */
    private void stubEveryPage(String result, String resultInfo) {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(listAnswer(result, resultInfo)));
    }

    private static ResponseDefinitionBuilder listAnswer(String result, String resultInfo) {
        return CloudflareStub.jsonAnswer(200, "{\"success\":true,\"errors\":[],\"messages\":[],"
                + "\"result\":" + result + (resultInfo == null ? "" : ",\"result_info\":" + resultInfo) + "}");
    }

    /** The {@code page} parameter of each list request, in order. */
    private List<String> pagesAsked() {
        return wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH))).stream()
                .map(r -> r.queryParameter("page").firstValue()).toList();
    }

    @Test
    void aNameOnALaterPageIsFound() throws Exception {
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"page\":1,\"per_page\":2,\"count\":2,\"total_count\":3}");
        stubPage(2, "[" + db(CloudflareStub.DATABASE, "prod-db") + "]",
                "{\"page\":2,\"per_page\":2,\"count\":1,\"total_count\":3}");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void withoutPagingInfoAFullPageMeansAskingForTheNext() {
        StringBuilder full = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            full.append(i == 0 ? "" : ",").append(db(String.format("99999999-2222-4333-8444-%012d", i), "prod-" + i));
        }
        stubPage(1, full.append("]").toString(), null);
        stubPage(2, "[]", null);

        assertThatThrownBy(() -> exportNamed("prod")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("similar names: prod-0, prod-1").hasMessageContaining("and 990 more");
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).hasSize(2);
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aServerThatPagesBySmallerPagesThanAskedAndGivesNoTotalIsReadOnWhileItsPagesAreFull() throws Exception {
        // The server says its page size (a cap below the 1000 asked for): a page that holds that many is full, so
        // the next may hold the database, and a name only looked for on page 1 would be reported as missing.
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]", "{\"page\":1,\"per_page\":2}");
        stubPage(2, "[" + db(CloudflareStub.DATABASE, "prod-db") + "]", "{\"page\":2,\"per_page\":2}");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void pagesThatHoldExactlyTheTotalCountAreNotFollowedByAnother() {
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"page\":1,\"per_page\":2,\"count\":2,\"total_count\":2}");
        stubPage(2, "[" + db(CloudflareStub.DATABASE, "prod-db") + "]",
                "{\"page\":2,\"per_page\":2,\"count\":1,\"total_count\":2}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("similar names: prod-db-a, prod-db-b)");
        assertThat(pagesAsked()).containsExactly("1");
    }

    @Test
    void aPageShorterThanThePageSizeEndsTheListWhateverTheTotalCountClaims() {
        // A list that pages fills every page but the last, so a short page is the last one. A server that ignores
        // ?page= and answers a few entries without uuids, different on each read (nothing to tell a repeat by), with
        // a total it never reaches, was read for MAX_PAGES pages.
        // (Without per_page, such a page 1 with a larger total is a server that caps its pages without saying so:
        // see aSilentlyCappedListWhoseTotalNeedsMoreThanAHundredPagesIsAProtocolViolationAtOnce.)
        // The same for a total_pages beyond the 100 pages read at most, which a full page 1 would be refused for.
        for (String resultInfo : List.of("{\"per_page\":1000,\"total_count\":1000000}",
                "{\"per_page\":3,\"total_count\":1000000}", "{\"per_page\":3,\"total_pages\":500}",
                "{\"total_pages\":500}")) {
            wm.resetAll();
            for (int page = 1; page <= 101; page++) {
                stubPage(page, "[{\"name\":\"prod-db-" + page + "\"},{\"name\":\"prod-db-" + page + "-old\"}]",
                        resultInfo);
            }

            assertThatThrownBy(() -> exportNamed("prod-db")).as(resultInfo)
                    .isInstanceOf(DatabaseNotFoundException.class)
                    .hasMessageContaining("(similar names: prod-db-1, prod-db-1-old)");
            assertThat(pagesAsked()).as(resultInfo).containsExactly("1");
        }
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aServerThatCapsItsPagesWithoutSayingSoIsReadOnWhileTheTotalCountSaysThereAreMore() throws Exception {
        // Fewer databases than the 1000 asked for, no per_page, and a total_count beyond them: page 1's size is the
        // server's page size, so a name only looked for on page 1 would be reported as missing.
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]", "{\"page\":1,\"total_count\":5}");
        stubPage(2, "[" + db("99999999-2222-4333-8444-555555555553", "prod-db-c") + ","
                + db("99999999-2222-4333-8444-555555555554", "prod-db-d") + "]", "{\"page\":2,\"total_count\":5}");
        stubPage(3, "[" + db(CloudflareStub.DATABASE, "prod-db") + "]", "{\"page\":3,\"total_count\":5}");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(pagesAsked()).containsExactly("1", "2", "3");
    }

    @Test
    void aSilentlyCappedListEndsAtItsFirstPageShorterThanPageOneWhateverTheTotalCountClaims() {
        // Page 1's size stands for every page: a later short page is the last, as it is with a per_page.
        stubPage(1, "[{\"name\":\"prod-db-a\"},{\"name\":\"prod-db-b\"}]", "{\"total_count\":10}");
        stubPage(2, "[{\"name\":\"prod-db-c\"}]", "{\"total_count\":10}");
        stubPage(3, "[{\"name\":\"prod-db-d\"},{\"name\":\"prod-db-e\"}]", "{\"total_count\":10}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("(similar names: prod-db-a, prod-db-b, prod-db-c)");
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void aSilentlyCappedListWhoseTotalNeedsMoreThanAHundredPagesIsAProtocolViolationAtOnce() {
        // Two databases a page and a total of a million: 500,000 pages, beyond the 100 read at most, so the list
        // cannot be read in full (a twin of the name may be on any page never read), and is not read for 100 pages to
        // find that out. A server that ignores ?page= and claims such a total (different entries without uuids on
        // each read: nothing to tell a repeat by) is answered so after one request.
        for (int page = 1; page <= 101; page++) {
            stubPage(page, "[{\"name\":\"prod-db-" + page + "\"},{\"name\":\"prod-db-" + page + "-old\"}]",
                    "{\"total_count\":1000000}");
        }

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 1 of the database list with pages of 2 databases"
                        + " and a total_count of 1000000, more than the 100 pages read at most hold, when listing the"
                        + " databases named 'prod-db' in account " + CloudflareStub.ACCOUNT + ", so the list cannot be"
                        + " read in full; use the database's UUID");
        assertThat(pagesAsked()).containsExactly("1");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void totalPagesEndsAListOfFullPagesWithoutATotalCount() {
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"page\":1,\"per_page\":2,\"count\":2,\"total_pages\":1}");
        stubPage(2, "[]", "{\"page\":2,\"per_page\":2,\"count\":0,\"total_pages\":1}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("similar names: prod-db-a, prod-db-b)");
        assertThat(pagesAsked()).containsExactly("1");
    }

    /** Pages 1 to 101 of a list that never ends: one database each (the first given), every page full, no total. */
    private void stubEndlessList(String firstPage) {
        // Paging info without a page number: the pages asked for are counted. Each page lists another database, as a
        // real list would (a repeated page is a list that does not page). No total_count: a total that needs more
        // than 100 pages is refused after page 1 (see aListWhoseTotalCountNeedsMoreThanAHundredFullPages...), so only
        // a list that says nothing of its end is read up to the cap.
        for (int page = 1; page <= 101; page++) {
            stubPage(page, page == 1 ? "[" + firstPage + "]"
                    : "[" + db(String.format("99999999-2222-4333-8444-%012d", page), "prod-db-" + page) + "]",
                    "{\"per_page\":1}");
        }
    }

    @Test
    void aListThatNeverEndsIsReadForAHundredPagesAtMostAndThenIsAProtocolViolationNotANameMissing() {
        // The name may be on a page never read: "No D1 database is named" would be a guess.
        stubEndlessList(db("99999999-2222-4333-8444-000000000001", "prod-db-1"));

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 100 of the database list with more pages to"
                        + " come, beyond the 100 read at most, when listing the databases named 'prod-db' in account "
                        + CloudflareStub.ACCOUNT + ", so the list cannot be read in full; use the database's UUID");
        assertThat(pagesAsked()).hasSize(100).endsWith("99", "100");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aMatchInAListThatNeverEndsIsNotExportedSinceATwinMayBeOnAPageNeverRead() {
        stubEndlessList(db(CloudflareStub.DATABASE, "prod-db"));

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("so the list cannot be read in full; use the database's UUID");
        assertThat(pagesAsked()).hasSize(100);
        assertThat(api.exportCalls()).isEmpty();
    }

    /** Pages 1 to 101 of a list of two databases a page, each page other databases than the pages before. */
    private void stubPagesOfTwo(String resultInfo) {
        for (int page = 1; page <= 101; page++) {
            stubPage(page, "[" + db(String.format("99999999-2222-4333-8444-%012d", 2 * page), "prod-db-" + page) + ","
                    + db(String.format("99999999-2222-4333-8444-%012d", 2 * page + 1), "prod-db-" + page + "-old")
                    + "]", resultInfo);
        }
    }

    @Test
    void aListWhoseTotalCountNeedsMoreThanAHundredFullPagesIsAProtocolViolationAtOnce() {
        // The server says its page size, page 1 is full, and the total needs 500,000 such pages: the list cannot be
        // read in full, so it is refused after page 1, as a silently capped one is, not read for 100 pages first.
        assertPagesOfTwoRefusedAfterPageOne("{\"per_page\":2,\"total_count\":1000000}",
                "a total_count of 1000000, more than the 100 pages read at most hold");
    }

    /**
     * Pages of two databases with {@code resultInfo}, page 1 full: refused after page 1 with the "cannot be read in
     * full" error, whose reason is {@code why}, and no export started.
     */
    private void assertPagesOfTwoRefusedAfterPageOne(String resultInfo, String why) {
        stubPagesOfTwo(resultInfo);

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 1 of the database list with pages of 2 databases"
                        + " and " + why + ", when listing the databases named 'prod-db' in account "
                        + CloudflareStub.ACCOUNT + ", so the list cannot be read in full; use the database's UUID");
        assertThat(pagesAsked()).containsExactly("1");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aTotalCountOfAHundredFullPagesIsReadOnAndOneMoreDatabaseIsRefusedAtOnce() throws Exception {
        // 100 pages of 2 (the most read) hold 200: page 1 of such a list is followed by page 2 as before (here short,
        // so the last, with the database); a total of 201 needs a 101st page and is refused after page 1.
        assertReadOnAtTheLimitAndRefusedBeyondIt("{\"per_page\":2,\"total_count\":200}",
                "{\"per_page\":2,\"total_count\":201}",
                "with pages of 2 databases and a total_count of 201, more than the 100 pages");
    }

    /**
     * A full page 1 of two databases with {@code fits} as its {@code result_info} is followed by a short page 2 that
     * holds the database, as before; with {@code beyond} it is refused after page 1 with {@code message}.
     */
    private void assertReadOnAtTheLimitAndRefusedBeyondIt(String fits, String beyond, String message)
            throws Exception {
        String fullPage = "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]";
        stubPage(1, fullPage, fits);
        stubPage(2, "[" + db(CloudflareStub.DATABASE, "prod-db") + "]", fits);
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(pagesAsked()).containsExactly("1", "2");

        wm.resetRequests();
        stubPage(1, fullPage, beyond);

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(message);
        assertThat(pagesAsked()).containsExactly("1");
    }

    @Test
    void aFullPageOfTheThousandAskedForWithoutAPerPageAndATotalBeyondAHundredPagesIsRefusedAtOnce() {
        // Without a per_page, a page 1 that holds the 1000 asked for pages by 1000: a total of 100,001 needs 101.
        StringBuilder full = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            full.append(i == 0 ? "" : ",").append(db(String.format("99999999-2222-4333-8444-%012d", i), "prod-" + i));
        }
        stubPage(1, full.append("]").toString(), "{\"total_count\":100001}");
        stubPage(2, "[]", "{\"total_count\":100001}");

        assertThatThrownBy(() -> exportNamed("prod")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 1 of the database list with pages of 1000"
                        + " databases and a total_count of 100001, more than the 100 pages read at most hold,");
        assertThat(pagesAsked()).containsExactly("1");
    }

    @Test
    void aFullPageOneWithATotalPagesBeyondAHundredAndNoTotalCountIsAProtocolViolationAtOnce() {
        // total_pages says as much as a total_count would: 500 pages cannot be read in full, so the list is refused
        // after page 1, not read for 100 pages first.
        assertPagesOfTwoRefusedAfterPageOne("{\"per_page\":2,\"total_pages\":500}",
                "a total_pages of 500, more than the 100 pages read at most");
    }

    @Test
    void aTotalPagesOfAHundredIsReadOnAndOneMorePageIsRefusedAtOnce() throws Exception {
        // 100 pages are read at most: a total_pages of 100 is followed by page 2 as before (here short, so the last,
        // with the database); 101 is refused after page 1.
        assertReadOnAtTheLimitAndRefusedBeyondIt("{\"per_page\":2,\"total_pages\":100}",
                "{\"per_page\":2,\"total_pages\":101}",
                "with pages of 2 databases and a total_pages of 101, more than the 100 pages");
    }

    @Test
    void whenTotalCountAndTotalPagesDisagreeTotalCountDecidesWhetherTheListCanBeReadInFull() throws Exception {
        // total_count decides whether to read on (morePages), so it decides whether the list fits in 100 pages too: a
        // total_count of 4 at 2 a page is read (pages 1 and 2) whatever total_pages claims ...
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"per_page\":2,\"total_count\":4,\"total_pages\":500}");
        stubPage(2, "[" + db("99999999-2222-4333-8444-555555555553", "prod-db-c") + ","
                + db(CloudflareStub.DATABASE, "prod-db") + "]",
                "{\"per_page\":2,\"total_count\":4,\"total_pages\":500}");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(pagesAsked()).containsExactly("1", "2");

        // ... and a total_count beyond 100 pages is refused after page 1 whatever total_pages claims.
        wm.resetRequests();
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"per_page\":2,\"total_count\":1000000,\"total_pages\":2}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("with pages of 2 databases and a total_count of 1000000, more than the 100");
        assertThat(pagesAsked()).containsExactly("1");
    }

    @Test
    void aListThatAnswersPageOneToTheAskForPageTwoIsAProtocolViolationNamingBothPages() {
        // A server (or proxy) that ignores ?page= answers page 1 every time: its match must not be counted again.
        stubEveryPage("[" + db(CloudflareStub.DATABASE, "prod-db") + "]",
                "{\"page\":1,\"per_page\":1,\"count\":1,\"total_count\":2}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 2 of the database list with page 1")
                .hasMessageContaining("use the database's UUID");
        assertThat(pagesAsked()).containsExactly("1", "2");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aListThatRepeatsAPageWithoutPageNumbersIsAProtocolViolationNotSeveralDatabases() {
        // Without a page number in result_info, the page before again shows the server is not paging.
        stubEveryPage("[" + db(CloudflareStub.DATABASE, "prod-db") + "]", "{\"per_page\":1,\"total_count\":2}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 2 of the database list with the same databases"
                        + " as page 1")
                .hasMessageContaining("use the database's UUID");
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).hasSize(2);
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aPageOfOnlyDatabasesAlreadyListedInAnotherOrderIsAProtocolViolation() {
        String a = db("99999999-2222-4333-8444-555555555551", "prod-db-a");
        String b = db("99999999-2222-4333-8444-555555555552", "prod-db-b");
        stubPage(1, "[" + a + "," + b + "]", "{\"per_page\":2,\"total_count\":4}");
        stubPage(2, "[" + b + "," + a + "]", "{\"per_page\":2,\"total_count\":4}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 2 of the database list with only databases"
                        + " already listed on earlier pages");
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void aListThatRepeatsAFullPageOfDatabasesWithoutUuidsIsAProtocolViolationAfterTwoPages() {
        // Without a uuid an entry cannot be told from one already listed: the page itself, asked for again, is the
        // sign.
        StringBuilder full = new StringBuilder("[null");
        for (int i = 1; i < 1000; i++) {
            full.append(",{\"name\":\"prod-db-").append(i).append("\"}");
        }
        stubEveryPage(full.append("]").toString(), null);

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 2 of the database list with the same databases"
                        + " as page 1")
                .hasMessageContaining("use the database's UUID");
        assertThat(pagesAsked()).containsExactly("1", "2");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aListThatRepeatsAPageWithoutUuidsAndATotalItNeverReachesIsAProtocolViolationAfterTwoPages() {
        // A total that fits in the 100 pages read at most (a larger one is refused after page 1 whatever the pages
        // hold: aListWhoseTotalCountNeedsMoreThanAHundredFullPagesIsAProtocolViolationAtOnce).
        stubEveryPage("[{\"name\":\"prod-db-old\"},{\"uuid\":null,\"name\":\"prod-db-new\"}]",
                "{\"per_page\":2,\"total_count\":200}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 2 of the database list with the same databases"
                        + " as page 1");
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void fullPagesOfTheSameDatabasesWithoutUuidsInAnotherOrderAreAProtocolViolationAfterTwoPages() {
        // A server that ignores ?page= and lists its entries in another order on each read: no page repeats the one
        // before, but an entry without a uuid is told by its name, and page 2 holds no name not already listed.
        for (int page = 1; page <= 101; page++) {
            StringBuilder full = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                full.append(i == 0 ? "" : ",").append("{\"name\":\"prod-db-").append((i + page) % 1000).append("\"}");
            }
            stubPage(page, full.append("]").toString(), null);
        }

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("answered the request for page 2 of the database list with only databases"
                        + " already listed on earlier pages");
        assertThat(pagesAsked()).containsExactly("1", "2");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void pagesOfDatabasesWithoutUuidsThatDifferAreReadOnAndTheirNamesShown() {
        // Only a repeat is refused: a paging list whose entries lack a uuid is read as any other.
        stubPage(1, "[{\"name\":\"prod-db-a\"}]", "{\"page\":1,\"per_page\":1,\"total_count\":2}");
        stubPage(2, "[{\"name\":\"prod-db-b\"}]", "{\"page\":2,\"per_page\":1,\"total_count\":2}");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("similar names: prod-db-a, prod-db-b)");
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void aMatchListedWithoutAUuidIsAProtocolViolationThatSaysSo() {
        stubList("[{\"name\":\"prod-db\",\"version\":\"production\"}]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageStartingWith("Cloudflare API listed database 'prod-db' without its id (no uuid) when"
                        + " listing the databases named 'prod-db' in account " + CloudflareStub.ACCOUNT + ", so it"
                        + " cannot be exported by name; use the database's UUID");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aMatchWithoutAUuidBesideOneWithAUuidIsAProtocolViolationNotTwoDatabases() {
        // Not "2 D1 databases are named 'prod-db' (null, ...)": the list itself is broken.
        stubList("[" + db(CloudflareStub.DATABASE, "prod-db") + ",{\"uuid\":null,\"name\":\"prod-db\"}]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("listed database 'prod-db' without its id (no uuid)")
                .hasMessageNotContaining("null");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aDatabaseListedAgainOnTheNextPageIsCountedOnce() throws Exception {
        // A database created between two page reads shifts the list, so the next page starts with one already seen.
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db(CloudflareStub.DATABASE, "prod-db") + "]",
                "{\"page\":1,\"per_page\":2,\"count\":2,\"total_count\":3}");
        stubPage(2, "[" + db(CloudflareStub.DATABASE, "prod-db") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"page\":2,\"per_page\":2,\"count\":2,\"total_count\":4}");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("prod-db");

        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        assertThat(pagesAsked()).containsExactly("1", "2");
    }

    @Test
    void aNameIsMatchedCaseSensitivelyAndTenSimilarNamesAreAllShown() {
        StringBuilder list = new StringBuilder("[").append(db(CloudflareStub.DATABASE, "Prod-DB"));
        for (int i = 1; i < 10; i++) {
            list.append(",").append(db("99999999-2222-4333-8444-55555555555" + i, "prod-db-" + i));
        }
        stubList(list.append("]").toString());

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("(similar names: Prod-DB, prod-db-1, prod-db-2, prod-db-3, prod-db-4, prod-db-5,"
                        + " prod-db-6, prod-db-7, prod-db-8, prod-db-9); check the name (it is case-sensitive)");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void twoDatabasesOfTheNameOnDifferentPagesAreAClearError() {
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "twin") + "]",
                "{\"page\":1,\"per_page\":1,\"count\":1,\"total_count\":2}");
        stubPage(2, "[" + db("88888888-2222-4333-8444-555555555552", "twin") + "]",
                "{\"page\":2,\"per_page\":1,\"count\":1,\"total_count\":2}");

        assertThatThrownBy(() -> exportNamed("twin")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("2 D1 databases are named 'twin' in account " + CloudflareStub.ACCOUNT
                        + " (99999999-2222-4333-8444-555555555551, 88888888-2222-4333-8444-555555555552)");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aUuidIsUsedAsIs() {
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed(CloudflareStub.DATABASE);

        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).isEmpty();
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void noMatchingDatabaseIsAClearError() {
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "prod-db-old") + "]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("No D1 database is named 'prod-db'")
                .hasMessageContaining(CloudflareStub.ACCOUNT)
                .hasMessageContaining("prod-db-old");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aNameTheListDoesNotHoldIsNotFoundWithoutTheStatusOrRayIdOfTheListCallThatSucceeded() {
        // The list call answered 200 with a cf-ray: no server answer failed, so there is no status of a failed answer
        // to report, and "[HTTP 200]" beside "not found" would read as a server fault.
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "prod-db-old") + "]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .satisfies(t -> {
                    DatabaseNotFoundException e = (DatabaseNotFoundException) t;
                    assertThat(e.details()).isEqualTo(ErrorDetails.none());
                    assertThat(e.getMessage()).isEqualTo(e.summary()).doesNotContain("HTTP 200")
                            .doesNotContain("8a1b2c3d4e5f-AMS");
                });
    }

    @Test
    void severalDatabasesOfTheNameAreNotFoundWithoutTheStatusOrRayIdOfTheListCallThatSucceeded() {
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "twin") + ","
                + db("88888888-2222-4333-8444-555555555555", "twin") + "]");

        assertThatThrownBy(() -> exportNamed("twin")).isInstanceOf(DatabaseNotFoundException.class)
                .satisfies(t -> {
                    DatabaseNotFoundException e = (DatabaseNotFoundException) t;
                    assertThat(e.details()).isEqualTo(ErrorDetails.none());
                    assertThat(e.getMessage()).isEqualTo(e.summary()).doesNotContain("HTTP 200");
                });
    }

    @Test
    void anEmptyListIsAClearError() {
        stubList("[]");

        assertThatThrownBy(() -> exportNamed("nope")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("UUID");
    }

    @Test
    void severalDatabasesWithTheNameAreAClearError() {
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "twin") + ","
                + db("88888888-2222-4333-8444-555555555555", "twin") + "]");

        assertThatThrownBy(() -> exportNamed("twin")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("2 D1 databases are named 'twin'")
                .hasMessageContaining("99999999-2222-4333-8444-555555555555")
                .hasMessageContaining("88888888-2222-4333-8444-555555555555");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void manyDatabasesWithTheNameAreNamedByTheirFirstTenUuidsAndHowManyMore() {
        // A broken list can repeat a name any number of times: the message stays one readable line.
        StringBuilder list = new StringBuilder("[");
        for (int i = 1; i <= 25; i++) {
            list.append(i == 1 ? "" : ",").append(db(String.format("99999999-2222-4333-8444-%012d", i), "twin"));
        }
        stubList(list.append("]").toString());

        assertThatThrownBy(() -> exportNamed("twin")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("25 D1 databases are named 'twin' in account " + CloudflareStub.ACCOUNT
                        + " (99999999-2222-4333-8444-000000000001, ")
                .hasMessageContaining(", 99999999-2222-4333-8444-000000000010 and 15 more); use the UUID of the one"
                        + " to export")
                .hasMessageNotContaining("99999999-2222-4333-8444-000000000011");
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void anIdThatIsNotAUuidIsShownEscapedAndShortenedNotRaw() {
        // The server's value goes into a message a terminal or log shows: a control character in it must not act.
        String long80 = "a".repeat(80);
        stubList("[" + db("x\\u001b[2J" + long80, "prod-db") + "]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("not a UUID: 'x\\u001B[2J" + "a".repeat(20))
                .hasMessageContaining("...'")
                .hasMessageNotContaining("\u001b")
                .hasMessageNotContaining(long80);
    }

    @Test
    void serverGivenNamesAndIdsInTheMessagesAreShownEscaped() {
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "prod-db\\u001b[31mold") + "]");
        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("similar names: prod-db\\u001B[31mold)")
                .hasMessageNotContaining("\u001b");

        wm.resetAll();
        stubList("[" + db("99999999-2222-4333-8444-555555555555", "twin") + ","
                + db("88888888\\n2222", "twin") + "]");
        assertThatThrownBy(() -> exportNamed("twin")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("(99999999-2222-4333-8444-555555555555, 88888888\\n2222)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void bidirectionalControlsInServerGivenNamesAreShownEscaped() {
        // An override or isolate (U+202A to U+202E, U+2066 to U+2069) reorders what a terminal or log viewer shows
        // after it: prod-db-, RIGHT-TO-LEFT OVERRIDE, gnp.exe reads as prod-db-exe.png. The message is the library's,
        // which callers log as it is, not only the command's (whose terminal output replaces them).
        stubList("[" + db("99999999-2222-4333-8444-555555555551", "prod-db-\\u202Egnp.exe") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-\\u2066x\\u2069") + "]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("similar names: prod-db-\\u202Egnp.exe, prod-db-\\u2066x\\u2069)")
                .hasMessageNotContaining("\u202E").hasMessageNotContaining("\u2066").hasMessageNotContaining("\u2069");
    }

    @Test
    void tokenShapedNamesAndIdsFromTheServerAreMaskedAsTheUrlsOwnDatabaseIs() {
        // A broken list (or a proxy that echoes what it was sent) could list a secret as a name: the message masks
        // it by the rule the URL's database follows (a word of more than 32 letters, digits, '-' and '_', not a
        // UUID), so a real name of that shape is masked too, as it is in the URL.
        String token = "Xk9fQ2-mZ7_pL4rT8vW1yB6nC3dH5jG0aE2sK7uY";
        stubList("[" + db("99999999-2222-4333-8444-555555555551", "prod-db-old") + ","
                + db("99999999-2222-4333-8444-555555555552", token) + ","
                + db("99999999-2222-4333-8444-555555555553", "prod-db " + token) + ","
                + db("99999999-2222-4333-8444-555555555554", "99999999-2222-4333-8444-555555555554") + "]");
        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("(similar names: prod-db-old, ****, prod-db ****,"
                        + " 99999999-2222-4333-8444-555555555554)")
                .hasMessageNotContaining(token);

        wm.resetAll();
        stubList("[" + db(token, "prod-db") + "]");
        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("with an id that is not a UUID: '****'")
                .hasMessageNotContaining(token);
    }

    @Test
    void aServerGivenNameIsCutBetweenWholeEscapesAndCodePoints() {
        // 61 characters (dots keep it from looking like a token), then ESC, whose escape of six characters (a
        // backslash, u, 001B) would straddle the 64th; and 63 characters, then a character made of two UTF-16 units
        // that would straddle it.
        String beforeEscape = "prod-db." + "x.".repeat(26) + "x";
        String beforePair = beforeEscape + "yy";
        stubList("[" + db("99999999-2222-4333-8444-555555555551", beforeEscape + "\\u001bzz") + ","
                + db("99999999-2222-4333-8444-555555555552", beforePair + "\\ud83d\\ude00zz") + "]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(DatabaseNotFoundException.class)
                .hasMessageContaining("(similar names: " + beforeEscape + "..., " + beforePair + "...)")
                .satisfies(e -> assertThat(e.getMessage().chars().filter(c -> Character.isSurrogate((char) c)))
                        .as("halves of a surrogate pair").isEmpty());
    }

    @Test
    void aListWithAValueOfTheWrongJsonTypeIsAProtocolViolationNamingTheProperty() {
        stubList("[{\"uuid\":\"" + CloudflareStub.DATABASE + "\",\"name\":[\"prod-db\"]}]");

        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("not the database list: result.name: expected a string, got an array (");
        assertThat(api.exportCalls()).isEmpty();
    }

    /** An edge's or a proxy's page sent with 200; it quotes the token, which no message or event may show. */
    private static ResponseDefinitionBuilder htmlPage200() {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withHeader("cf-ray", "8a1b2c3d4e5f-AMS")
                .withBody("<html><p>Checking your browser (Bearer " + CloudflareStub.TOKEN + ")</p></html>");
    }

    private ExportOptions quickRetries(String maxRetries) {
        return api.options().target("//" + CloudflareStub.ACCOUNT + "/prod-db").option("max-retries", maxRetries)
                .option("retry-base-delay", "10ms").option("retry-max-delay", "10ms").build();
    }

    /** Exports the stubbed dump with two quick retries, checks the file, and gives the events the export sent. */
    private CloudflareStub.Events exportTheDumpWithQuickRetries() throws Exception {
        api.stubCalls(api.complete());
        api.stubDump();
        CloudflareStub.Events events = new CloudflareStub.Events();
        exportWithQuickRetries("2", events);
        assertThat(Files.readString(dir.resolve("out.sql"))).isEqualTo(CloudflareStub.DUMP);
        return events;
    }

    /** Exports {@code prod-db} to {@code out.sql} with short retries, its events to the listener. */
    private void exportWithQuickRetries(String maxRetries, ExportListener listener) {
        try (Exporter exporter = api.exporter(quickRetries(maxRetries))) {
            exporter.export(ExportRequest.builder().destination(dir.resolve("out.sql")).listener(listener).build());
        }
    }

    @Test
    void aListAnsweredWithAPageSentWith200IsAskedForAgain() throws Exception {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).inScenario("list").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(htmlPage200()).willSetStateTo("again"));
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).inScenario("list").whenScenarioStateIs("again")
                .willReturn(CloudflareStub.jsonAnswer(200, CloudflareStub.envelope("[" + db(CloudflareStub.DATABASE,
                        "prod-db") + "]"))));
        CloudflareStub.Events events = exportTheDumpWithQuickRetries();

        // The same page of the list asked twice, then the export of the database it names.
        assertThat(pagesAsked()).containsExactly("1", "1");
        assertThat(events.of(ExportEvent.Retry.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("HTTP 200 (cf-ray 8a1b2c3d4e5f-AMS): the body is not one complete JSON text")
                .contains("text/html").doesNotContain(CloudflareStub.TOKEN));
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void aListNeverAnsweredWithJsonFailsAfterTheRetriesNamingTheBodyAndTheAttempts() {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(htmlPage200()));

        assertThatThrownBy(() -> exportWithQuickRetries("1", event -> { }))
                .isExactlyInstanceOf(ProtocolViolationException.class).satisfies(t -> {
            ProtocolViolationException e = (ProtocolViolationException) t;
            assertThat(e.getMessage()).startsWith("Cloudflare API answered listing the databases named 'prod-db'")
                    .contains(" with a body that is not the database list, after 2 attempts: the body is not one"
                            + " complete JSON text")
                    .contains("text/html").doesNotContain(CloudflareStub.TOKEN).doesNotContain("Checking");
            assertThat(e.details().httpStatus()).hasValue(200);
            assertThat(e.details().rayId()).contains("8a1b2c3d4e5f-AMS");
        });
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).hasSize(2);
        assertThat(api.exportCalls()).isEmpty();
        assertThat(dir.resolve("out.sql")).doesNotExist();
    }

    @Test
    void aLaterPageOfTheListAnsweredWithAPageSentWith200IsAskedForAgain() throws Exception {
        stubPage(1, "[" + db("99999999-2222-4333-8444-555555555551", "prod-db-a") + ","
                + db("99999999-2222-4333-8444-555555555552", "prod-db-b") + "]",
                "{\"page\":1,\"per_page\":2,\"count\":2,\"total_count\":3}");
        wm.stubFor(get(urlPathEqualTo(LIST_PATH))
                .withQueryParam("page", equalTo("2"))
                .inScenario("page 2").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(htmlPage200()).willSetStateTo("again"));
        wm.stubFor(get(urlPathEqualTo(LIST_PATH))
                .withQueryParam("page", equalTo("2"))
                .inScenario("page 2").whenScenarioStateIs("again")
                .willReturn(listAnswer("[" + db(CloudflareStub.DATABASE, "prod-db") + "]",
                        "{\"page\":2,\"per_page\":2,\"count\":1,\"total_count\":3}")));
        CloudflareStub.Events events = exportTheDumpWithQuickRetries();

        // The page that came back as a page sent with 200 is asked for again; the first is not.
        assertThat(pagesAsked()).containsExactly("1", "2", "2");
        assertThat(events.of(ExportEvent.Retry.class)).singleElement();
        assertThat(api.exportCalls()).hasSize(1);
    }

    @Test
    void theServerCanForbidTheRetryOfAListItAnsweredWithAPage() {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(htmlPage200().withHeader("x-should-retry", "false")));

        assertThatThrownBy(() -> exportWithQuickRetries("3", event -> { }))
                .isExactlyInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(" with a body that is not the database list, after 1 attempt: ");
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).hasSize(1);
        assertThat(api.exportCalls()).isEmpty();
    }

    @Test
    void aFailedListCallMapsLikeAnyApiError() {
        wm.stubFor(get(urlPathEqualTo(LIST_PATH)).willReturn(CloudflareStub.apiError(403, 10000,
                "Authentication error")));

        // Code 10000 is an authentication error whatever the status, here too.
        assertThatThrownBy(() -> exportNamed("prod-db")).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("listing the databases named 'prod-db'");
    }

    @Test
    void aNameWithOddCharactersIsEncodedInTheQuery() {
        stubList("[" + db(CloudflareStub.DATABASE, "a&b=c") + "]");
        api.stubCalls(api.complete());
        api.stubDump();

        exportNamed("a&b=c");

        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(LIST_PATH)))).singleElement()
                .satisfies(r -> assertThat(r.queryParameter("name").firstValue()).isEqualTo("a&b=c"));
    }
}
