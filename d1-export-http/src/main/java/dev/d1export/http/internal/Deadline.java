package dev.d1export.http.internal;

import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportTimeoutException;
import java.time.Duration;

/**
 * The overall deadline of one export, from the call to the moved file. Every wait and every HTTP call is bounded by
 * it; past it the export ends with an {@link ExportTimeoutException}. Not thread-safe: one export, one thread.
 */
final class Deadline {

    /**
     * What to say when the call that starts the export reached the server but its answer says nothing usable: not a
     * fact, since the answer may not be the server's.
     */
    static final String MAY_HAVE_STARTED = "the call reached the server, so an export may have started there;"
            + " Cloudflare cancels one that is no longer polled";

    /**
     * How early java.net.http's request timer may fire: it compares whole milliseconds, so up to one before its
     * limit.
     */
    static final Duration JDK_TIMER_EARLY = Duration.ofMillis(1);

    private final Duration budget;
    private final String source;
    private final TimeSource time;
    private final String setting;
    private final long startNanos;
    private final long endNanos;
    /** Whether an export runs on the server, which stops it if it is no longer polled: worth saying on a timeout. */
    private boolean serverExportRunning;

    /**
     * Starts the clock.
     *
     * @param budget  how long the export may take
     * @param setting what set the budget, for the error's advice: the request's timeout or the option
     * @param source  what is exported, for messages
     * @param time    the clock every reading and wait goes through
     */
    Deadline(Duration budget, String setting, String source, TimeSource time) {
        this.budget = budget;
        this.setting = setting;
        this.source = source;
        this.time = time;
        this.startNanos = time.nanoTime();
        this.endNanos = startNanos + saturatedNanos(budget);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * The time left.
     *
     * @return the remaining time, {@link Duration#ZERO} once expired
     */
    Duration remaining() {
        long left = endNanos - time.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /**
     * Whether the deadline has passed.
     *
     * @return {@code true} once expired
     */
    boolean expired() {
        return endNanos - time.nanoTime() <= 0;
    }

    /**
     * Whether so little time is left that java.net.http's timer for a call bounded by the deadline may already have
     * fired: it compares whole milliseconds, so it fires up to one early. Once it fires it closes the connection, and
     * a call whose answer's head had just come then fails reading the body with a plain {@code IOException} ("fixed
     * content-length: 209, bytes received: 0", caused by "connection closed locally"), not with an
     * {@code HttpTimeoutException}: such a failure is the deadline's doing.
     *
     * @return {@code true} when less than a millisecond is left, or none
     */
    boolean expiredForTheJdkTimer() {
        return endNanos - time.nanoTime() < JDK_TIMER_EARLY.toNanos();
    }

    /**
     * The time since the export started.
     *
     * @return the elapsed time
     */
    Duration elapsed() {
        return Duration.ofNanos(time.nanoTime() - startNanos);
    }

    /**
     * The timeout for one HTTP call: the configured one, shortened to the time left.
     *
     * @param requestTimeout the configured per-call timeout
     * @param doing          what the call is for, used if the deadline has already passed
     * @return the timeout, positive
     * @throws ExportTimeoutException if no time is left
     */
    Duration callTimeout(Duration requestTimeout, String doing) {
        Duration left = remaining();
        if (left.isZero()) {
            throw timeout(doing);
        }
        return left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
    }

    /**
     * Waits, unless the wait would outlast the deadline, in which case the export times out at once (waiting would
     * change nothing).
     *
     * @param delay how long to wait
     * @param doing what the wait is for, for the timeout message
     * @throws InterruptedException   if the thread is interrupted while waiting
     * @throws ExportTimeoutException if the wait would outlast the deadline
     */
    void sleep(Duration delay, String doing) throws InterruptedException {
        if (delay.compareTo(remaining()) >= 0) {
            throw timeout(doing);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        if (!delay.isZero() && !delay.isNegative()) {
            time.sleep(delay);
        }
    }

    /**
     * Records whether an export runs on the server now (from the first answer to the call that starts it until it
     * completes or fails), so that a timeout while polling says the server cancels an export no longer polled, and one
     * before or after (looking the database up, a first call with no answer, downloading a finished dump) does not.
     *
     * @param running {@code true} while polling
     */
    void serverExportRunning(boolean running) {
        this.serverExportRunning = running;
    }

    /**
     * The timeout error.
     *
     * @param doing what was going on when time ran out
     * @return the exception to throw
     */
    ExportTimeoutException timeout(String doing) {
        return timeout(doing, serverExportRunning ? " (a Cloudflare export that is no longer polled is cancelled by"
                + " the server)." : ".");
    }

    /**
     * The timeout error for the call that starts the export, when it was sent but its answer did not come in time:
     * the server may have started an export, which is worth saying, though not as a fact.
     *
     * @param doing what was going on when time ran out
     * @return the exception to throw
     */
    ExportTimeoutException timeoutAfterTheStartWasSent(String doing) {
        return serverExportRunning ? timeout(doing) : timeout(doing, " (" + MAY_HAVE_STARTED + ").");
    }

    private ExportTimeoutException timeout(String doing, String remark) {
        return new ExportTimeoutException("Export of " + source + " did not finish within "
                + ExportOption.durationText(budget) + " (while " + doing + "); raise " + setting + remark);
    }
}
