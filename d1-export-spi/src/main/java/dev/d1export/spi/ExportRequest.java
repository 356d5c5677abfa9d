package dev.d1export.spi;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to export and where to: the tables (none = all), whether to leave out data or schema, the destination, an
 * optional timeout and a listener. Immutable and validated when built.
 *
 * <pre>{@code
 * ExportRequest request = ExportRequest.builder()
 *         .tables("users", "orders")
 *         .destination(Path.of("backup.sql"))
 *         .timeout(Duration.ofMinutes(10))
 *         .listener(event -> System.err.println(event))
 *         .build();
 * }</pre>
 */
public final class ExportRequest {

    private final List<String> tables;
    private final boolean noData;
    private final boolean noSchema;
    private final boolean failOnUnmatchedTables;
    private final ExportDestination destination;
    private final Duration timeout;
    /** The caller's listener, as given. */
    private final ExportListener listener;
    /** What providers send events to: the caller's listener, with the {@link ExportEvent.Finished} rule. */
    private final ExportListener delivering;

    private ExportRequest(Builder b) {
        this.tables = Collections.unmodifiableList(new ArrayList<>(b.tables));
        this.noData = b.noData;
        this.noSchema = b.noSchema;
        this.failOnUnmatchedTables = b.failOnUnmatchedTables;
        this.destination = b.destination;
        this.timeout = b.timeout;
        this.listener = b.listener;
        this.delivering = listener == ExportListener.NONE ? listener : new FinishedCannotFail(listener);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts with this request's values.
     *
     * @return the builder
     */
    public Builder mutate() {
        Builder b = new Builder();
        b.tables.addAll(tables);
        b.noData = noData;
        b.noSchema = noSchema;
        b.failOnUnmatchedTables = failOnUnmatchedTables;
        b.destination = destination;
        b.timeout = timeout;
        b.listener = listener;
        return b;
    }

    /**
     * The tables (or indexes, triggers, views) to export, matched exactly and case-sensitively by name. Order does not
     * change the dump.
     *
     * @return the names, without duplicates; empty means every table
     */
    public List<String> tables() {
        return tables;
    }

    /**
     * Whether to export only the schema, without rows.
     *
     * @return {@code true} to leave out every {@code INSERT}
     */
    public boolean noData() {
        return noData;
    }

    /**
     * Whether to export only the rows, without schema.
     *
     * @return {@code true} to leave out every {@code CREATE} and the index, trigger and view section
     */
    public boolean noSchema() {
        return noSchema;
    }

    /**
     * Whether a requested name that matches nothing in the database fails the export before it starts, instead of
     * giving what D1 gives: a dump with nothing for it, a {@link ExportEvent.Warning} and
     * {@link ExportResult#unmatchedTables()}. A provider that can read the database's names refuses such a request with
     * {@link UnmatchedTables#refusal(Collection, Collection)} before any of the dump is read (after
     * {@link ExportEvent.Started}), so nothing is written. The built-in {@code sqlite} and {@code cloudflare} providers
     * do; for the {@code cloudflare} one the name check is then required: retried as any read is, and if it still
     * cannot run the export fails with that call's error (or a {@link ProtocolViolationException} for an answer
     * without names) before it starts. A provider that cannot read names (the {@code fixture} provider) ignores it.
     *
     * @return {@code true} to fail on a name that matches nothing; {@code false} (the default) to go on as D1 does
     */
    public boolean failOnUnmatchedTables() {
        return failOnUnmatchedTables;
    }

    /**
     * Where the dump goes.
     *
     * @return the destination
     */
    public ExportDestination destination() {
        return destination;
    }

    /**
     * How long the whole export may take, from the call to the moved file; past it the export fails with
     * {@link ExportTimeoutException}.
     *
     * @return the timeout, or empty for the provider's default
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * Receives progress events, on the exporting thread: providers send every event here. It passes each event to the
     * listener set on the builder; an exception that listener throws reaches the provider (and aborts the export),
     * except on {@link ExportEvent.Finished}: that event comes once the dump is in place, so a
     * {@link RuntimeException} thrown on it is logged ({@code System.Logger} {@code dev.d1export.spi.ExportRequest},
     * {@code WARNING}) and not rethrown, and the export returns its result. An {@link Error} always propagates.
     *
     * @return the listener; {@link ExportListener#NONE} when none was set
     */
    public ExportListener listener() {
        return delivering;
    }

    @Override
    public String toString() {
        return "ExportRequest{tables=" + tables + ", noData=" + noData + ", noSchema=" + noSchema
                + (failOnUnmatchedTables ? ", failOnUnmatchedTables=true" : "") + ", destination=" + destination
                + ", timeout=" + timeout + "}";
    }

    /**
     * Applies the {@link ExportEvent.Finished} rule for every provider: the dump is already in place when that event
     * is sent, so a listener's exception there must not make a completed export look failed.
     */
    private static final class FinishedCannotFail implements ExportListener {
        private static final System.Logger LOG = System.getLogger(ExportRequest.class.getName());
        private final ExportListener listener;

        FinishedCannotFail(ExportListener listener) {
            this.listener = listener;
        }

        @Override
        public void onEvent(ExportEvent event) {
            if (!(event instanceof ExportEvent.Finished)) {
                listener.onEvent(event);
                return;
            }
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "An export listener threw on Finished; the export had completed"
                        + " and its dump is in place: " + e, e);
            }
        }
    }

    /** Builds {@link ExportRequest}s. */
    public static final class Builder {

        private final List<String> tables = new ArrayList<>();
        private boolean noData;
        private boolean noSchema;
        private boolean failOnUnmatchedTables;
        private ExportDestination destination;
        private Duration timeout;
        private ExportListener listener = ExportListener.NONE;

        private Builder() {
        }

        /**
         * Adds tables to export.
         *
         * @param names table names
         * @return this builder
         */
        public Builder tables(String... names) {
            Objects.requireNonNull(names, "names");
            return tables(java.util.Arrays.asList(names.clone()));
        }

        /**
         * Adds tables to export.
         *
         * @param names table names
         * @return this builder
         */
        public Builder tables(Collection<String> names) {
            Objects.requireNonNull(names, "names");
            tables.addAll(names);
            return this;
        }

        /**
         * Adds one table to export.
         *
         * @param name the table name
         * @return this builder
         */
        public Builder table(String name) {
            tables.add(name);
            return this;
        }

        /**
         * Leaves out every row.
         *
         * @param noData {@code true} to export only the schema
         * @return this builder
         */
        public Builder noData(boolean noData) {
            this.noData = noData;
            return this;
        }

        /**
         * Leaves out the schema.
         *
         * @param noSchema {@code true} to export only the rows
         * @return this builder
         */
        public Builder noSchema(boolean noSchema) {
            this.noSchema = noSchema;
            return this;
        }

        /**
         * Fails the export before it starts when a requested name matches nothing in the database (see
         * {@link ExportRequest#failOnUnmatchedTables()}).
         *
         * @param fail {@code true} to fail; {@code false} (the default) to export what matches, as D1 does
         * @return this builder
         */
        public Builder failOnUnmatchedTables(boolean fail) {
            this.failOnUnmatchedTables = fail;
            return this;
        }

        /**
         * Writes the dump to a file (atomically), or into a directory under the provider's file name. For a folder
         * that must exist (never a file of its name), give {@link ExportDestination#folder(Path)}.
         *
         * @param path the file or directory
         * @return this builder
         */
        public Builder destination(Path path) {
            this.destination = ExportDestination.file(path);
            return this;
        }

        /**
         * Writes the dump to a stream, which is flushed but not closed.
         *
         * @param stream the stream
         * @return this builder
         */
        public Builder destination(OutputStream stream) {
            this.destination = ExportDestination.stream(stream);
            return this;
        }

        /**
         * Sets the destination.
         *
         * @param destination the destination
         * @return this builder
         */
        public Builder destination(ExportDestination destination) {
            this.destination = Objects.requireNonNull(destination, "destination");
            return this;
        }

        /**
         * Limits how long the whole export may take.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the listener for progress events. Events are delivered on the exporting thread, so a listener that
         * blocks holds the export up, its timeout included (the timeout is noticed when the listener returns); an
         * exception it throws aborts the export and, with this project's providers, reaches the caller of
         * {@link Exporter#export} as it was thrown, not wrapped in a {@link D1ExportException} (one thrown for
         * {@link ExportEvent.Finished} is only logged).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ExportListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @return the request
         * @throws InvalidExportRequestException naming the bad value: a null, blank or duplicate table name,
         *         {@code noData} with {@code noSchema}, a missing destination, a timeout that is not positive
         */
        public ExportRequest build() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < tables.size(); i++) {
                String name = tables.get(i);
                if (name == null) {
                    throw new InvalidExportRequestException("Table name #" + (i + 1) + " is null");
                }
                if (name.isBlank()) {
                    throw new InvalidExportRequestException("Table name #" + (i + 1) + " is blank ('" + name + "')");
                }
                if (!seen.add(name)) {
                    throw new InvalidExportRequestException("Table '" + name + "' is listed twice");
                }
            }
            if (noData && noSchema) {
                throw new InvalidExportRequestException(
                        "noData and noSchema together would export nothing; choose one (as Cloudflare's CLI requires)");
            }
            if (destination == null) {
                throw new InvalidExportRequestException("A destination (file or stream) is required");
            }
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                throw new InvalidExportRequestException("Timeout must be positive, got " + timeout);
            }
            return new ExportRequest(this);
        }
    }
}
