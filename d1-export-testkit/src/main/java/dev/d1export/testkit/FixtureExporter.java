package dev.d1export.testkit;

import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ErrorDetails;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.MissingCredentialsException;
import dev.d1export.spi.PermissionDeniedException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;
import dev.d1export.spi.StagedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Serves one fixture file as the dump. */
final class FixtureExporter implements Exporter {

    private static final int CHUNK = 1 << 16;

    private final ExportOptions options;
    /** Set by {@link #close()}: a closed exporter refuses new exports, as the SPI requires. */
    private volatile boolean closed;

    FixtureExporter(ExportOptions options) {
        this.options = options;
    }

    @Override
    public ExportResult export(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            // Before the journal: a refused export was never asked of the fixture.
            throw new IllegalStateException("This fixture exporter is closed; create a new one to export again");
        }
        Instant started = Instant.now();
        FixtureJournal.named(options.get(FixtureExportProvider.JOURNAL, FixtureJournal.DEFAULT))
                .record(RecordedRequest.of(options, request));
        // A blank token is none, as the cloudflare provider takes it: a CI job not given its secret sets it empty.
        if (options.get(FixtureExportProvider.AUTH, FixtureAuth.NONE) == FixtureAuth.REQUIRED
                && options.get(FixtureExportProvider.API_TOKEN).filter(token -> !token.isBlank()).isEmpty()) {
            // Its own hint: a caller's default for missing credentials (the CLI's names CLOUDFLARE_API_TOKEN) would
            // point at a variable this provider never reads.
            throw new MissingCredentialsException(
                    "The fixture provider was told to require credentials: set the option 'api-token'", null,
                    ErrorDetails.none().withHint("pass 'api-token' as an option (the CLI's --token-file passes"
                            + " it), or drop auth=required from the URL"));
        }
        // As shown in events and messages; the file name comes from the target itself.
        String source = ExportOptions.redactTarget(options.target());
        request.listener().onEvent(new ExportEvent.Started(FixtureExportProvider.NAME, source));
        Duration delay = options.get(FixtureExportProvider.DELAY, Duration.ZERO);
        Optional<Duration> timeout = request.timeout();
        if (timeout.isPresent() && delay.compareTo(timeout.get()) > 0) {
            sleep(timeout.get());
            throw new ExportTimeoutException("Fixture export of " + source + " did not finish within "
                    + ExportOption.durationText(timeout.get()));
        }
        sleep(delay);
        Optional<FixtureFailure> failure = options.get(FixtureExportProvider.FAIL);
        if (failure.isPresent() && failure.get() != FixtureFailure.DOWNLOAD) {
            throw failureOf(failure.get(), source);
        }
        // The name of the file itself: without the classpath:/file: prefix, which is not part of it.
        String filename = StagedOutput.sanitizeFilename(options.target().substring(options.target().indexOf(':') + 1));
        try (StagedOutput out = StagedOutput.open(request.destination(), filename);
             InputStream in = openFixture()) {
            copy(in, out, request, failure.isPresent());
            if (Thread.currentThread().isInterrupted()) {
                // Interrupted after the last byte, before the dump is moved into place: still a cancellation.
                throw new ExportCancelledException("Fixture export was interrupted; nothing was written");
            }
            Path path = out.commit().orElse(null);
            ExportResult result = ExportResult.builder(FixtureExportProvider.NAME)
                    .startedAt(started)
                    .path(path)
                    .filename(filename)
                    .bytes(out.bytesWritten())
                    .bookmark(options.get(FixtureExportProvider.BOOKMARK, null))
                    .build();
            request.listener().onEvent(new ExportEvent.Finished(result));
            return result;
        } catch (IOException e) {
            if (isInterrupt(e)) {
                throw new ExportCancelledException("Fixture export was interrupted; nothing was written", e);
            }
            throw new D1ExportException("Cannot read fixture " + source + ": "
                    + ExportOptions.redactTarget(String.valueOf(e)), e);
        }
    }

    private static void copy(InputStream in, StagedOutput output, ExportRequest request, boolean failMidway)
            throws IOException {
        OutputStream out = output.stream();
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ExportCancelledException("Fixture export was interrupted; nothing was written");
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                if (isInterrupt(e)) {
                    throw new ExportCancelledException("Fixture export was interrupted; nothing was written", e);
                }
                // A write failure is the destination's (disk full, closed stream), not the fixture's.
                throw new DestinationException("Cannot write " + output.target().map(Object::toString)
                        .orElse("the output stream") + ": " + e, e);
            }
            total += n;
            request.listener().onEvent(new ExportEvent.DownloadProgress(total, -1));
            if (failMidway) {
                throw new DownloadFailedException("Simulated download failure after " + total + " bytes");
            }
        }
        if (total == 0) {
            // An empty fixture: the loop never ran. Reported all the same, as the sqlite and cloudflare providers
            // report every dump's size, an empty one's too.
            request.listener().onEvent(new ExportEvent.DownloadProgress(0, -1));
        }
        if (failMidway) {
            // An empty fixture: the loop never ran, and fail=download must fail all the same.
            throw new DownloadFailedException("Simulated download failure after 0 bytes");
        }
    }

    /** An interrupt that lands in a read or write closes the file channel: the export was cancelled. */
    private static boolean isInterrupt(IOException e) {
        return e instanceof java.nio.channels.ClosedByInterruptException || Thread.currentThread().isInterrupted();
    }

    private InputStream openFixture() throws IOException {
        String target = options.target();
        String location = target.substring(target.indexOf(':') + 1);
        if (target.startsWith("file:")) {
            try {
                return Files.newInputStream(Path.of(location));
            } catch (NoSuchFileException e) {
                throw new DatabaseNotFoundException("Fixture file " + ExportOptions.redactTarget(location)
                        + " does not exist");
            }
        }
        String resource = location.startsWith("/") ? location.substring(1) : location;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(resource);
        if (in == null) {
            in = FixtureExporter.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new DatabaseNotFoundException("Fixture resource " + ExportOptions.redactTarget(resource)
                    + " is not on the class path");
        }
        return in;
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportCancelledException("Fixture export was interrupted; nothing was written", e);
        }
    }

    private static D1ExportException failureOf(FixtureFailure failure, String source) {
        String what = "Simulated failure of fixture " + source;
        switch (failure) {
            case AUTHENTICATION:
                return new AuthenticationException(what + ": authentication error", null,
                        ErrorDetails.ofStatus(401).withError(10000, "Authentication error"));
            case PERMISSION:
                return new PermissionDeniedException(what + ": permission denied", null, ErrorDetails.ofStatus(403));
            case NOT_FOUND:
                return new DatabaseNotFoundException(what + ": database not found", null,
                        ErrorDetails.ofStatus(404).withError(7404, "database not found"));
            case RATE_LIMITED:
                return new RateLimitedException(what + ": rate limited", Duration.ofSeconds(1),
                        ErrorDetails.ofStatus(429).withError(971, "rate limited"));
            case EXPORT_FAILED:
                return new ExportFailedException(what + ": D1 Export error");
            case BUSY:
                return new ExportBusyException(what + ": Currently processing a long-running export");
            case TIMEOUT:
                return new ExportTimeoutException(what + ": timed out");
            case PROTOCOL:
                return new ProtocolViolationException(what + ": malformed answer");
            default:
                return new DownloadFailedException(what + ": download failed");
        }
    }

    /** Marks the exporter closed; an export started afterwards fails with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
