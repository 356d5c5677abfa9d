package dev.d1export.http.internal;

import dev.d1export.spi.DestinationException;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.StagedOutput;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a finished dump from its signed URL into a {@link StagedOutput}: with no Cloudflare credentials, streamed
 * (memory does not grow with the dump), checked against {@code Content-Length}, moved into place only when complete.
 * A broken or truncated download, or a transient status, is retried a bounded number of times, resuming where the
 * download stopped when the store allows it (see {@link ResumePoint}) and from the start otherwise; an answer other
 * than 200 (206 when resuming), or one with a content coding, is never written, and a failure of the output itself is never retried. Not
 * thread-safe: one export, one download.
 */
final class DumpDownloader {

    private static final long PROGRESS_STEP = 1 << 20;
    // S3/R2 error codes are single words (AccessDenied, SlowDown): anything else is not echoed.
    private static final Pattern XML_CODE = Pattern.compile("<Code>([A-Za-z0-9]{1,100})</Code>");
    /**
     * A URL's query as a message quotes it: up to a space or a double quote, which a URL never holds raw, leaving out
     * only the single quote (after a "..." of this provider's parser) that closes a quoted line. A single quote within
     * it does not end it: a query may hold one raw (RFC 3986), and the signature may follow.
     */
    private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"]+?(?=(?:\\.\\.\\.)?'?(?:[\\s\"]|$))");

    /** The line every D1 dump opens with, even an empty one (see the dump format). */
    private static final byte[] DUMP_START = "PRAGMA defer_foreign_keys=TRUE;".getBytes(StandardCharsets.US_ASCII);

    private final DumpTransport transport;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final long minSpeed;
    private final Duration minSpeedTime;
    private final RetryPolicy retry;
    private final ExportListener listener;
    private final Deadline deadline;
    private final System.Logger log;
    /** What is exported, as messages show it. */
    private final String source;
    /** Whether the API itself is on loopback: only then may its signed URL be plain http on loopback. */
    private final boolean apiOnLoopback;

    /**
     * Creates a downloader.
     *
     * @param settings the settings (timeouts, download retries)
     * @param transport how the dump's bytes are fetched
     * @param retry    the backoff between attempts
     * @param listener receives progress and retry events
     * @param deadline bounds the download
     * @param log      where attempts are logged
     */
    DumpDownloader(CloudflareSettings settings, DumpTransport transport, RetryPolicy retry, ExportListener listener,
            Deadline deadline, System.Logger log) {
        this.transport = transport;
        this.requestTimeout = settings.requestTimeout();
        this.maxRetries = settings.downloadRetries();
        this.minSpeed = settings.downloadMinSpeed();
        this.minSpeedTime = settings.downloadMinSpeedTime();
        this.retry = retry;
        this.listener = listener;
        this.deadline = deadline;
        this.log = log;
        this.source = settings.source();
        this.apiOnLoopback = TransportSecurity.isLoopback(URI.create(settings.baseUrl()).getHost());
    }

    /**
     * Downloads the dump.
     *
     * @param signedUrl   the signed URL
     * @param filename    the dump's name, used (sanitised) when the destination is a directory
     * @param destination where the dump goes
     * @return the dump in place
     * @throws InterruptedException       if the thread is interrupted (the temporary file is removed)
     * @throws DownloadFailedException    if the download fails for good
     * @throws ExportTimeoutException     if the deadline passes (for a stream destination that already got part of the
     *                                    dump, saying how many bytes)
     * @throws ProtocolViolationException if the signed URL is malformed or not safe to use
     */
    Downloaded download(String signedUrl, String filename, ExportDestination destination)
            throws InterruptedException {
        URI uri = checked(signedUrl, apiOnLoopback);
        String where = uri.getScheme() + "://" + uri.getHost();
        Duration started = deadline.elapsed();
        StagedOutput out = null;
        try {
            // What lets a retry ask for the rest only: the first full answer's ETag and length (null: start over).
            ResumePoint resume = null;
            for (int attempt = 1; ; attempt++) {
                String doing = "downloading the dump from " + where;
                long have = out == null ? 0 : out.bytesWritten();
                boolean ranged = resume != null && have > 0 && have < resume.total();
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("User-Agent", UserAgent.VALUE);
                // Without it any coding is acceptable (RFC 9110, 12.5.3); the dump is wanted as stored, byte for byte.
                headers.put("Accept-Encoding", "identity");
                if (ranged) {
                    // If-Range: the rest only if the object is still the one whose start we have, else all of it.
                    headers.put("Range", "bytes=" + have + "-");
                    headers.put("If-Range", resume.etag());
                }
                // Deliberately no credentials: the signed URL is its own authorisation, on another host.
                String reason;
                Duration serverWait = null;
                ErrorDetails details = ErrorDetails.none();
                Duration limit = deadline.callTimeout(requestTimeout, doing);
                // Cut to what is left of the deadline: a timeout then is the deadline's (see ApiClient.send).
                boolean deadlineBound = limit.compareTo(requestTimeout) < 0;
                // Whether the answer's head came: a failure before it and one in the body differ in what they say
                // and in whether asking again can help.
                boolean answered = false;
                // How long after the request its answer's head came, or null before it: see the IOException below.
                Duration headAfter = null;
                Duration sentAt = deadline.elapsed();
                try (DumpResponse response = transport.get(uri, headers, limit)) {
                    answered = true;
                    headAfter = deadline.elapsed().minus(sentAt);
                    int status = response.statusCode();
                    String ray = response.headers().firstValue("cf-ray").orElse(null);
                    details = ErrorDetails.ofStatus(status).withRayId(ray);
                    if (status >= 100 && status < 200) {
                        // Only a caller's client hands one over (see ApiClient.informational); its body is not the
                        // store's, so it is not read, and asking again through the same client gets the same.
                        throw new DownloadFailedException("Download of the dump from " + where + " got "
                                + ApiClient.informationalAnswer(status) + leftBehind(out, destination), null,
                                details.withHint(ApiClient.INFORMATIONAL_HINT));
                    }
                    String coding = (status == 200 || status == 206) ? contentCoding(response) : null;
                    if (coding != null) {
                        // Compressed bytes saved as the dump would be a backup that restores nothing; asking again
                        // gets the same answer.
                        throw new DownloadFailedException("Download of the dump from " + where + " was refused: the"
                                + " answer is encoded (Content-Encoding: " + coding + "), though only the dump as"
                                + " stored (identity) was asked for" + leftBehind(out, destination), null, details);
                    }
                    if (ranged && status == 206) {
                        String range = response.headers().firstValue("content-range").orElse("");
                        String etag = response.headers().firstValue("etag").map(String::trim)
                                .orElse(resume.etag());
                        if (!etag.equals(resume.etag())) {
                            // A cache on the way that dropped If-Range: the rest of another object.
                            reason = "the server resumed another version of the dump";
                            resume = null;
                            startOver(out, where, reason, details);
                        } else if (!ResumePoint.continues(range, have, resume.total())) {
                            reason = "the server resumed at another place (Content-Range: "
                                    + range.substring(0, Math.min(range.length(), 80)) + ")";
                            resume = null;
                            startOver(out, where, reason, details);
                        } else if (response.contentLength() >= 0
                                && response.contentLength() != resume.total() - have) {
                            // Content-Range and Content-Length disagree: which bytes these are cannot be known.
                            reason = "the server's resumed part is " + response.contentLength() + " bytes long"
                                    + " (Content-Length) where its Content-Range says " + (resume.total() - have);
                            resume = null;
                            startOver(out, where, reason, details);
                        } else {
                            // Content-Range gives the length, so even an answer read until the connection closes is
                            // checked: copy stops at the dump's end and counts what came.
                            long written = copy(response, out.channel(), resume.total(), have, doing);
                            if (written == resume.total()) {
                                return done(out, written, started, where);
                            }
                            reason = "truncated: " + written + " of " + resume.total() + " bytes";
                        }
                    } else if (ranged && status == 416) {
                        reason = "HTTP 416: the server cannot resume at byte " + have;
                        resume = null;
                        startOver(out, where, reason, details);
                    } else if (status != 200) {
                        // Only 200 carries the whole object: 204 or 205 has no body at all, and any other 2xx is
                        // not what an object store sends for a GET; none of them may replace a backup.
                        String code = errorCode(response, deadline.callTimeout(requestTimeout, doing));
                        reason = "HTTP " + status + (code == null ? "" : " (" + code + ")");
                        if (status >= 300 && status < 400) {
                            // Never followed (no credential or second request goes anywhere else), and asking
                            // again is redirected again: say so, with where it pointed (scheme and host only).
                            String to = response.headers().firstValue("location").map(DumpDownloader::origin)
                                    .orElse("nowhere (no Location)");
                            throw new DownloadFailedException("Download of the dump from " + where + " was refused:"
                                    + " " + reason + ", a redirect to " + to + ", which a download never follows"
                                    + leftBehind(out, destination), null, details.withHint("the signed URL should"
                                            + " serve the dump itself; a proxy or the object store's setup"
                                            + " redirected it"));
                        }
                        // A throttling store says how long to wait (429, 503): asking again sooner fails again.
                        serverWait = RetryPolicy.retryAfter(response.headers()).orElse(null);
                        // A transient status whose retries are spent (or off) is not a refusal: the store was busy
                        // or failing, and it is worded below as any failure that was not retried further.
                        if (!RetryPolicy.isTransient(status)) {
                            throw new DownloadFailedException("Download of the dump from " + where
                                    + " was refused: " + reason + leftBehind(out, destination), null,
                                    status == 403 || status == 400 || status == 404
                                            ? details.withHint("a signed URL works for one hour only;"
                                                    + " run the export again")
                                            : details);
                        }
                    } else {
                        if (!response.delimited()) {
                            // A backup that might be cut short without anyone knowing is worse than none.
                            throw new DownloadFailedException("Download of the dump from " + where + " was refused:"
                                    + " the answer does not mark where the dump ends (no Content-Length, not chunked),"
                                    + " so a dump cut short could not be told from a whole one"
                                    + leftBehind(out, destination), null, details);
                        }
                        if (out == null) {
                            out = StagedOutput.open(destination, filename);
                        } else {
                            startOver(out, where, "the server sent the whole dump again", details);
                        }
                        long expected = response.contentLength();
                        resume = ResumePoint.of(response.headers(), expected);
                        long written;
                        try {
                            written = copy(response, out.channel(), expected, 0, doing);
                        } catch (NotADump e) {
                            String type = response.headers().firstValue("content-type").map(value -> shown(value, 60))
                                    .orElse("no Content-Type");
                            throw new DownloadFailedException("Download of the dump from " + where + " was refused:"
                                    + " the answer (HTTP 200, " + type + ") is not a D1 dump, which always opens with "
                                    + new String(DUMP_START, StandardCharsets.US_ASCII) + " but this one with '"
                                    + e.getMessage() + "'" + leftBehind(out, destination), null,
                                    details.withHint("an error page or a proxy's answer came instead of the dump;"
                                            + " the previous file is kept"));
                        }
                        if (written == 0 && expected <= 0) {
                            // A D1 dump is never empty: it opens with PRAGMA defer_foreign_keys=TRUE; even for an
                            // empty database. An empty object must not replace a backup; asking again gets it again.
                            throw new DownloadFailedException("Download of the dump from " + where + " was refused:"
                                    + " the object is empty (HTTP 200, 0 bytes), and a D1 dump never is"
                                    + leftBehind(out, destination), null, details);
                        }
                        if (expected < 0 || written == expected) {
                            return done(out, written, started, where);
                        }
                        reason = "truncated: " + written + " of " + expected + " bytes";
                    }
                } catch (OverlongBody e) {
                    // The bytes before the excess are no surer than the excess: from the start, never resumed.
                    reason = e.getMessage();
                    resume = null;
                } catch (SlowBody e) {
                    // The connection is closed (the answer is); what came is kept, and the rest asked for again.
                    reason = e.getMessage();
                } catch (HttpTimeoutException e) {
                    if (deadlineBound || deadline.expired()) {
                        throw deadline.timeout(doing);
                    }
                    reason = e instanceof StalledBody ? e.getMessage()
                            : answered ? "no data for " + ExportOption.durationText(requestTimeout) + " after the head"
                            : "no answer within " + ExportOption.durationText(requestTimeout);
                } catch (MalformedAnswerException e) {
                    if (!answered) {
                        // A head our parser refuses (both framings, conflicting lengths, a head past its limit,
                        // informational answers past their cap, or past the JDK client's: see JdkDumpTransport) is
                        // how that server frames its answers: asked again it comes the same way, so it is refused at
                        // once rather than after the retries. (The JDK client's other ProtocolExceptions are not this
                        // type: they can mean a reused connection out of step, which a new one cures.)
                        throw new DownloadFailedException("Download of the dump from " + where + " was refused:"
                                + " the answer's head is malformed (" + withoutQuery(e.getMessage()) + "), and asking"
                                + " again would get the same" + leftBehind(out, destination), null, details);
                    }
                    // A broken chunk in the body may be damage on the way: retried as a broken connection is.
                    reason = withoutQuery(ApiClient.describe(e));
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    if (deadline.expiredForTheJdkTimer()) {
                        // Through the JDK client, its timer for an attempt bounded by the deadline closes the
                        // connection under a body whose head has just come: the deadline's doing (as in ApiClient).
                        throw deadline.timeout(doing);
                    }
                    if (headAfter != null && ApiClient.cutOffByTheRequestTimer(e, headAfter, limit)) {
                        // Through the JDK client, its request timer closes the connection under a body whose head
                        // came just as the attempt's limit ran out: that attempt timed out (as in ApiClient.read).
                        if (deadlineBound || deadline.expired()) {
                            throw deadline.timeout(doing);
                        }
                        reason = "no answer within " + ExportOption.durationText(requestTimeout);
                    } else {
                        reason = withoutQuery(ApiClient.describe(e));
                    }
                }
                long kept = out == null ? 0 : out.bytesWritten();
                if (destination.stream().isPresent() && kept > 0 && resume == null) {
                    throw new DownloadFailedException("Download of the dump from " + where + " broke off (" + reason
                            + ") after part of it was written to the output stream, and it cannot be resumed from"
                            + " there (the server does not allow it, or sent what cannot be trusted), so it cannot"
                            + " be retried", null, details);
                }
                if (attempt > maxRetries) {
                    // With retries off, say so: a failure that asking again may cure was not asked again.
                    throw new DownloadFailedException("Download of the dump from " + where + " failed after "
                            + attempt + (attempt == 1 ? " attempt" : " attempts")
                            + (maxRetries == 0 ? " (not retried: download-retries=0)" : "") + ": " + reason
                            + leftBehind(out, destination), null, details);
                }
                boolean resuming = resume != null && kept > 0 && kept < resume.total();
                String retrying = "download: " + reason + (resuming ? "; resuming at byte " + kept : "");
                Duration wait = serverWait != null ? serverWait : retry.backoff(attempt);
                if (wait.compareTo(deadline.remaining()) >= 0) {
                    // Waiting would outlast the deadline: report the real failure, not a timeout, as API calls do.
                    throw new DownloadFailedException("Download of the dump from " + where + " failed: " + reason
                            + (serverWait != null ? "; the server asked to wait " + WaitText.of(wait)
                            : "; a retry in " + WaitText.of(wait) + " would come") + ", longer than the"
                            + " export's time left" + leftBehind(out, destination), null, details);
                }
                log.log(Level.WARNING, "Retrying the download from {0} in {1} ms after attempt {2} failed: {3}",
                        where, Long.toString(wait.toMillis()), Integer.toString(attempt), retrying);
                listener.onEvent(new ExportEvent.Retry(attempt, wait, retrying));
                deadline.sleep(wait, doing);
            }
        } catch (InterruptedException e) {
            if (destination.stream().isPresent() && out != null && out.bytesWritten() > 0) {
                // The exporter's own message says nothing was written, true of a file but not of a caller's stream.
                Thread.currentThread().interrupt();
                throw new ExportCancelledException("Export of " + source + " was cancelled while downloading the dump"
                        + leftBehind(out, destination), e);
            }
            throw e;
        } catch (ExportTimeoutException e) {
            if (destination.stream().isPresent() && out != null && out.bytesWritten() > 0) {
                // As for a cancel: a caller's stream holds the start of the dump, which nobody can take back, and a
                // reader of the timeout must not take it for a whole dump. A sentence of its own, after the advice.
                throw new ExportTimeoutException(e.summary() + " " + out.bytesWritten() + " bytes of the dump were"
                        + " written to the output stream before then.", e, e.details());
            }
            throw e;
        } finally {
            if (out != null) {
                // Without a commit this removes the temporary file; the destination stays as it was.
                out.close();
            }
        }
    }

    /** What a failed download leaves: nothing for a file (its temporary file goes), else what a stream already got. */
    private static String leftBehind(StagedOutput out, ExportDestination destination) {
        long sent = out == null ? 0 : out.bytesWritten();
        return destination.stream().isPresent() && sent > 0
                ? "; " + sent + " bytes of it were written to the output stream"
                : "; nothing was written";
    }

    private Downloaded done(StagedOutput out, long written, Duration started, String where) {
        Downloaded done = new Downloaded(out.commit().orElse(null), written, deadline.elapsed().minus(started));
        log.log(Level.DEBUG, "Downloaded {0} bytes from {1}", Long.toString(written), where);
        return done;
    }

    /** Empties the output to write the dump from its start; a caller's stream that already has bytes cannot be. */
    private static void startOver(StagedOutput out, String where, String reason, ErrorDetails details) {
        if (out != null && !out.restart()) {
            throw new DownloadFailedException("Download of the dump from " + where + " cannot be resumed (" + reason
                    + ") and part of it was already written to the output stream; it cannot be retried", null,
                    details);
        }
    }

    /**
     * The content coding of a dump answer other than {@code identity}, quoted safely, or {@code null} when the body is
     * the object's own bytes.
     */
    static String contentCoding(DumpResponse response) {
        String codings = String.join(",", response.headers().allValues("content-encoding"));
        boolean encoded = false;
        for (String coding : codings.split(",")) {
            String c = coding.trim();
            encoded |= !c.isEmpty() && !c.equalsIgnoreCase("identity");
        }
        if (!encoded) {
            return null;
        }
        return shown(codings.trim(), 40);
    }

    /**
     * Writes the body's buffers straight to the output's channel (no copy through a byte array), after the
     * {@code already} bytes an earlier attempt wrote. With a known {@code expected} length, nothing past it is
     * written: a body longer than announced is an error, and a caller's stream never gets bytes it would have to
     * lose.
     *
     * @return the output's size: {@code already} plus this body's bytes
     * @throws IOException if the body fails, or goes on past {@code expected}
     */
    private long copy(DumpResponse body, WritableByteChannel out, long expected, long already, String doing)
            throws IOException, InterruptedException {
        listener.onEvent(new ExportEvent.DownloadProgress(already, expected));
        long written = already;
        long received = already;
        long reported = already;
        long nextReport = already + PROGRESS_STEP;
        // From the start, the first bytes are held until they are known to open a dump: an error page sent with
        // 200 must not replace a backup, nor reach standard output. A resumed part was checked when it began.
        ByteBuffer held = already == 0 ? ByteBuffer.allocate(DUMP_START.length) : null;
        boolean notADump = false;
        SpeedWindow speed = minSpeed > 0 ? new SpeedWindow() : null;
        List<ByteBuffer> chunk;
        while ((chunk = next(body, doing, received, expected, speed)) != null) {
            if (speed != null) {
                long arrived = 0;
                for (ByteBuffer buffer : chunk) {
                    arrived += buffer.remaining();
                }
                speed.arrived(arrived, received + arrived, expected);
            }
            for (ByteBuffer buffer : chunk) {
                if (expected >= 0 && buffer.remaining() > expected - received) {
                    throw new OverlongBody(expected);
                }
                received += buffer.remaining();
                if (held != null) {
                    int n = Math.min(held.remaining(), buffer.remaining());
                    held.put(buffer.slice(buffer.position(), n));
                    buffer.position(buffer.position() + n);
                    // Refused once wrong, but shown by its first 31 bytes, however the server split them.
                    notADump = notADump || !opensADump(held);
                    if (held.hasRemaining()) {
                        continue;
                    }
                    if (notADump) {
                        throw new NotADump(held);
                    }
                    written += writeFully(out, held.flip());
                    held = null;
                }
                written += writeFully(out, buffer);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (written >= nextReport) {
                listener.onEvent(new ExportEvent.DownloadProgress(written, expected));
                reported = written;
                nextReport = written + PROGRESS_STEP;
            }
        }
        if (held != null && held.position() > 0) {
            if (notADump || expected < 0 || received >= expected) {
                // The whole answer, and shorter than the line every dump opens with.
                throw new NotADump(held);
            }
            // Cut short, but a dump so far: kept, so that the download can resume after it.
            written += writeFully(out, held.flip());
        }
        // Unless the read that ended the body was reported already: a listener would show the same count twice.
        if (written != reported) {
            listener.onEvent(new ExportEvent.DownloadProgress(written, expected));
        }
        return written;
    }

    private int writeFully(WritableByteChannel out, ByteBuffer buffer) throws InterruptedException {
        int count = 0;
        try {
            while (buffer.hasRemaining()) {
                count += out.write(buffer);
            }
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException();
        } catch (IOException e) {
            // The output failed (disk full, a closed stream): not the network's fault, so never retried.
            // Worded as the sqlite provider words it: what was exported and the system's reason, no class name.
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            throw new DestinationException("Cannot write the dump of " + source + ": " + reason, e);
        }
        return count;
    }

    /**
     * A failure's description with any URL query in it masked: an error about an answer's head quotes the line it
     * could not read (this provider's parser and the JDK's alike), and a store or proxy that answers with the request
     * line puts the signed query there, which is never shown.
     */
    private static String withoutQuery(String text) {
        return QUERY.matcher(text).replaceAll("?****");
    }

    /** A redirect's target as a message may show it: its scheme and host, never its path or query (a signature). */
    private static String origin(String location) {
        try {
            URI uri = new URI(location.trim());
            return uri.getHost() == null ? "a relative location"
                    : shown(uri.getScheme() + "://" + uri.getHost(), 60);
        } catch (URISyntaxException e) {
            return "a location that is not a URL";
        }
    }

    /** Server text as a message may show it: printable ASCII (anything else as '?'), at most {@code max} chars. */
    private static String shown(String value, int max) {
        StringBuilder sb = new StringBuilder();
        value.chars().limit(max).forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return value.length() > max ? sb + "..." : sb.toString();
    }

    /** Whether the bytes held so far are the start of {@link #DUMP_START}. */
    private static boolean opensADump(ByteBuffer held) {
        for (int i = 0; i < held.position(); i++) {
            if (held.get(i) != DUMP_START[i]) {
                return false;
            }
        }
        return true;
    }

    /** The object store's error code from an XML error body (e.g. {@code AccessDenied}), read no further than 4 KiB. */
    private static String errorCode(DumpResponse body, Duration wait) throws InterruptedException {
        try {
            String text = new String(body.readAll(wait, 4096), StandardCharsets.UTF_8);
            Matcher m = XML_CODE.matcher(text);
            return m.find() ? m.group(1).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The signed URL, if it may be fetched: as any URL the provider uses ({@link TransportSecurity#problemWith}), and,
     * when plain http on loopback, only from an API on loopback itself: a remote API (Cloudflare's, over https) that
     * sends the client to a local service on this machine is refused, as no store of Cloudflare's is there.
     */
    private static URI checked(String signedUrl, boolean apiOnLoopback) {
        URI uri;
        try {
            uri = new URI(signedUrl.trim());
        } catch (URISyntaxException e) {
            throw new ProtocolViolationException("Cloudflare API gave a signed URL that is not a URL: " + e.getReason());
        }
        String problem = TransportSecurity.problemWith(uri);
        if (problem == null && !apiOnLoopback && "http".equalsIgnoreCase(uri.getScheme())) {
            problem = "plain http is refused for a signed URL from an API that is not on loopback itself; use https";
        }
        if (problem != null) {
            // Scheme and host only (the path and query are the signature's); a host URI could not read, not at all.
            String shown = uri.getScheme() == null ? ""
                    : " (" + uri.getScheme() + "://" + (uri.getHost() == null ? "..." : uri.getHost()) + ")";
            throw new ProtocolViolationException("Cloudflare API gave a signed URL" + shown + " that is refused: "
                    + problem);
        }
        return uri;
    }

    /** An answer that does not open as every D1 dump does; never retried, as asking again gets it again. */
    private static final class NotADump extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotADump(ByteBuffer held) {
            // One char per byte (ISO-8859-1), so that every byte that is not printable ASCII shows as one '?'.
            super(shown(new String(held.array(), 0, held.position(), StandardCharsets.ISO_8859_1),
                    DUMP_START.length), null, false, false);
        }
    }

    /**
     * The body's next buffers; a wait that runs out says how far the dump had come, held-back bytes included, unless
     * it was cut to what was left of the deadline, which then is the export's timeout. With a speed check, the wait
     * ends no later than the window that decides it: a trickle is cut even when each of its bytes comes sooner than
     * {@code request-timeout}. The time waited is added to the speed check's window.
     */
    private List<ByteBuffer> next(DumpResponse body, String doing, long received, long expected, SpeedWindow speed)
            throws IOException, InterruptedException {
        Duration limit = deadline.callTimeout(requestTimeout, doing);
        long start = System.nanoTime();
        try {
            if (speed != null) {
                long cap = speed.waitLeft();
                if (cap < limit.toNanos()) {
                    try {
                        return body.next(Duration.ofNanos(cap));
                    } catch (HttpTimeoutException e) {
                        throw speed.tooSlow(received, expected);
                    }
                }
            }
            try {
                return body.next(limit);
            } catch (HttpTimeoutException e) {
                if (limit.compareTo(requestTimeout) < 0) {
                    // The wait was what was left of the deadline, so the deadline ran out, even if its clock does not
                    // say so yet: over TLS the socket's timeout is whole milliseconds, rounded down, and ends up to
                    // one early (as java.net.http's timer may, see ApiClient.send).
                    throw deadline.timeout(doing);
                }
                throw new StalledBody("no data for " + ExportOption.durationText(requestTimeout) + " after " + received
                        + (expected >= 0 ? " of " + expected : "") + " bytes", e);
            }
        } finally {
            if (speed != null) {
                speed.waited(System.nanoTime() - start);
            }
        }
    }

    /**
     * The low-speed check of one body (as curl's {@code --speed-limit} with {@code --speed-time}): consecutive windows
     * of waiting from the body's start, each of which must bring at least the minimum speed times the window. Only
     * the time the reader waits for the body counts: reading and writing take turns on one thread, and the body is
     * not read while the reader writes, so time spent writing (a slow output stream or pipe) must never make a window
     * fail. A chunk that ends a window's wait counts for that window.
     */
    private final class SpeedWindow {
        private final long window = minSpeedTime.toNanos();
        /** The bytes each window needs, rounded up. */
        private final long need = (long) Math.ceil(minSpeed * (minSpeedTime.toNanos() / 1e9));
        /** The waiting done in the current window, always less than a window between calls. */
        private long waited;
        private long bytes;

        /**
         * How long the reader may wait: to the current window's end while it lacks bytes, else to the next one's,
         * which nothing has come in yet. Always positive.
         */
        long waitLeft() {
            return Math.max(window - waited + (bytes >= need ? window : 0), 1);
        }

        /** Adds a wait for the body; the windows it closes are judged when its chunk is counted. */
        void waited(long nanos) {
            waited += Math.max(nanos, 0);
        }

        /** Counts a chunk that ended a wait, closing the windows that wait filled. */
        void arrived(long count, long received, long expected) throws SlowBody {
            boolean metBefore = bytes >= need;
            bytes += count;
            while (waited >= window) {
                if (bytes < need) {
                    throw tooSlow(received, expected);
                }
                waited -= window;
                // A window met before this chunk leaves the chunk to the next one, which it ended the wait of.
                bytes = metBefore ? count : 0;
                metBefore = false;
            }
        }

        SlowBody tooSlow(long received, long expected) {
            return new SlowBody("the download was slower than " + minSpeed + " bytes/s for "
                    + ExportOption.durationText(minSpeedTime) + " (" + received
                    + (expected >= 0 ? " of " + expected : "") + " bytes)");
        }
    }

    /** A body that came slower than {@code download-min-speed}: its connection is closed, as a broken one. */
    private static final class SlowBody extends IOException {
        private static final long serialVersionUID = 1L;

        SlowBody(String message) {
            super(message);
        }
    }

    /** A body that stopped coming in the middle. */
    private static final class StalledBody extends HttpTimeoutException {
        private static final long serialVersionUID = 1L;

        StalledBody(String message, HttpTimeoutException cause) {
            super(message);
            initCause(cause);
        }
    }

    /** A body that goes on past the length its answer announced (a resumed part past the dump's end). */
    private static final class OverlongBody extends IOException {
        private static final long serialVersionUID = 1L;

        OverlongBody(long expected) {
            super("the server sent more than the dump's " + expected + " bytes");
        }
    }
}
