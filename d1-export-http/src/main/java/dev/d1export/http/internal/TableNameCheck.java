package dev.d1export.http.internal;

import dev.d1export.http.internal.json.QueryEnvelope;
import dev.d1export.http.internal.json.QueryResult;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.UnmatchedTablesException;
import dev.d1export.spi.UnmatchedTables;
import jakarta.json.bind.JsonbException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the requested table names against the database's schema before the export starts, with one read-only
 * {@code SELECT name, min(type) AS type FROM sqlite_master} (of the names D1's dump can hold: see {@link #SQL})
 * through the query endpoint: D1 exports nothing for a name that matches nothing, without an error, so a misspelt
 * name would otherwise pass as an empty dump.
 *
 * <p>For a request that {@linkplain dev.d1export.spi.ExportRequest#failOnUnmatchedTables() fails on unmatched tables}
 * the check is required: it is retried as any read is, a name that matches nothing refuses the export, and a check
 * that cannot run fails it. Otherwise it only informs: it is asked once, never retried, within
 * {@link ApiClient#ASK_LIMIT} at most; when it cannot run (a token without read access, a rate limit, a failed or odd answer) the export goes on as if it had
 * found every name, and the reason is logged as a warning. Only the deadline and a cancellation end the export here,
 * as they would anywhere else.
 */
final class TableNameCheck {

    /** The query: the names a table filter can bring into D1's dump, as every provider asks them. */
    static final String SQL = UnmatchedTables.EXPORTABLE_NAMES_QUERY;

    private static final String BODY = "{\"sql\":\"" + SQL + "\",\"params\":[]}";

    private final ApiClient api;
    private final JsonCodec json;
    private final ErrorMapper errors;
    private final CloudflareSettings settings;
    private final System.Logger log;

    /**
     * Creates a check.
     *
     * @param api      calls the API
     * @param json     reads the answer
     * @param errors   maps a failure the API states to its typed error
     * @param settings the account and database
     * @param log      where a check that could not run is reported
     */
    TableNameCheck(ApiClient api, JsonCodec json, ErrorMapper errors, CloudflareSettings settings,
            System.Logger log) {
        this.api = api;
        this.json = json;
        this.errors = errors;
        this.settings = settings;
        this.log = log;
    }

    /**
     * The requested names that match nothing, with their notices.
     *
     * @param databaseId the database's UUID
     * @param request    the request: its names (none means the whole database, and no call is made), whether it
     *                   leaves the schema out (then only a table's name matches), and whether it fails on a name that
     *                   matches nothing (the check must then run, so it is retried as any other call and a failure to
     *                   run it fails the export)
     * @return the names and notices; none when every name matches or the check could not run
     * @throws InterruptedException    if the thread is interrupted
     * @throws ExportTimeoutException  if the deadline passes
     * @throws dev.d1export.spi.D1ExportException when the request fails on unmatched tables and the check could not
     *         run
     */
    Unmatched unmatched(String databaseId, ExportRequest request) throws InterruptedException {
        if (request.tables().isEmpty()) {
            return Unmatched.NONE;
        }
        String action = "reading the table names of database " + settings.shownDatabase();
        String path = "/accounts/" + settings.accountId() + "/d1/database/" + databaseId + "/query";
        if (request.failOnUnmatchedTables()) {
            return required(path, action, request);
        }
        try {
            ApiResponse response = api.ask(path, BODY, action);
            Map<String, String> names = names(json.read(response.body(), QueryEnvelope.class));
            if (names == null) {
                log.log(Level.WARNING, "Cannot check the table names: the answer to {0} holds no name list ({1});"
                        + " a name that matches nothing is not reported", action, ErrorMapper.describeBody(response));
                return Unmatched.NONE;
            }
            return new Unmatched(request, names);
        } catch (ExportTimeoutException | ExportCancelledException e) {
            throw e;
        } catch (D1ExportException | JsonbException | ClassCastException e) {
            // An unknown database is the export's own error to report, just after: no warning ahead of it.
            log.log(e instanceof DatabaseNotFoundException ? Level.DEBUG : Level.WARNING,
                    "Cannot check the table names, so a name that matches nothing is not reported: {0}",
                    e instanceof JsonbException ? JsonCodec.reason(e) : e.getMessage());
            return Unmatched.NONE;
        }
    }

    /**
     * The check for a request that fails on a name that matches nothing: a check that did not run must not pass for
     * one that found every name. Retried as any read is, so a passing 429, 5xx or page sent with 200 does not fail
     * the export.
     */
    private Unmatched required(String path, String action, ExportRequest request) throws InterruptedException {
        ApiResponse response = api.query(path, BODY, "the query's result", action);
        QueryEnvelope envelope;
        Map<String, String> names;
        try {
            envelope = json.read(response.body(), QueryEnvelope.class);
            names = names(envelope);
        } catch (JsonbException | ClassCastException e) {
            if (errors.statesFailure(response)) {
                throw errors.fromResponse(response, action);
            }
            throw withoutNames(response, action, e);
        }
        if (Boolean.FALSE.equals(envelope.success)) {
            // A failure the API states (a 2xx with success:false): its own typed error, as for any other call.
            throw errors.fromResponse(response, action);
        }
        if (names == null) {
            throw withoutNames(response, action, null);
        }
        return new Unmatched(request, names);
    }

    private static ProtocolViolationException withoutNames(ApiResponse response, String action, RuntimeException cause) {
        return new ProtocolViolationException("Cannot check the table names, which the request needs as it fails on a"
                + " name that matches nothing: the answer to " + action + " holds no name list"
                + " (" + (cause == null ? ErrorMapper.describeBody(response)
                        : ErrorMapper.describeUnreadable(response, cause)) + "); the export was not started", cause,
                ErrorDetails.ofStatus(response.status()).withRayId(response.rayId()));
    }

    /**
     * The {@code name} and {@code type} of every row of the one statement's result, or {@code null} for an answer of
     * another shape.
     */
    private static Map<String, String> names(QueryEnvelope envelope) {
        if (!Boolean.TRUE.equals(envelope.success) || envelope.result == null || envelope.result.size() != 1) {
            return null;
        }
        QueryResult result = envelope.result.get(0);
        if (result == null || Boolean.FALSE.equals(result.success) || result.results == null) {
            return null;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Map<String, Object> row : result.results) {
            if (row == null || !(row.get("name") instanceof String name)
                    || !(row.get("type") instanceof String type)) {
                return null;
            }
            names.put(name, type);
        }
        return names;
    }

    /**
     * The request's names checked against the database's.
     *
     * @param request  the request, or {@code null} when no name was checked
     * @param existing the database's names the dump can hold, each with its type
     */
    record Unmatched(ExportRequest request, Map<String, String> existing) {

        /** No name unmatched, or none checked. */
        static final Unmatched NONE = new Unmatched(null, Map.of());

        /** The requested names that match nothing, in request order. */
        List<String> names() {
            return request == null ? List.of() : UnmatchedTables.names(request, existing);
        }

        /** One notice a name that matches nothing, in {@link UnmatchedTables}' words. */
        List<String> notices() {
            return request == null ? List.of() : UnmatchedTables.notices(request, existing);
        }

        /** The error of a request that fails on a name that matches nothing; call only when there is one. */
        UnmatchedTablesException refusal() {
            return UnmatchedTables.refusal(request, existing);
        }
    }
}
