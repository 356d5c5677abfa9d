package dev.d1export.junit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An exported snapshot as a test sees it: the SQL file plus what it holds. Inject it as a parameter (with or without
 * {@link D1Snapshot}) or an annotated field; other extensions find it in the store, see
 * {@link D1SnapshotExtension#NAMESPACE}. Immutable.
 *
 * <p>Several declarations of the same export (same URL, tables, options) share one file; the file belongs to the run
 * and must not be modified or deleted by tests.
 */
public final class D1SnapshotFile {

    private final String name;
    private final Path path;
    private final List<String> tables;
    private final boolean noData;
    private final boolean noSchema;
    private final String provider;
    private final String url;
    private final long size;
    private final String bookmark;
    private final List<String> messages;
    private final List<String> unmatchedTables;
    private final boolean urlShowsAll;

    /**
     * Creates the description of a snapshot; the extension does this.
     *
     * @param name     the declaration's name, empty when unnamed
     * @param path     the SQL file
     * @param tables   the tables asked for (kept sorted, without repeats); empty for all
     * @param noData   whether rows were left out
     * @param noSchema whether the schema was left out
     * @param provider the name of the provider that exported it
     * @param url      the export URL, without secrets
     * @param size     the file's size in bytes
     * @param bookmark the database bookmark the dump reflects, or {@code null} when the provider has none
     * @throws IllegalArgumentException if both {@code noData} and {@code noSchema} are set, or the size is negative
     */
    public D1SnapshotFile(String name, Path path, List<String> tables, boolean noData, boolean noSchema,
            String provider, String url, long size, String bookmark) {
        this(name, path, tables, noData, noSchema, provider, url, size, bookmark, List.of(), List.of());
    }

    /**
     * Creates the description of a snapshot with what the export reported; the extension does this.
     *
     * @param name            the declaration's name, empty when unnamed
     * @param path            the SQL file
     * @param tables          the tables asked for (kept sorted, without repeats); empty for all
     * @param noData          whether rows were left out
     * @param noSchema        whether the schema was left out
     * @param provider        the name of the provider that exported it
     * @param url             the export URL, without secrets
     * @param size            the file's size in bytes
     * @param bookmark        the database bookmark the dump reflects, or {@code null} when the provider has none
     * @param messages        the export's messages (server lines, warnings)
     * @param unmatchedTables the requested names that matched nothing in the database
     * @throws IllegalArgumentException if both {@code noData} and {@code noSchema} are set, or the size is negative
     */
    public D1SnapshotFile(String name, Path path, List<String> tables, boolean noData, boolean noSchema,
            String provider, String url, long size, String bookmark, List<String> messages,
            List<String> unmatchedTables) {
        this(name, path, tables, noData, noSchema, provider, url, size, bookmark, messages, unmatchedTables, true);
    }

    /**
     * Creates the description of a snapshot whose URL, as shown, may not tell it from another export; the extension
     * does this.
     *
     * @param name            the declaration's name, empty when unnamed
     * @param path            the SQL file
     * @param tables          the tables asked for (kept sorted, without repeats); empty for all
     * @param noData          whether rows were left out
     * @param noSchema        whether the schema was left out
     * @param provider        the name of the provider that exported it
     * @param url             the export URL, without secrets
     * @param size            the file's size in bytes
     * @param bookmark        the database bookmark the dump reflects, or {@code null} when the provider has none
     * @param messages        the export's messages (server lines, warnings)
     * @param unmatchedTables the requested names that matched nothing in the database
     * @param urlShowsAll     whether the URL shows every part that tells this export from another, see
     *                        {@link #urlShowsAll()}
     * @throws IllegalArgumentException if both {@code noData} and {@code noSchema} are set, or the size is negative
     */
    public D1SnapshotFile(String name, Path path, List<String> tables, boolean noData, boolean noSchema,
            String provider, String url, long size, String bookmark, List<String> messages,
            List<String> unmatchedTables, boolean urlShowsAll) {
        this.name = Objects.requireNonNull(name, "name");
        this.path = Objects.requireNonNull(path, "path");
        // Sorted and without repeats whoever calls this: tables() promises it, and the store key is made from it.
        this.tables = List.copyOf(new TreeSet<>(Objects.requireNonNull(tables, "tables")));
        if (noData && noSchema) {
            throw new IllegalArgumentException("A snapshot cannot leave out both the rows (noData) and the schema"
                    + " (noSchema)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        this.noData = noData;
        this.noSchema = noSchema;
        this.provider = Objects.requireNonNull(provider, "provider");
        this.url = Objects.requireNonNull(url, "url");
        this.size = size;
        this.bookmark = bookmark;
        this.messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        this.unmatchedTables = List.copyOf(Objects.requireNonNull(unmatchedTables, "unmatchedTables"));
        this.urlShowsAll = urlShowsAll;
    }

    /**
     * The {@link D1Snapshot#name()} of the declaration.
     *
     * @return the name; empty when unnamed
     */
    public String name() {
        return name;
    }

    /**
     * The SQL file: read-only, as every test that needs the snapshot shares it (copy it to change it).
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * The tables exported, in alphabetical order.
     *
     * @return the names; empty means every table
     */
    public List<String> tables() {
        return tables;
    }

    /**
     * Whether the rows were left out.
     *
     * @return {@code true} for a schema-only dump
     */
    public boolean noData() {
        return noData;
    }

    /**
     * Whether the schema was left out.
     *
     * @return {@code true} for a data-only dump
     */
    public boolean noSchema() {
        return noSchema;
    }

    /**
     * The provider that made the dump.
     *
     * @return e.g. {@code cloudflare}
     */
    public String provider() {
        return provider;
    }

    /**
     * The export URL, without secrets. The extension writes its options in alphabetical order, so that one export
     * shows one URL however its declarations spelt it.
     *
     * @return e.g. {@code d1:cloudflare://<account>/<database>}
     */
    public String url() {
        return url;
    }

    /**
     * Whether {@link #url()} shows every part that tells this export from another. It does not when it masks a part as
     * {@code ****} (an account id, database or identifier of a token's shape) or cuts one (the query of a URL-valued
     * option): two snapshots of different databases can then show the same URL, and their
     * {@linkplain D1SnapshotExtension#storeKey(D1SnapshotFile) store keys} name their files too. Secrets, left out
     * of every URL, do not count: only the configuration gives them, and they authorize an export rather than choose
     * its database.
     *
     * @return {@code false} when the URL hides a part of what was exported
     */
    public boolean urlShowsAll() {
        return urlShowsAll;
    }

    /**
     * The file's size.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }

    /**
     * The database's time-travel bookmark the dump reflects.
     *
     * @return the bookmark, if the provider reports one
     */
    public Optional<String> bookmark() {
        return Optional.ofNullable(bookmark);
    }

    /**
     * The export's messages: the server's lines and the provider's warnings, such as a requested name that matches
     * nothing (see {@link dev.d1export.spi.ExportResult#messages()}).
     *
     * @return the messages, in order; empty when none
     */
    public List<String> messages() {
        return messages;
    }

    /**
     * The requested table names that matched nothing in the database, when the provider can tell; only under
     * {@code d1.snapshot.unmatched-tables=warn}, since by default such a snapshot fails its tests.
     *
     * @return the names; empty when every name matched
     * @see D1Snapshot#UNMATCHED_TABLES_PROPERTY_NAME
     */
    public List<String> unmatchedTables() {
        return unmatchedTables;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof D1SnapshotFile other && name.equals(other.name) && path.equals(other.path)
                && tables.equals(other.tables) && noData == other.noData && noSchema == other.noSchema
                && provider.equals(other.provider) && url.equals(other.url) && size == other.size
                && Objects.equals(bookmark, other.bookmark) && messages.equals(other.messages)
                && unmatchedTables.equals(other.unmatchedTables) && urlShowsAll == other.urlShowsAll;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, path, tables, noData, noSchema, provider, url, size, bookmark, messages,
                unmatchedTables, urlShowsAll);
    }

    @Override
    public String toString() {
        return "D1SnapshotFile{" + (name.isEmpty() ? "" : "name=" + name + ", ") + "path=" + path + ", tables="
                + (tables.isEmpty() ? "all" : tables) + (noData ? ", noData" : "") + (noSchema ? ", noSchema" : "")
                + ", provider=" + provider + ", url=" + url + ", size=" + size
                + (bookmark == null ? "" : ", bookmark=" + bookmark)
                + (unmatchedTables.isEmpty() ? "" : ", unmatchedTables=" + unmatchedTables) + "}";
    }
}
