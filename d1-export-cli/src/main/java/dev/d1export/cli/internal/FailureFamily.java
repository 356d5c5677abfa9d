package dev.d1export.cli.internal;

import dev.d1export.cli.ExitCodes;
import dev.d1export.spi.AuthenticationException;
import dev.d1export.spi.D1ExportException;
import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.DestinationException;
import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportBusyException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportConfigurationException;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.PermissionDeniedException;
import dev.d1export.spi.ProtocolViolationException;
import dev.d1export.spi.RateLimitedException;

/** The families of failure the command reports, each with its exit code, a name for JSON and a default hint. */
public enum FailureFamily {
    /** Bad arguments, URL, option or token file; no provider for the URL. */
    USAGE(ExitCodes.USAGE, "usage", "run 'd1-export export --help' for the arguments, 'd1-export providers' for the URLs"),
    /** Credentials missing, or refused by the API. */
    AUTHENTICATION(ExitCodes.AUTHENTICATION, "authentication",
            "set CLOUDFLARE_API_TOKEN or pass --token-file <file> holding an API token with D1 access"),
    /** Valid credentials without the right. */
    PERMISSION(ExitCodes.PERMISSION, "permission",
            "give the API token D1 edit permission on this account (exports need it)"),
    /** No such database or file. */
    NOT_FOUND(ExitCodes.NOT_FOUND, "not-found",
            "check the URL's database (its name or id) or file path; 'd1-export providers' shows each URL's form"),
    /** Rate limit hit, retries spent. */
    RATE_LIMITED(ExitCodes.RATE_LIMITED, "rate-limited",
            "wait a few minutes and try again (Cloudflare allows 1200 API requests per 5 minutes per user)"),
    /** The export failed on the server. */
    EXPORT_FAILED(ExitCodes.EXPORT_FAILED, "export-failed",
            "the server's message says why; e.g. leave out virtual tables with --table"),
    /** Another export of the database is running. */
    BUSY(ExitCodes.BUSY, "busy", "another export of this database is running; try again when it has finished"),
    /** The deadline passed. */
    TIMEOUT(ExitCodes.TIMEOUT, "timeout", "allow more time with --timeout (large databases take minutes)"),
    /** The finished dump could not be downloaded. */
    DOWNLOAD(ExitCodes.DOWNLOAD, "download", "try again: the server finished the export, only the download failed"),
    /** The server broke the protocol. */
    PROTOCOL(ExitCodes.PROTOCOL, "protocol",
            "try again; if it persists, report it with the output of --verbose and the cf-ray id"),
    /** The output file could not be written. */
    DESTINATION(ExitCodes.DESTINATION, "destination",
            "check that the folder of -o exists and is writable and that the disk has room"),
    /** The export was interrupted. */
    CANCELLED(ExitCodes.CANCELLED, "cancelled", "nothing was written; run the command again to export"),
    /** Another d1-export error. */
    FAILED(ExitCodes.FAILED, "failed", "run again with --verbose for the details"),
    /** A bug. */
    INTERNAL(ExitCodes.INTERNAL, "internal", "this is a bug: run again with --verbose and report the stack trace");

    private final int exitCode;
    private final String id;
    private final String hint;

    FailureFamily(int exitCode, String id, String hint) {
        this.exitCode = exitCode;
        this.id = id;
        this.hint = hint;
    }

    /**
     * The process exit code of this family.
     *
     * @return one of {@link ExitCodes}
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The family's name in {@code --json} output, e.g. {@code not-found}.
     *
     * @return the name
     */
    public String id() {
        return id;
    }

    /**
     * What a user can usually do, when the error brings no hint of its own.
     *
     * @return the hint
     */
    public String defaultHint() {
        return hint;
    }

    /**
     * The family of a failure. Subclasses are checked before their parents.
     *
     * @param error what was thrown
     * @return its family; {@link #INTERNAL} for anything that is not a {@link D1ExportException}
     */
    public static FailureFamily of(Throwable error) {
        if (!(error instanceof D1ExportException)) {
            return INTERNAL;
        }
        if (error instanceof ExportConfigurationException) {
            return USAGE;
        }
        if (error instanceof AuthenticationException) {
            return AUTHENTICATION;
        }
        if (error instanceof PermissionDeniedException) {
            return PERMISSION;
        }
        if (error instanceof DatabaseNotFoundException) {
            return NOT_FOUND;
        }
        if (error instanceof RateLimitedException) {
            return RATE_LIMITED;
        }
        if (error instanceof ExportFailedException) {
            return EXPORT_FAILED;
        }
        if (error instanceof ExportBusyException) {
            return BUSY;
        }
        if (error instanceof ExportTimeoutException) {
            return TIMEOUT;
        }
        if (error instanceof DownloadFailedException) {
            return DOWNLOAD;
        }
        if (error instanceof ProtocolViolationException) {
            return PROTOCOL;
        }
        if (error instanceof DestinationException) {
            return DESTINATION;
        }
        if (error instanceof ExportCancelledException) {
            return CANCELLED;
        }
        return FAILED;
    }
}
