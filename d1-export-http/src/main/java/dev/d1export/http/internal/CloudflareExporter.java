package dev.d1export.http.internal;

import dev.d1export.http.CloudflareExportProvider;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.StagedOutput;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code cloudflare} exporter: resolves the database, checks the requested table names ({@link TableNameCheck}),
 * runs the {@link PollingLoop}, then the {@link DumpDownloader}, all under one {@link Deadline}. Holds immutable settings and one HTTP client (see
 * {@link ExporterHttpClient}), so exports may run at once from several threads; {@link #close()} releases the client.
 */
public final class CloudflareExporter implements Exporter {

    private static final System.Logger LOG = System.getLogger("dev.d1export.http");

    private final CloudflareSettings settings;
    private final JsonCodec json = JsonCodec.shared();
    private final ErrorMapper errors = new ErrorMapper(json);
    private final RetryPolicy retry;
    private final TimeSource time;
    private final ExporterHttpClient httpClient;

    /**
     * Creates an exporter.
     *
     * @param settings resolved, validated settings
     */
    public CloudflareExporter(CloudflareSettings settings) {
        this(settings, TimeSource.SYSTEM);
    }

    /**
     * Creates an exporter on a given clock (tests use a fake one to see the planned waits).
     *
     * @param settings resolved, validated settings
     * @param time     the clock of deadlines, pacing and retry waits
     */
    CloudflareExporter(CloudflareSettings settings, TimeSource time) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
        this.httpClient = ExporterHttpClient.of(settings);
        WarmUp.start(false);
        this.retry = new RetryPolicy(settings.maxRetries(), settings.retryBaseDelay(), settings.retryMaxDelay());
    }

    @Override
    public ExportResult export(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        HttpClient client = httpClient.acquire();
        try {
            return export(request, client);
        } finally {
            httpClient.release();
        }
    }

    private ExportResult export(ExportRequest request, HttpClient client) {
        checkDestination(request.destination());
        ExportListener listener = request.listener();
        Instant startedAt = Instant.now();
        // The advice names the setting that gave the budget: the request's (the command's --timeout) wins.
        Deadline deadline = new Deadline(request.timeout().orElse(settings.timeout()), request.timeout().isPresent()
                ? "the request's timeout" : "the 'timeout' option", settings.source(), time);
        String source = settings.source();
        // Set once D1 has completed the export: a cancel after that leaves no export running there.
        boolean completed = false;
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            LOG.log(Level.DEBUG, "Exporting {0} from {1} ({2})", source, settings.baseUrl(),
                    settings.credentials().describe());
            listener.onEvent(new ExportEvent.Started(CloudflareExportProvider.NAME, source));
            ApiClient api = new ApiClient(settings, client, errors, retry, listener, deadline, LOG);
            String databaseId = new DatabaseResolver(api, json, errors, settings).resolve();
            TableNameCheck.Unmatched unmatched = new TableNameCheck(api, json, errors, settings, LOG).unmatched(databaseId,
                    request);
            if (request.failOnUnmatchedTables() && !unmatched.names().isEmpty()) {
                // Before the export starts: D1 does no work and the destination stays as it was.
                throw unmatched.refusal();
            }
            for (String notice : unmatched.notices()) {
                listener.onEvent(new ExportEvent.Warning(notice));
            }
            CompletedExport done = new PollingLoop(api, json, errors, settings, listener, deadline, LOG)
                    .run(databaseId, request);
            completed = true;
            String filename = StagedOutput.sanitizeFilename(done.filename());
            Downloaded dump = new DumpDownloader(settings, dumpTransport(client), retry, listener, deadline, LOG)
                    .download(done.signedUrl(), filename, request.destination());
            ExportResult.Builder built = ExportResult.builder(CloudflareExportProvider.NAME);
            unmatched.names().forEach(built::unmatchedTable);
            ExportResult result = built
                    .startedAt(startedAt)
                    .path(dump.path())
                    .filename(filename)
                    .bytes(dump.bytes())
                    .bookmark(done.bookmark())
                    .messages(unmatched.notices())
                    .messages(done.messages())
                    .serverTime(done.serverTime())
                    .downloadTime(dump.time())
                    .polls(done.polls())
                    .build();
            listener.onEvent(new ExportEvent.Finished(result));
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.DEBUG, "Export of {0} cancelled", source);
            if (completed) {
                throw new ExportCancelledException("Export of " + source + " was cancelled while downloading the dump;"
                        + " nothing was written and a previous file at the destination is untouched", e,
                        ErrorDetails.none().withHint("nothing was written; D1 had finished the export, so exporting"
                                + " again can start at once"));
            }
            // Cancelled before the download: an export the server had started keeps running there until it is done or
            // abandoned, and a new one meanwhile is refused as busy.
            throw new ExportCancelledException("Export of " + source + " was cancelled; nothing was written and a"
                    + " previous file at the destination is untouched", e, ErrorDetails.none().withHint("nothing was"
                    + " written; an export D1 had started may keep the database busy for a while, so wait a moment"
                    + " before exporting again"));
        }
    }

    /**
     * How the dump is fetched: through the caller's client when one was given (its proxy and TLS settings apply to
     * every request), else over a connection of the exporter's own, the faster way.
     */
    private DumpTransport dumpTransport(HttpClient client) {
        return settings.httpClient() != null ? new JdkDumpTransport(client)
                : SocketDumpTransport.withDefaultTls(settings.connectTimeout(), client);
    }

    /** Fails before the server does any work (an export blocks the database) when the dump could not be written. */
    private static void checkDestination(ExportDestination destination) {
        StagedOutput.checkWritable(destination);
    }

    /**
     * Releases the provider's own HTTP client (once exports still running have ended); a client given by the caller
     * is never closed. Idempotent. An export started afterwards fails with an {@link IllegalStateException}.
     */
    @Override
    public void close() {
        httpClient.close();
    }

    @Override
    public String toString() {
        return "CloudflareExporter{" + settings + "}";
    }
}
