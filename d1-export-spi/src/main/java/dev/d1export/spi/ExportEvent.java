package dev.d1export.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A step of an export, delivered to an {@link ExportListener}. The set of events is closed, so a listener can
 * handle each kind:
 *
 * <pre>{@code
 * ExportListener listener = event -> {
 *     if (event instanceof ExportEvent.DownloadProgress p) {
 *         bar.update(p.bytes(), p.total());
 *     } else if (event instanceof ExportEvent.ServerMessage m) {
 *         System.err.println(m.message());
 *     }
 * };
 * }</pre>
 */
public sealed interface ExportEvent {

    /**
     * The export started.
     *
     * @param provider the provider's name
     * @param source   what is exported, without secrets (e.g. the database id or file)
     */
    record Started(String provider, String source) implements ExportEvent {
        /**
         * Creates the event.
         *
         * @param provider the provider's name
         * @param source   what is exported
         */
        public Started {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A log line from the server (or the local dump routine), delivered once, in order.
     *
     * @param message the line, e.g. {@code Uploaded part 3}
     */
    record ServerMessage(String message) implements ExportEvent {
        /**
         * Creates the event.
         *
         * @param message the line
         */
        public ServerMessage {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The server answered a poll. A provider that exports on a server reports each answer, the first call's too;
     * a provider that makes the dump itself reports none (the CLI then shows the dump as written, not downloaded).
     *
     * @param number  the poll's number, 1 for the call that started the export
     * @param status  the status the server reported, e.g. {@code active}, {@code complete}
     * @param elapsed the time since the export started
     */
    record Poll(int number, String status, Duration elapsed) implements ExportEvent {
        /**
         * Creates the event.
         *
         * @param number  the poll's number
         * @param status  the reported status
         * @param elapsed the time since the export started
         */
        public Poll {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * A call failed transiently and will be tried again after a delay.
     *
     * @param attempt the number of the attempt that failed, from 1
     * @param delay   how long until the next attempt
     * @param reason  why, without secrets (e.g. {@code HTTP 503}, {@code connection reset})
     */
    record Retry(int attempt, Duration delay, String reason) implements ExportEvent {
        /**
         * Creates the event.
         *
         * @param attempt the attempt that failed
         * @param delay   the delay before the next one
         * @param reason  why
         */
        public Retry {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Bytes of the dump have been written: downloaded after a server-side export (which reported {@link Poll}s
     * before), or produced by the provider itself.
     *
     * @param bytes      bytes written so far
     * @param totalBytes the expected size, or {@code -1} when unknown
     */
    record DownloadProgress(long bytes, long totalBytes) implements ExportEvent {
        /**
         * The expected size.
         *
         * @return the size, if known
         */
        public OptionalLong total() {
            return totalBytes < 0 ? OptionalLong.empty() : OptionalLong.of(totalBytes);
        }
    }

    /**
     * Something the user should know that does not stop the export (e.g. a table that was skipped).
     *
     * @param message the warning
     */
    record Warning(String message) implements ExportEvent {
        /**
         * Creates the event.
         *
         * @param message the warning
         */
        public Warning {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The export finished and the dump is in place: the last event, sent by providers only after
     * {@link StagedOutput#commit()}. It cannot abort the export: a {@link RuntimeException} a listener throws on it is
     * logged and the export still returns its result (see {@link ExportRequest#listener()}); an {@link Error}
     * propagates.
     *
     * @param result the result
     */
    record Finished(ExportResult result) implements ExportEvent {
        /**
         * Creates the event.
         *
         * @param result the result
         */
        public Finished {
            Objects.requireNonNull(result, "result");
        }
    }
}
