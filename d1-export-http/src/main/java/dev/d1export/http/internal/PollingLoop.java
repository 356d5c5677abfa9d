package dev.d1export.http.internal;

import dev.d1export.http.internal.json.DumpOptions;
import dev.d1export.http.internal.json.ExportCall;
import dev.d1export.http.internal.json.ExportEnvelope;
import dev.d1export.http.internal.json.ExportState;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.ProtocolViolationException;
import jakarta.json.bind.JsonbException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The export's polling loop, as Cloudflare's CLI runs it: the first call without {@code current_bookmark}, then the
 * same body with {@code current_bookmark = at_bookmark} until the status is {@code complete} or {@code error}. Any other
 * status means the export is still running. Polls are paced by a {@link PollPacer}; a retried poll sends the same
 * bookmark (a poll is idempotent). Every server line is delivered, in order, except a replay of the previous answer's
 * lines in the answer to a retried poll. Not thread-safe: one export, one loop.
 */
final class PollingLoop {

    private static final String COMPLETE = "complete";
    private static final String ERROR = "error";

    private final ApiClient api;
    private final JsonCodec json;
    private final ErrorMapper errors;
    private final CloudflareSettings settings;
    private final ExportListener listener;
    private final Deadline deadline;
    private final System.Logger log;

    /**
     * Creates a loop.
     *
     * @param api      calls the API
     * @param json     reads answers and writes call bodies
     * @param errors   maps failed answers
     * @param settings the settings
     * @param listener receives poll and server-message events
     * @param deadline bounds the loop
     * @param log      where polls are logged
     */
    PollingLoop(ApiClient api, JsonCodec json, ErrorMapper errors, CloudflareSettings settings,
            ExportListener listener, Deadline deadline, System.Logger log) {
        this.api = api;
        this.json = json;
        this.errors = errors;
        this.settings = settings;
        this.listener = listener;
        this.deadline = deadline;
        this.log = log;
    }

    /**
     * Runs the export on the server until it is complete.
     *
     * @param databaseId the database UUID
     * @param request    what to export
     * @return the finished export
     * @throws InterruptedException if the thread is interrupted
     * @throws ExportFailedException if the server reports the export failed
     * @throws ProtocolViolationException if an answer is not what the protocol promises
     */
    CompletedExport run(String databaseId, ExportRequest request) throws InterruptedException {
        String path = "/accounts/" + settings.accountId() + "/d1/database/" + databaseId + "/export";
        String source = settings.shownAccountId() + "/" + databaseId;
        DumpOptions dumpOptions = new DumpOptions(request.noData(), request.noSchema(), request.tables());
        PollPacer pacer = new PollPacer(settings.minPollInterval(), settings.maxPollInterval(), settings.pollGrowth());
        Duration started = deadline.elapsed();
        try {
            return poll(path, source, dumpOptions, pacer, started);
        } finally {
            deadline.serverExportRunning(false);
        }
    }

    private CompletedExport poll(String path, String source, DumpOptions dumpOptions, PollPacer pacer,
            Duration started) throws InterruptedException {
        List<String> messages = new ArrayList<>();
        List<String> previousLines = List.of();
        String bookmark = null;
        String lastStatus = null;
        for (int poll = 1; ; poll++) {
            String action = poll == 1 ? "starting the export of " + source : "polling the export of " + source;
            ApiResponse response;
            ExportState state;
            try {
                String body = json.write(new ExportCall(bookmark, dumpOptions));
                response = poll == 1 ? api.start(path, body, action) : api.poll(path, body, action);
                // A 200 with success:false and code 7404 says the same as a 404.
                state = parse(response, action, poll == 1);
            } catch (DatabaseNotFoundException e) {
                throw poll == 1 ? e : goneDuringExport(e);
            } catch (ExportTimeoutException e) {
                if (lastStatus == null) {
                    throw e;
                }
                throw new ExportTimeoutException(e.summary() + " The export was still '" + lastStatus + "' after "
                        + (poll - 1) + (poll == 2 ? " call." : " calls."), e);
            }
            String status = state.status;
            lastStatus = status;
            // Only an answer shows that an export runs on the server: a first call that could not connect, or got
            // no answer, has nothing to say about one.
            deadline.serverExportRunning(true);
            int number = poll;
            log.log(Level.DEBUG, () -> "Export of " + source + " poll " + number + ": " + status + " (HTTP "
                    + response.status() + ", cf-ray " + response.rayId() + ")");
            listener.onEvent(new ExportEvent.Poll(poll, status, deadline.elapsed()));
            List<String> lines = linesOf(state);
            for (String message : response.retried() ? withoutReplay(lines, previousLines) : lines) {
                messages.add(message);
                listener.onEvent(new ExportEvent.ServerMessage(message));
            }
            previousLines = lines;
            ErrorDetails details = ErrorDetails.ofStatus(response.status()).withRayId(response.rayId());
            if (ERROR.equals(status) || Boolean.FALSE.equals(state.success)) {
                throw failed(source, state, details);
            }
            if (state.atBookmark != null && !state.atBookmark.isBlank()) {
                bookmark = state.atBookmark;
            }
            if (COMPLETE.equals(status)) {
                if (state.result == null || state.result.signedUrl == null || state.result.signedUrl.isBlank()) {
                    throw new ProtocolViolationException("Cloudflare API reported the export of " + source
                            + " complete but gave no result.signed_url to download it from", null, details);
                }
                Duration serverTime = deadline.elapsed().minus(started);
                log.log(Level.DEBUG, "Export of {0} complete after {1} calls; downloading", source,
                        Integer.toString(poll));
                return new CompletedExport(bookmark, state.result.filename, state.result.signedUrl, messages, poll,
                        serverTime);
            }
            if (bookmark == null) {
                throw new ProtocolViolationException("Cloudflare API answered " + action + " with status '" + status
                        + "' but no at_bookmark to poll with", null, details);
            }
            // From the start of the attempt that was answered: after a retry, the retried call is the last poll.
            Duration wait = pacer.nextDelay(deadline.elapsed().minus(response.sentAt()));
            deadline.sleep(wait, "waiting for the export of " + source + " (status " + status + " after " + poll
                    + (poll == 1 ? " call)" : " calls)"));
        }
    }

    /**
     * A database not found by a poll: the first call found it, so its ids are right and it went away while it was
     * exported. Said as a fact only when the answer says so with D1's code; a page without it (from the edge, say)
     * may have other causes.
     */
    private static DatabaseNotFoundException goneDuringExport(DatabaseNotFoundException e) {
        boolean said = e.details().errorCodes().contains(ErrorMapper.CODE_DATABASE_NOT_FOUND);
        return new DatabaseNotFoundException(e.summary() + "; the export's first call found the database, so it "
                + (said ? "was" : "may have been") + " deleted while it was exported", e,
                e.details().withHint("check that the database still exists; its ids were right when the export"
                        + " started"));
    }

    private static List<String> linesOf(ExportState state) {
        List<String> lines = new ArrayList<>();
        if (state.messages != null) {
            for (String line : state.messages) {
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /**
     * The lines of an answer to a retried poll, less a replay of the previous answer. The server sends the lines
     * since the previous poll, so a line repeated in a later poll is news and is delivered again; but when a poll had
     * to be re-sent with the same bookmark, the server cannot know which answer reached us and may send the previous
     * answer's lines once more. Each line of the previous answer cancels one equal line here.
     */
    private static List<String> withoutReplay(List<String> lines, List<String> previous) {
        List<String> replay = new ArrayList<>(previous);
        List<String> fresh = new ArrayList<>();
        for (String line : lines) {
            if (!replay.remove(line)) {
                fresh.add(line);
            }
        }
        return fresh;
    }

    /**
     * Reads a 2xx answer of the export call. A poll's body that is not JSON at all never gets here (the client
     * retries it, see {@link ApiClient#poll}); the first call's does, and is refused: see below.
     *
     * @param first whether the answer is the first call's, which may have started an export
     */
    private ExportState parse(ApiResponse response, String action, boolean first) {
        ErrorDetails details = ErrorDetails.ofStatus(response.status()).withRayId(response.rayId());
        ExportEnvelope envelope;
        try {
            envelope = json.read(response.body(), ExportEnvelope.class);
        } catch (JsonbException | ClassCastException e) {
            if (errors.statesFailure(response)) {
                throw errors.fromResponse(response, action);
            }
            // A poll's body here is JSON of the wrong shape: what the server meant, so not asked again. The first
            // call's may be no JSON at all, and is not asked again either: it starts an export, and the 2xx shows it
            // reached something that answered. Sent again, it would be refused as busy ("Currently processing a
            // long-running export") if the first one started, leaving that export unpolled; the client does not
            // repeat this call after a 5xx or a lost answer either, for the same reason.
            throw new ProtocolViolationException("Cloudflare API answered " + action + " with a body that is not the"
                    + " export JSON: " + ErrorMapper.describeUnreadable(response, e)
                    + (first ? " (" + Deadline.MAY_HAVE_STARTED + ")" : ""), e, details);
        }
        if (!Boolean.TRUE.equals(envelope.success)) {
            if (Boolean.FALSE.equals(envelope.success)) {
                throw errors.fromResponse(response, action);
            }
            throw new ProtocolViolationException("Cloudflare API answered " + action + " without the envelope's"
                    + " 'success' field", null, details);
        }
        ExportState state = envelope.result;
        if (state == null) {
            throw new ProtocolViolationException("Cloudflare API answered " + action + " with no result", null,
                    details);
        }
        if (state.status == null || state.status.isBlank()) {
            throw new ProtocolViolationException("Cloudflare API answered " + action + " with no result.status",
                    null, details);
        }
        return state;
    }

    private static ExportFailedException failed(String source, ExportState state, ErrorDetails details) {
        String error = state.error == null || state.error.isBlank() ? "no reason given (status " + state.status + ")"
                : ErrorMapper.clip(state.error.trim());
        ErrorDetails withHint = ErrorMapper.isVirtualTableError(error)
                ? details.withHint(ErrorMapper.VIRTUAL_TABLE_HINT) : details;
        return new ExportFailedException("Cloudflare failed to export " + source + ": " + error, null, withHint);
    }
}
