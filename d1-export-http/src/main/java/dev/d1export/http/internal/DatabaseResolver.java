package dev.d1export.http.internal;

import dev.d1export.http.internal.json.DatabaseInfo;
import dev.d1export.http.internal.json.DatabaseListEnvelope;
import dev.d1export.http.internal.json.ResultInfo;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ProtocolViolationException;
import jakarta.json.bind.JsonbException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the database of the URL into its UUID: a UUID is used as is, a name is looked up with
 * {@code GET /accounts/{account}/d1/database?name=...}, page after page, and must match exactly one database. A
 * database listed on two pages is counted once, and a page that is not full is the last; a list that does not page
 * (it answers another page than the one asked for, the page before again, or a page of only databases already listed,
 * by uuid, else by name) is a {@link ProtocolViolationException}, and so are a list that goes on beyond
 * {@value #MAX_PAGES} pages and a match listed without its uuid.
 */
final class DatabaseResolver {

    /** Databases asked for per page (the API's default). */
    static final int PER_PAGE = 1000;

    /**
     * Pages read at most: 100,000 databases, more than an account can have. A list that goes on beyond them is a
     * {@link ProtocolViolationException}, as one that does not page is.
     */
    static final int MAX_PAGES = 100;

    /** Characters of a server-given value a message shows at most: room for a UUID (36) and a usual database name. */
    private static final int SHOWN_MAX = 64;

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ApiClient api;
    private final JsonCodec json;
    private final ErrorMapper errors;
    private final CloudflareSettings settings;

    /**
     * Creates a resolver.
     *
     * @param api      calls the API
     * @param json     reads the list
     * @param errors   maps failed answers
     * @param settings the account and database
     */
    DatabaseResolver(ApiClient api, JsonCodec json, ErrorMapper errors, CloudflareSettings settings) {
        this.api = api;
        this.json = json;
        this.errors = errors;
        this.settings = settings;
    }

    /**
     * The database's UUID.
     *
     * @return the UUID
     * @throws InterruptedException       if the thread is interrupted
     * @throws DatabaseNotFoundException  if no database, or several, have the name
     * @throws ProtocolViolationException if the list cannot be read, does not page, goes on beyond {@value #MAX_PAGES}
     *                                    pages, or lists the match without its uuid
     */
    String resolve() throws InterruptedException {
        String name = settings.database();
        if (settings.databaseIsUuid()) {
            return name;
        }
        String account = settings.accountId();
        String shownName = settings.shownDatabase();
        String shownAccount = settings.shownAccountId();
        String action = "listing the databases named '" + shownName + "' in account " + shownAccount;
        List<DatabaseInfo> matches = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // The names of the entries listed without a uuid: their name is all there is to tell them by.
        Set<String> seenWithoutUuid = new HashSet<>();
        // The entries of the page before, each as its uuid and name, to tell a page asked for again.
        List<List<String>> previous = List.of();
        ErrorDetails details = ErrorDetails.none();
        // The page size of a server that caps its pages below PER_PAGE without saying so, as its page 1 shows; 0 if
        // it does not (see silentPageSize).
        int silentPageSize = 0;
        // The name filter matches parts of names too, so an account with many databases can fill several pages.
        for (int page = 1; ; page++) {
            ApiResponse response = api.get("/accounts/" + account + "/d1/database?name="
                    + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&page=" + page + "&per_page=" + PER_PAGE,
                    "the database list", action);
            details = ErrorDetails.ofStatus(response.status()).withRayId(response.rayId());
            DatabaseListEnvelope envelope;
            try {
                envelope = json.read(response.body(), DatabaseListEnvelope.class);
            } catch (JsonbException | ClassCastException e) {
                if (errors.statesFailure(response)) {
                    throw errors.fromResponse(response, action);
                }
                throw new ProtocolViolationException("Cloudflare API answered " + action + " with a body that is not"
                        + " the database list: " + ErrorMapper.describeUnreadable(response, e), e, details);
            }
            if (Boolean.FALSE.equals(envelope.success)) {
                throw errors.fromResponse(response, action);
            }
            if (envelope.result == null) {
                throw new ProtocolViolationException("Cloudflare API answered " + action + " with no result", null,
                        details);
            }
            ResultInfo paging = envelope.resultInfo;
            if (paging != null && paging.page != null && paging.page > 0 && paging.page != page) {
                // A server or proxy that ignores ?page= would otherwise be read MAX_PAGES times over.
                throw notPaging("page " + paging.page, page, action, details);
            }
            List<List<String>> entries = new ArrayList<>();
            for (DatabaseInfo info : envelope.result) {
                entries.add(info == null ? null : Arrays.asList(info.uuid, info.name));
            }
            if (!entries.isEmpty() && entries.equals(previous)) {
                // The plainest sign of a server that ignores ?page=, and the only one for entries with neither uuid
                // nor name, which are never "already listed" below.
                throw notPaging("the same databases as page " + (page - 1), page, action, details);
            }
            previous = entries;
            boolean anyNew = false;
            for (DatabaseInfo info : envelope.result) {
                // A database created between two reads shifts the list, so a page may start with one already seen.
                if (info != null && info.uuid != null && !seen.add(info.uuid)) {
                    continue;
                }
                // Without its uuid, an entry listed again is known by its name; else a server that ignores ?page=
                // and lists such entries in another order on each read would be read MAX_PAGES times over.
                if (info != null && info.uuid == null && info.name != null && !seenWithoutUuid.add(info.name)) {
                    continue;
                }
                anyNew = true;
                if (info != null && name.equals(info.name)) {
                    if (info.uuid == null) {
                        // Nothing to export it by, nor to tell it from a namesake: a broken list, not a database.
                        throw new ProtocolViolationException("Cloudflare API listed database '" + shownName
                                + "' without its id (no uuid) when " + action + ", so it cannot be exported by name;"
                                + " use the database's UUID", null, details);
                    }
                    matches.add(info);
                } else if (info != null && info.name != null) {
                    others.add(shown(info.name));
                }
            }
            if (!anyNew && !envelope.result.isEmpty()) {
                // Without page numbers, a page of nothing new is the sign of a server that does not page.
                throw notPaging("only databases already listed on earlier pages", page, action, details);
            }
            if (page == 1) {
                silentPageSize = silentPageSize(envelope);
                // Page 1 tells the page size: a total that needs more pages than are read fails now, not at page 100.
                refuseTotalBeyondMaxPages(envelope, silentPageSize, action, details);
            }
            if (!morePages(envelope, page, silentPageSize)) {
                break;
            }
            if (page >= MAX_PAGES) {
                // More pages than an account has databases for: what is on the pages never read could be the name,
                // or its twin, so neither "no such name" nor the one match found is an answer.
                throw notPaging("more pages to come, beyond the " + MAX_PAGES + " read at most,", page, action, details);
            }
        }
        // No match, or several, is no failed answer: the list was read in full, so these errors carry no status (an
        // "HTTP 200" beside "not found" reads as a server fault) nor the cf-ray of a call that succeeded.
        if (matches.isEmpty()) {
            throw new DatabaseNotFoundException("No D1 database is named '" + shownName + "' in account "
                    + shownAccount
                    + (others.isEmpty() ? "" : " (similar names: " + firstTen(others) + ")")
                    + "; check the name (it is case-sensitive) or use the database's UUID", null, ErrorDetails.none());
        }
        if (matches.size() > 1) {
            List<String> ids = new ArrayList<>();
            matches.forEach(m -> ids.add(shown(m.uuid)));
            throw new DatabaseNotFoundException(matches.size() + " D1 databases are named '" + shownName
                    + "' in account " + shownAccount + " (" + firstTen(ids) + "); use the UUID of the one to"
                    + " export", null, ErrorDetails.none());
        }
        String uuid = matches.get(0).uuid;
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            throw new ProtocolViolationException("Cloudflare API listed database '" + shownName + "' with an id that is"
                    + " not a UUID: '" + shown(uuid) + "'", null, details);
        }
        return uuid;
    }

    /**
     * The error for a list that does not page: what came back for a page is not that page, so the list cannot be read
     * in full, and a name found in it may have a twin on a page never seen.
     */
    private static ProtocolViolationException notPaging(String answer, int page, String action, ErrorDetails details) {
        return new ProtocolViolationException("Cloudflare API answered the request for page " + page + " of the"
                + " database list with " + answer + " when " + action + ", so the list cannot be read in full;"
                + " use the database's UUID", null, details);
    }

    /**
     * Whether another page may hold more databases. A page that is not full ends the list, whatever a total says:
     * a list that pages fills every page but the last (wrangler stops at the first short page too), and a server
     * that ignores {@code ?page=} while claiming a large total would otherwise be read {@value #MAX_PAGES} times.
     * A page is full when it holds the server's page size ({@link #pageSize}). After a full page,
     * {@code result_info.total_count} decides, else {@code total_pages}, else the next page is asked for.
     */
    private static boolean morePages(DatabaseListEnvelope envelope, int page, int silentPageSize) {
        ResultInfo info = envelope.resultInfo;
        int perPage = pageSize(info, silentPageSize);
        if (envelope.result.size() < perPage) {
            return false;
        }
        if (info == null) {
            return true;
        }
        int current = info.page != null && info.page > 0 ? info.page : page;
        if (info.totalCount != null) {
            return (long) current * perPage < info.totalCount;
        }
        if (info.totalPages != null) {
            return current < info.totalPages;
        }
        return true;
    }

    /**
     * The server's page size: {@code result_info.per_page} (which may be below the {@value #PER_PAGE} asked for), else
     * the size of page 1 for a server that caps its pages without saying so ({@link #silentPageSize}), else the size
     * asked for.
     */
    private static int pageSize(ResultInfo info, int silentPageSize) {
        return info != null && info.perPage != null && info.perPage > 0 ? info.perPage
                : silentPageSize > 0 ? silentPageSize : PER_PAGE;
    }

    /**
     * Refuses, after page 1, a list whose {@code total_count} needs more than the {@value #MAX_PAGES} pages read at
     * most at the server's page size ({@link #pageSize}), or, without a {@code total_count}, whose {@code total_pages}
     * is more than {@value #MAX_PAGES}, when page 1 is full (else it is the last page, whatever total it claims): such
     * a list cannot be read in full (a twin of the name may be on any page never read), and is not read for
     * {@value #MAX_PAGES} pages to find that out, as a server that ignores {@code ?page=} while claiming a large total
     * would be.
     */
    private static void refuseTotalBeyondMaxPages(DatabaseListEnvelope envelope, int silentPageSize, String action,
            ErrorDetails details) {
        ResultInfo info = envelope.resultInfo;
        if (info == null) {
            return;
        }
        int size = pageSize(info, silentPageSize);
        if (envelope.result.size() < size) {
            return;
        }
        String pages = "pages of " + size + (size == 1 ? " database" : " databases");
        // When the two totals disagree, total_count decides, as it does in morePages: the figure that says whether to
        // read on is the one that says whether the list can be read in full.
        if (info.totalCount != null) {
            if ((info.totalCount + size - 1L) / size > MAX_PAGES) {
                throw notPaging(pages + " and a total_count of " + info.totalCount + ", more than the " + MAX_PAGES
                        + " pages read at most hold,", 1, action, details);
            }
        } else if (info.totalPages != null && info.totalPages > MAX_PAGES) {
            throw notPaging(pages + " and a total_pages of " + info.totalPages + ", more than the " + MAX_PAGES
                    + " pages read at most,", 1, action, details);
        }
    }

    /**
     * The page size of a server that caps its pages below the {@value #PER_PAGE} asked for without saying so, read
     * from its page 1, else 0. Page 1 shows such a cap when it holds fewer databases than asked for, its
     * {@code result_info} gives no {@code per_page}, and its {@code total_count} says there are more than it holds:
     * without the total, a short page 1 is the whole list, as any short page is the last. Only page 1 tells the size,
     * as the first page of a list that pages is full; a short page after it is the last.
     */
    private static int silentPageSize(DatabaseListEnvelope envelope) {
        ResultInfo info = envelope.resultInfo;
        int size = envelope.result.size();
        if (info == null || info.perPage != null && info.perPage > 0 || info.totalCount == null || size == 0
                || size >= PER_PAGE || info.totalCount <= size) {
            return 0;
        }
        return size;
    }

    /**
     * A value the server gave, for a message: a word that looks like a token masked, by the rule that masks the URL's
     * own database ({@link ExportOptions#redactTarget}; a broken list, or one behind a proxy that echoes the request,
     * may hold a secret, and a database name of that shape is masked in the URL too), control and bidi characters
     * escaped (a terminal or log shows the message, where they could act), and at most {@value #SHOWN_MAX}
     * characters, since a broken list could send anything. The cut falls between code points, after the whole escape
     * of one: half an escape (a backslash, {@code u} and only some of its four digits) reads as a value the server
     * never sent, and half a surrogate pair is no character.
     */
    private static String shown(String value) {
        String masked = ExportOptions.redactTarget(value);
        StringBuilder out = new StringBuilder(Math.min(masked.length(), SHOWN_MAX) + 3);
        for (int i = 0; i < masked.length(); ) {
            int next = i + Character.charCount(masked.codePointAt(i));
            String piece = CloudflareSettings.printable(masked.substring(i, next));
            if (out.length() + piece.length() > SHOWN_MAX) {
                return out.append("...").toString();
            }
            out.append(piece);
            i = next;
        }
        return out.toString();
    }

    /**
     * At most ten names or ids, then how many more: a message stays one readable line in an account with thousands of
     * similar names, or a broken list that repeats a name any number of times.
     */
    private static String firstTen(List<String> values) {
        if (values.size() <= 10) {
            return String.join(", ", values);
        }
        return String.join(", ", values.subList(0, 10)) + " and " + (values.size() - 10) + " more";
    }
}
