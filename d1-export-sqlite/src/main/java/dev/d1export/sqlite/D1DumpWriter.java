package dev.d1export.sqlite;

import dev.d1export.spi.DatabaseNotFoundException;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportFailedException;
import dev.d1export.spi.InvalidExportRequestException;
import dev.d1export.sqlite.internal.DumpEngine;
import dev.d1export.sqlite.internal.DumpSettings;
import dev.d1export.sqlite.internal.ReadOnlySqlite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a SQLite database as the SQL dump Cloudflare D1 produces, byte for byte: the same statements, order, skipped
 * tables and value printing as D1's export (and {@code wrangler d1 export --local}), streamed row by row so memory
 * does not grow with the database.
 *
 * <pre>{@code
 * D1DumpWriter writer = D1DumpWriter.builder().tables("users", "posts").columnList(false).build();
 * try (OutputStream out = Files.newOutputStream(Path.of("dump.sql"))) {
 *     DumpSummary summary = writer.write(Path.of("app.sqlite"), out);
 * }
 * }</pre>
 *
 * <p>The file is opened read-only and never changed (no journal, no checkpoint); the dump is one consistent
 * snapshot, also while another connection is writing to the database. Immutable and thread-safe: one writer may run
 * several dumps at once.
 *
 * <p>This is the engine behind the {@code sqlite} provider, public so other tools (e.g. a fake D1 server in tests) can
 * produce real D1 dumps without going through the export SPI.
 */
public final class D1DumpWriter {

    private final DumpSettings settings;

    private D1DumpWriter(DumpSettings settings) {
        this.settings = settings;
    }

    /**
     * A builder with D1's defaults: every table, schema and data, the column-list {@code INSERT} form, failing on
     * virtual tables, D1's lossy value forms.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Dumps a SQLite file.
     *
     * @param sqliteFile the database file; opened read-only
     * @param out        where the UTF-8 dump goes; flushed, not closed
     * @return what was written
     * @throws DatabaseNotFoundException if the file does not exist
     * @throws ExportFailedException     if SQLite cannot read it (not a database, corrupt), on a virtual table with
     *                                   {@link VirtualTables#FAIL} (with D1's message), or when the rows of a table
     *                                   whose name or a column's is not valid UTF-8 would be written (all three
     *                                   before anything is written)
     * @throws ExportCancelledException  if the thread is interrupted, which is noticed between rows from time to
     *                                   time and while the JVM's first SQLite connection loads the driver's native
     *                                   library (the interrupt status stays set)
     * @throws IOException               if writing to {@code out} fails
     */
    public DumpSummary write(Path sqliteFile, OutputStream out) throws IOException {
        Objects.requireNonNull(sqliteFile, "sqliteFile");
        Objects.requireNonNull(out, "out");
        if (!Files.isRegularFile(sqliteFile)) {
            throw new DatabaseNotFoundException("SQLite database file not found: " + sqliteFile);
        }
        try (Connection connection = ReadOnlySqlite.open(sqliteFile)) {
            return write(connection, out);
        } catch (SQLException e) {
            throw new ExportFailedException("Cannot read SQLite database " + sqliteFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Dumps the database behind an open connection (e.g. an in-memory database). With auto-commit on, the dump reads
     * in a transaction of its own and turns auto-commit back on afterwards. With auto-commit off, the transaction is
     * the caller's: the dump reads within it, uncommitted writes included, and leaves it open for the caller to
     * commit or roll back. The dump is of the {@code main} database: a {@code TEMP} table of the same name as one of
     * its tables does not stand in for it. Rows come in D1's order even when the connection has
     * {@code PRAGMA reverse_unordered_selects} on; the setting is turned off for the dump and put back after it.
     *
     * @param connection a sqlite-jdbc connection; read-only is enough
     * @param out        where the UTF-8 dump goes; flushed, not closed
     * @return what was written
     * @throws SQLException          if SQLite fails
     * @throws ExportFailedException on a virtual table with {@link VirtualTables#FAIL}, or when the rows of a table
     *                               whose name or a column's is not valid UTF-8 would be written
     * @throws IOException           if writing to {@code out} fails
     */
    public DumpSummary write(Connection connection, OutputStream out) throws SQLException, IOException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(out, "out");
        return new DumpEngine(settings, null, Long.MAX_VALUE).write(connection, out);
    }

    @Override
    public String toString() {
        return "D1DumpWriter" + settings;
    }

    /** Builds {@link D1DumpWriter}s. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {

        private final Set<String> tables = new LinkedHashSet<>();
        private boolean noData;
        private boolean noSchema;
        private boolean columnList = true;
        private VirtualTables virtualTables = VirtualTables.FAIL;
        private boolean lossless;

        private Builder() {
        }

        /**
         * Limits the dump to these names: tables, and indexes, triggers and views by their own name (naming a table
         * does not bring its indexes or triggers). Exact and case-sensitive; unknown names are ignored.
         *
         * @param names the names
         * @return this builder
         */
        public Builder tables(String... names) {
            return tables(Arrays.asList(Objects.requireNonNull(names, "names")));
        }

        /**
         * Limits the dump to these names; see {@link #tables(String...)}.
         *
         * @param names the names
         * @return this builder
         */
        public Builder tables(Collection<String> names) {
            for (String name : names) {
                tables.add(Objects.requireNonNull(name, "table name"));
            }
            return this;
        }

        /**
         * Leaves out every {@code INSERT}.
         *
         * @param noData {@code true} for schema only
         * @return this builder
         */
        public Builder noData(boolean noData) {
            this.noData = noData;
            return this;
        }

        /**
         * Leaves out the schema ({@code CREATE}, {@code DELETE FROM sqlite_sequence}, {@code ANALYZE}, indexes,
         * triggers, views).
         *
         * @param noSchema {@code true} for data only
         * @return this builder
         */
        public Builder noSchema(boolean noSchema) {
            this.noSchema = noSchema;
            return this;
        }

        /**
         * Chooses the {@code INSERT} form: {@code true} (default) for {@code INSERT INTO "t" ("a","b") VALUES(...)}
         * as current wrangler writes, {@code false} for {@code INSERT INTO "t" VALUES(...)} as wrangler 4.86 wrote.
         *
         * @param columnList whether to name the columns
         * @return this builder
         */
        public Builder columnList(boolean columnList) {
            this.columnList = columnList;
            return this;
        }

        /**
         * Chooses what happens on a virtual table: fail as D1 does (default) or skip it and its shadow tables.
         *
         * @param virtualTables the policy
         * @return this builder
         */
        public Builder virtualTables(VirtualTables virtualTables) {
            this.virtualTables = Objects.requireNonNull(virtualTables, "virtualTables");
            return this;
        }

        /**
         * Writes values so that they read back exactly, at the price of D1's exact bytes: integers with all their
         * digits, infinities as {@code 9e999} / {@code -9e999}, REAL values always with a point or exponent,
         * newline markers that do not occur in the text.
         *
         * @param lossless {@code true} for exact values
         * @return this builder
         */
        public Builder lossless(boolean lossless) {
            this.lossless = lossless;
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         * @throws InvalidExportRequestException if both {@code noData} and {@code noSchema} are set, as
         *                                       {@link dev.d1export.spi.ExportRequest} refuses them
         */
        public D1DumpWriter build() {
            return new D1DumpWriter(new DumpSettings(tables, noData, noSchema, columnList, virtualTables, lossless));
        }
    }
}
