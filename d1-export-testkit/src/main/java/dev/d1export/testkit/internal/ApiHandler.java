package dev.d1export.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.d1export.testkit.Endpoint;
import dev.d1export.testkit.FakeDatabase;
import dev.d1export.testkit.ReceivedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API listener: the D1 endpoints below {@code /client/v4}, answered as Cloudflare does (the v4 envelope, its
 * error codes, the polling export), authenticated by API token or legacy API key.
 */
public final class ApiHandler extends FakeHandler {

    /** Databases per page of the list when the request names no {@code per_page} (the API's default). */
    private static final int DEFAULT_PER_PAGE = 1000;

    /** The most databases a page of the list holds (the API's limit). */
    private static final int MAX_PER_PAGE = 10000;


    /** The path prefix of the Cloudflare v4 API. */
    public static final String BASE_PATH = "/client/v4";

    /** The message D1 gives when an export of the database is already running. */
    public static final String BUSY_MESSAGE = "Currently processing a long-running export. Cannot start a new export"
            + " until that completes or times out.";

    private static final Pattern LIST = Pattern.compile("/accounts/([^/]+)/d1/database/?");
    private static final Pattern DATABASE = Pattern.compile("/accounts/([^/]+)/d1/database/([^/]+)");
    private static final Pattern EXPORT = Pattern.compile("/accounts/([^/]+)/d1/database/([^/]+)/export");
    private static final Pattern BOOKMARK = Pattern.compile(
            "/accounts/([^/]+)/d1/database/([^/]+)/time_travel/bookmark");
    private static final Pattern QUERY = Pattern.compile("/accounts/([^/]+)/d1/database/([^/]+)/query");

    private final ServerConfig config;
    private final DatabaseRegistry databases;
    private final ExportRegistry exports;
    private final Function<ExportTask, String> signedUrls;

    /**
     * Creates the handler.
     *
     * @param config     the configuration
     * @param databases  the databases
     * @param exports    the exports
     * @param signedUrls makes the signed URL of a completed export
     * @param journal    records requests
     * @param faults     injected faults
     */
    public ApiHandler(ServerConfig config, DatabaseRegistry databases, ExportRegistry exports,
            Function<ExportTask, String> signedUrls, Consumer<ReceivedRequest> journal, FaultRules faults) {
        super(journal, faults);
        this.config = config;
        this.databases = databases;
        this.exports = exports;
        this.signedUrls = signedUrls;
    }

    @Override
    protected String relativePath(String rawPath) {
        return rawPath.startsWith(BASE_PATH) ? rawPath.substring(BASE_PATH.length()) : rawPath;
    }

    @Override
    protected Endpoint classify(String method, String path) {
        if (EXPORT.matcher(path).matches()) {
            return Endpoint.EXPORT;
        }
        if (BOOKMARK.matcher(path).matches()) {
            return Endpoint.BOOKMARK;
        }
        if (QUERY.matcher(path).matches()) {
            return Endpoint.QUERY;
        }
        if (LIST.matcher(path).matches()) {
            return Endpoint.LIST_DATABASES;
        }
        if (DATABASE.matcher(path).matches()) {
            return Endpoint.GET_DATABASE;
        }
        return Endpoint.OTHER;
    }

    @Override
    protected boolean leaksCredentials(HttpExchange exchange) {
        return false;
    }

    @Override
    protected Reply decorate(Reply reply) {
        long ray = ThreadLocalRandom.current().nextLong();
        return reply.withHeader("cf-ray", HexFormat.of().toHexDigits(ray) + "-FAKE");
    }

    @Override
    protected Reply answer(HttpExchange exchange, String method, String path, Endpoint endpoint, byte[] body) {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!rawPath.startsWith(BASE_PATH + "/") || endpoint == Endpoint.OTHER || !method.equals(expectedMethod(endpoint))) {
            return Envelopes.error(404, 7000, "No route for that URI");
        }
        if (!authenticated(exchange)) {
            return Envelopes.error(401, 10000, "Authentication error");
        }
        Matcher m = pattern(endpoint).matcher(path);
        if (!m.matches()) {
            return Envelopes.error(404, 7000, "No route for that URI");
        }
        if (!config.accountId().equals(m.group(1))) {
            // A valid token used on an account it may not touch: a permission problem, not a bad token.
            return Envelopes.error(403, 7403, "The given account is not valid or is not authorized to access this service");
        }
        if (endpoint == Endpoint.LIST_DATABASES) {
            return list(exchange.getRequestURI().getRawQuery());
        }
        Optional<FakeDatabase> database = databases.byUuid(m.group(2));
        if (database.isEmpty()) {
            return Envelopes.error(404, 7404, "The database " + m.group(2) + " could not be found");
        }
        switch (endpoint) {
            case EXPORT:
                return export(database.get(), body);
            case BOOKMARK:
                return Reply.json(200, Envelopes.success(Map.of("bookmark",
                        databases.bookmark(database.get().uuid()))));
            case QUERY:
                return query(database.get(), body);
            default:
                return Reply.json(200, Envelopes.success(describe(database.get())));
        }
    }

    private static String expectedMethod(Endpoint endpoint) {
        return endpoint == Endpoint.EXPORT || endpoint == Endpoint.QUERY ? "POST" : "GET";
    }

    private static Pattern pattern(Endpoint endpoint) {
        switch (endpoint) {
            case EXPORT:
                return EXPORT;
            case BOOKMARK:
                return BOOKMARK;
            case QUERY:
                return QUERY;
            case LIST_DATABASES:
                return LIST;
            default:
                return DATABASE;
        }
    }

    private boolean authenticated(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return config.apiTokens().contains(authorization.substring(7).trim());
        }
        String email = exchange.getRequestHeaders().getFirst("X-Auth-Email");
        String key = exchange.getRequestHeaders().getFirst("X-Auth-Key");
        return email != null && key != null && key.equals(config.apiKeys().get(email.trim()));
    }

    private Reply list(String rawQuery) {
        String name = queryParameter(rawQuery, "name");
        List<Object> result = new ArrayList<>();
        for (FakeDatabase db : databases.all()) {
            if (name == null || db.name().contains(name)) {
                result.add(describe(db));
            }
        }
        // Paged as Cloudflare's lists are: a client reads pages until one is short or past total_count (wrangler
        // keeps asking while every page is full, so a page that ignored 'page' would have it ask forever).
        int perPage = positiveParameter(rawQuery, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
        int page = positiveParameter(rawQuery, "page", 1, Integer.MAX_VALUE);
        long from = Math.min((long) (page - 1) * perPage, result.size());
        List<Object> slice = result.subList((int) from, (int) Math.min(from + perPage, result.size()));
        Map<String, Object> envelope = Envelopes.success(slice);
        envelope.put("result_info", Map.of("page", page, "per_page", perPage, "count", slice.size(), "total_count",
                result.size()));
        return Reply.json(200, envelope);
    }

    private static Map<String, Object> describe(FakeDatabase db) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uuid", db.uuid());
        info.put("name", db.name());
        info.put("version", "production");
        info.put("created_at", Instant.EPOCH.toString());
        long size;
        try {
            size = Files.size(db.file());
        } catch (IOException e) {
            size = 0;
        }
        info.put("file_size", size);
        return info;
    }

    private Reply export(FakeDatabase database, byte[] rawBody) {
        Map<String, Object> body;
        try {
            Object parsed = Json.parse(new String(rawBody, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?>)) {
                return Envelopes.error(400, 7400, "The request body must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            body = map;
        } catch (IllegalArgumentException e) {
            return Envelopes.error(400, 7400, "Malformed JSON in request body: " + e.getMessage());
        }
        if (!"polling".equals(body.get("output_format"))) {
            return Envelopes.error(400, 7400, "output_format: expected 'polling'");
        }
        List<String> tables = new ArrayList<>();
        boolean noData = false;
        boolean noSchema = false;
        Object options = body.get("dump_options");
        if (options instanceof Map<?, ?> dump) {
            // A value of the wrong type is refused, not taken for "absent": {"no_data":"yes"} would otherwise
            // export the data a client asked to leave out.
            Object requested = dump.get("tables");
            if (requested instanceof List<?> list) {
                for (Object t : list) {
                    if (!(t instanceof String s)) {
                        return Envelopes.error(400, 7400, "dump_options.tables: expected an array of strings");
                    }
                    tables.add(s);
                }
            } else if (requested != null) {
                return Envelopes.error(400, 7400, "dump_options.tables: expected an array of strings");
            }
            for (String flag : List.of("no_data", "no_schema")) {
                if (dump.get(flag) != null && !(dump.get(flag) instanceof Boolean)) {
                    return Envelopes.error(400, 7400, "dump_options." + flag + ": expected a boolean");
                }
            }
            noData = Boolean.TRUE.equals(dump.get("no_data"));
            noSchema = Boolean.TRUE.equals(dump.get("no_schema"));
        } else if (options != null) {
            return Envelopes.error(400, 7400, "dump_options: expected an object");
        }
        if (noData && noSchema) {
            return Envelopes.error(400, 7400, "dump_options: no_data and no_schema cannot both be true");
        }
        Object bookmark = body.get("current_bookmark");
        if (bookmark != null && !(bookmark instanceof String)) {
            // The API's schema types it as a string: another type is a client's bug to show, not a first call (a
            // poll that silently started a new export would never see its own complete).
            return Envelopes.error(400, 7400, "current_bookmark: expected a string");
        }
        ExportTask task;
        synchronized (exports) {
            Optional<ExportTask> existing = bookmark instanceof String b ? exports.find(database.uuid(), b)
                    : Optional.empty();
            if (existing.isPresent() && existing.get().state() == ExportTask.State.CANCELLED) {
                return exportState(existing.get(), List.of(), cancelledMessage());
            }
            if (existing.isPresent()) {
                // Looked up and answered under one lock: the answer is the state this poll saw, and the poll counts
                // (an export cannot be cancelled as unpolled between the two and then answered "active").
                ExportTask polled = existing.get();
                return exportState(polled, exports.answer(polled, () -> signedUrls.apply(polled)), null);
            }
            // A first call, or a bookmark this server never handed out (e.g. after reset()): a new export.
            if (exports.running(database.uuid()).isPresent()) {
                return Envelopes.error(409, 7500, BUSY_MESSAGE);
            }
            task = exports.reserve(database, databases.bookmark(database.uuid()));
            exports.hold(task); // the first call is in flight until answered below
        }
        // Outside the lock: a slow dump must not hold up other databases' calls.
        exports.write(task, database, tables, noData, noSchema);
        List<String> messages = exports.answerHeld(task, () -> signedUrls.apply(task));
        return exportState(task, messages, null);
    }

    private String cancelledMessage() {
        return "Export cancelled: it was not polled for " + config.abandonAfter().toMillis() + " ms";
    }

    /**
     * Holds a poll of a running export from its arrival, before a fault's delay: D1 received it then, so the export
     * must not be cancelled as unpolled while the fault holds it.
     */
    @Override
    protected Runnable arrived(HttpExchange exchange, String method, String path, Endpoint endpoint, byte[] body) {
        Matcher m = EXPORT.matcher(path);
        if (endpoint != Endpoint.EXPORT || !"POST".equals(method) || !m.matches()
                || !config.accountId().equals(m.group(1)) || !authenticated(exchange)) {
            return NOTHING_HELD;
        }
        Object parsed;
        try {
            parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return NOTHING_HELD; // refused when answered
        }
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("current_bookmark") instanceof String bookmark)) {
            return NOTHING_HELD; // not a poll
        }
        Optional<FakeDatabase> database = databases.byUuid(m.group(2));
        if (database.isEmpty()) {
            return NOTHING_HELD;
        }
        synchronized (exports) {
            Optional<ExportTask> task = exports.find(database.get().uuid(), bookmark);
            if (task.isPresent() && exports.hold(task.get())) {
                return () -> exports.release(task.get());
            }
        }
        return NOTHING_HELD;
    }

    private Reply exportState(ExportTask task, List<String> messages, String cancelled) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", "export");
        result.put("at_bookmark", task.atBookmark());
        result.put("messages", messages);
        int status = 200;
        if (cancelled != null) {
            result.put("status", "error");
            result.put("success", false);
            result.put("error", cancelled);
        } else {
            switch (task.state()) {
                case COMPLETE:
                    result.put("status", "complete");
                    result.put("success", true);
                    Map<String, Object> file = new LinkedHashMap<>();
                    file.put("filename", task.filename());
                    file.put("signed_url", task.signedUrl());
                    result.put("result", file);
                    break;
                case FAILED:
                    result.put("status", "error");
                    result.put("success", false);
                    result.put("error", task.error());
                    break;
                case CANCELLED:
                    // Not reached by a call that saw the export running (answered under the lock that cancels);
                    // never "active" for an export that is gone.
                    result.put("status", "error");
                    result.put("success", false);
                    result.put("error", cancelledMessage());
                    break;
                default:
                    result.put("status", "active");
                    result.put("success", true);
                    status = 202;
            }
        }
        return Reply.json(status, Envelopes.success(result));
    }

    private Reply query(FakeDatabase database, byte[] rawBody) {
        Object parsed;
        try {
            parsed = Json.parse(new String(rawBody, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Envelopes.error(400, 7400, "Malformed JSON in request body: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> body) || !(body.get("sql") instanceof String sql)) {
            return Envelopes.error(400, 7400, "sql: expected a string");
        }
        List<Object> params = new ArrayList<>();
        if (body.get("params") instanceof List<?> list) {
            params.addAll(list);
        }
        if (!SchemaQuery.allowed(sql)) {
            return Envelopes.error(400, 7500, "The fake D1 server answers only one read-only SELECT from"
                    + " sqlite_schema: " + sql);
        }
        synchronized (exports) {
            if (exports.running(database.uuid()).isPresent()) {
                return Envelopes.error(409, 7500, BUSY_MESSAGE);
            }
        }
        long started = System.nanoTime();
        List<Map<String, Object>> rows;
        try {
            rows = SchemaQuery.run(database.file(), sql, params);
        } catch (SQLException e) {
            return Envelopes.error(400, 7500, e.getMessage() + ": SQLITE_ERROR");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("served_by", "fake-d1");
        meta.put("duration", (System.nanoTime() - started) / 1e6);
        meta.put("changes", 0);
        meta.put("rows_read", rows.size());
        meta.put("rows_written", 0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("results", rows);
        result.put("success", true);
        result.put("meta", meta);
        return Reply.json(200, Envelopes.success(List.of(result)));
    }

    /** A whole number parameter from 1 to {@code max}; absent or not such a number, the default. */
    private static int positiveParameter(String rawQuery, String name, int fallback, int max) {
        String value = queryParameter(rawQuery, name);
        if (value == null || !value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
            return fallback;
        }
        return Math.min(Integer.parseInt(value), max);
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
