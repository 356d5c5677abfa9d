package dev.d1export.sqlite;

import dev.d1export.spi.ExportOption;
import dev.d1export.spi.ExportConfigurationException;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportProvider;
import dev.d1export.spi.Exporter;
import dev.d1export.spi.InvalidExportUrlException;
import dev.d1export.spi.InvalidOptionException;
import dev.d1export.sqlite.internal.SqliteExporter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Provider {@code sqlite}: a local SQLite file, such as the database {@code wrangler dev} or
 * {@code wrangler d1 execute --local} keeps on disk, exported in Cloudflare D1's exact dump format, with no account
 * and no network.
 *
 * <p>URL: {@code d1:sqlite:<path>[?column-list=true|false][&virtual-tables=fail|skip][&lossless=true|false]}. The path
 * is a SQLite file, or a folder holding D1 database files (e.g. {@code .wrangler/state/v3/d1}), searched recursively
 * for {@code *.sqlite}: one database there is used; several give an error listing each file with its tables.
 * An absolute path takes one slash ({@code d1:sqlite:/tmp/db.sqlite}); a target with an authority
 * ({@code d1:sqlite://tmp/db.sqlite}) is refused with an {@link dev.d1export.spi.InvalidExportUrlException}, as it
 * would otherwise name a different, relative path.
 *
 * <ul>
 *   <li>{@code column-list} (default {@code true}): write {@code INSERT INTO "t" ("a","b") VALUES(...)}. This is the
 *       default because it is what current wrangler writes (from May 2026), and because a dump that names its columns
 *       re-imports correctly into a table whose columns were reordered or extended since the export, where the bare
 *       {@code VALUES(...)} form silently puts values into the wrong columns or fails. {@code false} gives the
 *       wrangler 4.86 form, byte for byte.</li>
 *   <li>{@code virtual-tables} (default {@code fail}): D1 refuses a database with a virtual table (FTS5) unless the
 *       table filter leaves it out, with {@code D1 Export error: cannot export databases with Virtual Tables (fts5)};
 *       {@code skip} leaves out every virtual table and its shadow tables, and the triggers whose body uses one
 *       (such as FTS sync triggers), and lists them (tables first, then triggers) in
 *       {@link dev.d1export.spi.ExportResult#skippedTables()} and as warning events.</li>
 *   <li>{@code lossless} (default {@code false}): integers exact beyond 2^53, infinities as {@code 9e999},
 *       newline markers that do not occur in the text, NUL as {@code char(0)}. In every mode the result's
 *       {@link dev.d1export.spi.ExportResult#inexactValues()} says how many values D1's own format cannot carry.</li>
 * </ul>
 *
 * <p>The file is opened read-only and never changed, also while another process writes to it; the dump is one
 * consistent snapshot, streamed (memory does not grow with the database) into a temporary file that is moved into
 * place only when complete. Stateless and thread-safe.
 */
public final class SqliteExportProvider implements ExportProvider {

    /** {@code column-list}: name the columns in every INSERT (default {@code true}). */
    public static final ExportOption<Boolean> COLUMN_LIST = ExportOption.bool("column-list");
    /** {@code virtual-tables}: {@code fail} (default, as D1) or {@code skip}. */
    public static final ExportOption<VirtualTables> VIRTUAL_TABLES =
            ExportOption.choice("virtual-tables", VirtualTables.class);
    /** {@code lossless}: write values so they read back exactly (default {@code false}). */
    public static final ExportOption<Boolean> LOSSLESS = ExportOption.bool("lossless");

    private static final List<ExportOption<?>> OPTIONS = List.of(COLUMN_LIST, VIRTUAL_TABLES, LOSSLESS);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SqliteExportProvider() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    /**
     * Names the provider, as lists of providers show it (it has no state of its own).
     *
     * @return {@code SqliteExportProvider{sqlite}}
     */
    @Override
    public String toString() {
        return "SqliteExportProvider{" + name() + "}";
    }

    @Override
    public Exporter create(ExportOptions options) {
        Objects.requireNonNull(options, "options").requireKnown(OPTIONS);
        boolean columnList = options.get(COLUMN_LIST, true);
        VirtualTables virtualTables = options.get(VIRTUAL_TABLES, VirtualTables.FAIL);
        boolean lossless = options.get(LOSSLESS, false);
        if (options.target().startsWith("//")) {
            // Path.of(options.path()) would drop the authority: d1:sqlite://tmp/db.sqlite would read db.sqlite, and
            // d1:sqlite:///tmp/db.sqlite (file:/// style) tmp/db.sqlite, both relative to the working directory.
            String url = options.toUrl();
            String suggestion = "d1:sqlite:/" + url.substring("d1:sqlite:".length()).replaceFirst("^/+", "");
            throw new InvalidExportUrlException(url, "authority",
                    "a sqlite path has no authority (host); for an absolute path write one slash, e.g. '"
                            + suggestion + "'");
        }
        Path location;
        try {
            location = Path.of(options.path());
        } catch (InvalidPathException e) {
            throw new InvalidOptionException("'" + ExportOptions.redactTarget(options.path())
                    + "' is not a valid file path: " + e.getReason());
        }
        requireDriver();
        return new SqliteExporter(location, columnList, virtualTables, lossless);
    }

    /**
     * Fails where the exporter is made, not in the middle of an export, when the SQLite JDBC driver was left out of
     * a hand-made class path (a shaded or copied build): a configuration error naming the library, not a bare
     * {@code NoClassDefFoundError}.
     */
    private static void requireDriver() {
        try {
            Class.forName("org.sqlite.SQLiteConfig", false, SqliteExportProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExportConfigurationException("The sqlite provider cannot run, as a library it needs is missing"
                    + " or does not match: " + e + "; it needs the SQLite JDBC driver (org.xerial:sqlite-jdbc) on the"
                    + " class path or module path, which the d1-export-sqlite artifact brings as its dependency", e);
        }
    }

    @Override
    public String description() {
        return "A local SQLite file (e.g. wrangler's --local state) in D1's exact dump format: "
                + "d1:sqlite:<file or folder>[?column-list=false][&virtual-tables=skip][&lossless=true]";
    }

    @Override
    public List<ExportOption<?>> supportedOptions() {
        return OPTIONS;
    }
}
