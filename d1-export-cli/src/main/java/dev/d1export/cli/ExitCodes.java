package dev.d1export.cli;

/**
 * The exit status of {@code d1-export}, one per failure family, so scripts can react without parsing messages.
 * The table in the module's README lists the same values; they never change meaning between versions.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>constant</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>{@link #OK}</td><td>the dump was written</td></tr>
 *   <tr><td>1</td><td>{@link #FAILED}</td><td>another d1-export error, outside the families below</td></tr>
 *   <tr><td>2</td><td>{@link #USAGE}</td><td>bad arguments, URL, option, token file, or no provider for the URL; with
 *   {@code --unmatched-tables=fail}, a {@code --table} that names nothing</td></tr>
 *   <tr><td>3</td><td>{@link #AUTHENTICATION}</td><td>credentials missing, or refused by the API</td></tr>
 *   <tr><td>4</td><td>{@link #PERMISSION}</td><td>the token may not export this database, or may not use the account (a wrong
 *   account id)</td></tr>
 *   <tr><td>5</td><td>{@link #NOT_FOUND}</td><td>no such database or file, or a file that is not a SQLite database</td></tr>
 *   <tr><td>6</td><td>{@link #RATE_LIMITED}</td><td>the API's rate limit, after the allowed retries</td></tr>
 *   <tr><td>7</td><td>{@link #EXPORT_FAILED}</td><td>the export failed on the server, or a local database cannot be
 *   exported as D1 would export it, or cannot be read (a damaged file, a hot journal, a value larger than the
 *   heap)</td></tr>
 *   <tr><td>8</td><td>{@link #BUSY}</td><td>the database is busy with another export</td></tr>
 *   <tr><td>9</td><td>{@link #TIMEOUT}</td><td>the export did not finish within {@code --timeout}; without it,
 *   within the {@code cloudflare} URL's {@code timeout} option (default 1h)</td></tr>
 *   <tr><td>10</td><td>{@link #DOWNLOAD}</td><td>the finished dump could not be downloaded</td></tr>
 *   <tr><td>11</td><td>{@link #PROTOCOL}</td><td>the server answered something the protocol does not allow</td></tr>
 *   <tr><td>12</td><td>{@link #DESTINATION}</td><td>the output file could not be written (or standard output, for
 *   {@code -o -} or {@code --json})</td></tr>
 *   <tr><td>70</td><td>{@link #INTERNAL}</td><td>a bug: an unexpected error</td></tr>
 *   <tr><td>130</td><td>{@link #CANCELLED}</td><td>the export was interrupted</td></tr>
 * </table>
 */
public final class ExitCodes {

    /** The dump was written. */
    public static final int OK = 0;

    /** A d1-export error outside the families below (an unclassified API failure). */
    public static final int FAILED = 1;

    /**
     * Bad arguments, URL, option or token file, or no provider serves the URL (picocli's own usage code); with
     * {@code --unmatched-tables=fail}, a {@code --table} that names nothing in the database.
     */
    public static final int USAGE = 2;

    /** The credentials are missing, or the API refused them (a credential with a character no HTTP header can carry is {@link #USAGE}). */
    public static final int AUTHENTICATION = 3;

    /** The credentials are valid but may not export this database, or may not use the account (a wrong account id). */
    public static final int PERMISSION = 4;

    /** The database or file does not exist, or the file is not a SQLite database. */
    public static final int NOT_FOUND = 5;

    /** The API's rate limit was hit and the retry budget is spent. */
    public static final int RATE_LIMITED = 6;

    /**
     * The export failed on the server (its message is shown), or a local database cannot be exported as D1 would export
     * it (a virtual table, a name that is not UTF-8) or cannot be read (a damaged file, a hot journal, a value larger
     * than the heap).
     */
    public static final int EXPORT_FAILED = 7;

    /** The database is already busy with a long-running export. */
    public static final int BUSY = 8;

    /**
     * The export did not finish within the deadline ({@code --timeout}; without it, the {@code cloudflare} URL's
     * {@code timeout} option).
     */
    public static final int TIMEOUT = 9;

    /** The finished dump could not be downloaded completely. */
    public static final int DOWNLOAD = 10;

    /** The server broke the export protocol (malformed or unexpected answer). */
    public static final int PROTOCOL = 11;

    /**
     * The output file could not be written (missing folder, no permission, disk full), or standard output for -o -; or,
     * with --json, standard output could not take the summary of a dump that is complete and in place.
     */
    public static final int DESTINATION = 12;

    /** An unexpected error: a bug in d1-export or a provider (EX_SOFTWARE in sysexits.h). */
    public static final int INTERNAL = 70;

    /**
     * The export was interrupted (128 + SIGINT, as shells report Ctrl-C). A process ended by SIGTERM exits with 143
     * (128 + SIGTERM) instead, by SIGHUP with 129, and its {@code --json} object says so.
     */
    public static final int CANCELLED = 130;

    private ExitCodes() {
    }
}
