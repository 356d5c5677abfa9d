package dev.d1export.junit.internal;

import dev.d1export.spi.ExportOptions;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What makes two snapshots the same export: the resolved options (URL plus properties, secrets included in equality
 * but never shown), the tables as a set, and the no-data / no-schema switches. The key of a shared export in the root
 * store.
 *
 * @param options  the resolved options
 * @param tables   the tables, sorted and without duplicates; empty for all
 * @param noData   leave out rows
 * @param noSchema leave out schema
 */
public record SnapshotKey(ExportOptions options, List<String> tables, boolean noData, boolean noSchema) {

    /**
     * Creates a key.
     *
     * @param options  the resolved options
     * @param tables   the sorted tables
     * @param noData   leave out rows
     * @param noSchema leave out schema
     */
    public SnapshotKey {
        Objects.requireNonNull(options, "options");
        tables = List.copyOf(tables);
    }

    /**
     * The URL without secrets, its options in alphabetical order: one export shows one URL, whatever order its
     * declarations wrote the options in and whether the configuration or the URL gave them.
     *
     * @return e.g. {@code d1:fixture:classpath:shop.sql?bookmark=b&delay=1ms}
     */
    public String url() {
        ExportOptions.Builder sorted = ExportOptions.builder().provider(options.provider()).target(options.target());
        for (String name : new TreeSet<>(options.keys())) {
            String value = options.get(name).orElseThrow();
            if (options.isSecret(name)) {
                sorted.secret(name, value);
            } else {
                sorted.option(name, value);
            }
        }
        return sorted.build().toUrl();
    }

    /**
     * Whether {@link #url()} tells this export from every other: whether it reads back as these options, secrets
     * aside. It does not when it masks a part as {@code ****} (a token-shaped account id, database, identifier or
     * option name) or cuts one (the query of a URL-valued option), so two exports can show the same URL. Secrets do
     * not count: no declaration can set one (a URL that holds one is refused), and they authorize an export rather
     * than choose its database.
     *
     * @return {@code false} when the URL shown hides a part of the export's identity
     */
    public boolean urlShowsAll() {
        ExportOptions.Builder shown = options.mutate();
        for (String name : options.keys()) {
            if (options.isSecret(name)) {
                shown.remove(name);
            }
        }
        try {
            return ExportOptions.parse(url()).equals(shown.build());
        } catch (RuntimeException e) {
            // A URL that does not parse back (a target with '?', say) does not show the export either.
            return false;
        }
    }

    /**
     * A description without secrets.
     *
     * @return e.g. {@code d1:fixture:classpath:shop.sql tables=[orders]}
     */
    @Override
    public String toString() {
        return url() + " tables=" + (tables.isEmpty() ? "all" : tables) + (noData ? " noData" : "")
                + (noSchema ? " noSchema" : "");
    }
}
