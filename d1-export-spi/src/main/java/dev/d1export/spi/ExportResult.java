package dev.d1export.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an export produced: where the dump is, its size and file name, the database bookmark it reflects, the
 * server's messages, timings, and what the provider could not carry. Immutable.
 */
public final class ExportResult {

    private final String provider;
    private final Path path;
    private final String filename;
    private final long bytes;
    private final String bookmark;
    private final List<String> messages;
    private final List<String> skippedTables;
    private final List<String> unmatchedTables;
    private final Long inexactValues;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final Duration serverTime;
    private final Duration downloadTime;
    private final int polls;

    private ExportResult(Builder b, Instant finishedAt) {
        this.provider = b.provider;
        this.path = b.path;
        // A provider that gave only the path: its file name is the dump's name (the builder keeps what was set).
        this.filename = b.filename.isEmpty() && b.path != null && b.path.getFileName() != null
                ? b.path.getFileName().toString() : b.filename;
        this.bytes = b.bytes;
        this.bookmark = b.bookmark;
        this.messages = List.copyOf(b.messages);
        this.skippedTables = List.copyOf(b.skippedTables);
        this.unmatchedTables = List.copyOf(b.unmatchedTables);
        this.inexactValues = b.inexactValues;
        this.startedAt = b.startedAt;
        this.finishedAt = finishedAt;
        this.serverTime = b.serverTime;
        this.downloadTime = b.downloadTime;
        this.polls = b.polls;
    }

    /**
     * A new builder, for providers.
     *
     * @param provider the provider's name
     * @return the builder
     */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /**
     * The name of the provider that made the dump.
     *
     * @return e.g. {@code cloudflare}
     */
    public String provider() {
        return provider;
    }

    /**
     * Where the dump was written.
     *
     * @return the final path, or empty when the destination was a stream
     */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /**
     * The dump's file name as the provider named it (e.g. the server's {@code filename}); the final path's file name
     * when the provider set only the path; empty when it set neither (a stream destination).
     *
     * @return the name
     */
    public String filename() {
        return filename;
    }

    /**
     * The dump's size.
     *
     * @return bytes written
     */
    public long bytes() {
        return bytes;
    }

    /**
     * The database's time-travel bookmark the dump reflects.
     *
     * @return the bookmark, if the provider has one
     */
    public Optional<String> bookmark() {
        return Optional.ofNullable(bookmark);
    }

    /**
     * Every message the server (or dump routine) reported, in order.
     *
     * @return the messages
     */
    public List<String> messages() {
        return messages;
    }

    /**
     * Tables the provider left out on purpose (e.g. virtual tables when asked to skip them), followed by the objects
     * left out because they use them (e.g. the triggers that keep a skipped full-text index in sync).
     *
     * @return the names; empty when none
     */
    public List<String> skippedTables() {
        return skippedTables;
    }

    /**
     * Requested table names that match nothing in the database, so the dump has nothing for them (D1 reports no
     * error for them), when the provider can tell: see {@link UnmatchedTables}. Each also has a notice in
     * {@link #messages()}.
     *
     * @return the names, in the order requested; empty when every name matched or the provider cannot tell
     */
    public List<String> unmatchedTables() {
        return unmatchedTables;
    }

    /**
     * How many values D1's dump format could not carry exactly (integers beyond 2^53, infinities, texts that collide
     * with the newline markers), when the provider can tell.
     *
     * @return the count, or empty when unknown (e.g. for a remote export)
     */
    public OptionalLong inexactValues() {
        return inexactValues == null ? OptionalLong.empty() : OptionalLong.of(inexactValues);
    }

    /**
     * When the export started.
     *
     * @return the start
     */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * When the dump was in place.
     *
     * @return the end
     */
    public Instant finishedAt() {
        return finishedAt;
    }

    /**
     * The whole time the export took.
     *
     * @return {@code finishedAt - startedAt}
     */
    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * The time the server took to produce the dump (from the first call to the {@code complete} answer).
     *
     * @return the time, for remote exports
     */
    public Optional<Duration> serverTime() {
        return Optional.ofNullable(serverTime);
    }

    /**
     * The time spent downloading the dump.
     *
     * @return the time, for remote exports
     */
    public Optional<Duration> downloadTime() {
        return Optional.ofNullable(downloadTime);
    }

    /**
     * How many export calls were made (the first call and each poll).
     *
     * @return the count, 0 for a local export
     */
    public int polls() {
        return polls;
    }

    @Override
    public String toString() {
        return "ExportResult{provider=" + provider + ", path=" + path + ", filename=" + filename + ", bytes=" + bytes
                + ", bookmark=" + bookmark + ", polls=" + polls + ", elapsed=" + elapsed()
                + (skippedTables.isEmpty() ? "" : ", skippedTables=" + skippedTables)
                + (unmatchedTables.isEmpty() ? "" : ", unmatchedTables=" + unmatchedTables)
                + (inexactValues == null ? "" : ", inexactValues=" + inexactValues) + "}";
    }

    /** Builds {@link ExportResult}s; used by providers. */
    public static final class Builder {

        private final String provider;
        private Path path;
        private String filename = "";
        private long bytes;
        private String bookmark;
        private final List<String> messages = new ArrayList<>();
        private final List<String> skippedTables = new ArrayList<>();
        private final List<String> unmatchedTables = new ArrayList<>();
        private Long inexactValues;
        private Instant startedAt = Instant.now();
        private Instant finishedAt;
        private Duration serverTime;
        private Duration downloadTime;
        private int polls;

        private Builder(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /**
         * Sets the final path.
         *
         * @param path the path, or {@code null} for a stream
         * @return this builder
         */
        public Builder path(Path path) {
            this.path = path;
            return this;
        }

        /**
         * Sets the file name. Unset, it is the file name of {@link #path(Path) the path}, if one is set.
         *
         * @param filename the name
         * @return this builder
         */
        public Builder filename(String filename) {
            this.filename = Objects.requireNonNull(filename, "filename");
            return this;
        }

        /**
         * Sets the size.
         *
         * @param bytes bytes written
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder bytes(long bytes) {
            this.bytes = notNegative("bytes", bytes);
            return this;
        }

        /**
         * Sets the bookmark.
         *
         * @param bookmark the bookmark, may be {@code null}
         * @return this builder
         */
        public Builder bookmark(String bookmark) {
            this.bookmark = bookmark;
            return this;
        }

        /**
         * Adds a server message.
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(String message) {
            this.messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /**
         * Adds server messages.
         *
         * @param messages the messages
         * @return this builder
         */
        public Builder messages(List<String> messages) {
            Objects.requireNonNull(messages, "messages").forEach(this::message);
            return this;
        }

        /**
         * Adds a table that was left out on purpose.
         *
         * @param table the table name
         * @return this builder
         */
        public Builder skippedTable(String table) {
            this.skippedTables.add(Objects.requireNonNull(table, "table"));
            return this;
        }

        /**
         * Adds a requested table name that matches nothing in the database; give its notice with
         * {@link #message(String)} too (see {@link UnmatchedTables}).
         *
         * @param table the name as requested
         * @return this builder
         */
        public Builder unmatchedTable(String table) {
            this.unmatchedTables.add(Objects.requireNonNull(table, "table"));
            return this;
        }

        /**
         * Sets how many values the format could not carry exactly.
         *
         * @param count the count
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder inexactValues(long count) {
            this.inexactValues = notNegative("inexactValues", count);
            return this;
        }

        /**
         * Sets the start time (defaults to when the builder was made).
         *
         * @param startedAt the start
         * @return this builder
         */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
            return this;
        }

        /**
         * Sets the end time (defaults to when {@link #build()} is called, or to the start time if the clock then
         * reads earlier than it, so that {@link ExportResult#elapsed()} is never negative).
         *
         * @param finishedAt the end, not before the start time ({@link #build()} refuses it otherwise), or
         *        {@code null} for the default
         * @return this builder
         */
        public Builder finishedAt(Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        /**
         * Sets the time the server took.
         *
         * @param serverTime the time
         * @return this builder
         */
        public Builder serverTime(Duration serverTime) {
            this.serverTime = serverTime;
            return this;
        }

        /**
         * Sets the time the download took.
         *
         * @param downloadTime the time
         * @return this builder
         */
        public Builder downloadTime(Duration downloadTime) {
            this.downloadTime = downloadTime;
            return this;
        }

        /**
         * Sets the number of export calls.
         *
         * @param polls the count
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder polls(int polls) {
            this.polls = (int) notNegative("polls", polls);
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws IllegalArgumentException if the end time set is before the start time, naming both
         */
        public ExportResult build() {
            // Checked here, not in the setters: the two may be set in either order.
            if (finishedAt != null && finishedAt.isBefore(startedAt)) {
                throw new IllegalArgumentException("finishedAt " + finishedAt + " is before startedAt " + startedAt);
            }
            // Not stored: a second build() without finishedAt gets its own time, as documented. A wall clock stepped
            // back during the export gives no elapsed time rather than a negative one or a failed export.
            Instant now = Instant.now();
            return new ExportResult(this, finishedAt != null ? finishedAt : now.isBefore(startedAt) ? startedAt : now);
        }

        private static long notNegative(String what, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(what + " must not be negative: " + value);
            }
            return value;
        }
    }
}
