package dev.d1export.testkit;

/**
 * The families of failure the {@code fixture} provider can simulate with {@code ?fail=<name>} (names in lower case,
 * {@code -} for {@code _}), each thrown as the SPI exception of that family.
 */
public enum FixtureFailure {
    /** {@link dev.d1export.spi.AuthenticationException}. */
    AUTHENTICATION,
    /** {@link dev.d1export.spi.PermissionDeniedException}. */
    PERMISSION,
    /** {@link dev.d1export.spi.DatabaseNotFoundException}. */
    NOT_FOUND,
    /** {@link dev.d1export.spi.RateLimitedException}. */
    RATE_LIMITED,
    /** {@link dev.d1export.spi.ExportFailedException}. */
    EXPORT_FAILED,
    /** {@link dev.d1export.spi.ExportBusyException}. */
    BUSY,
    /** {@link dev.d1export.spi.ExportTimeoutException}. */
    TIMEOUT,
    /** {@link dev.d1export.spi.DownloadFailedException}, after part of the dump was written. */
    DOWNLOAD,
    /** {@link dev.d1export.spi.ProtocolViolationException}. */
    PROTOCOL
}
