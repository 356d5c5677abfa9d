package dev.d1export.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The notices for requested table names that match nothing in the database. D1 exports nothing for such a name and
 * reports no error, so a misspelt {@code --table} would pass unnoticed as an empty dump; a provider that can read the
 * database's schema gives these notices as {@link ExportEvent.Warning}s and {@link ExportResult#messages()}, in the
 * same words whichever provider it is, and the {@linkplain #names names} in {@link ExportResult#unmatchedTables()}.
 */
public final class UnmatchedTables {

    /**
     * The query that reads the names a table filter can bring into D1's dump, the {@code existing} names of
     * {@link #notices}, from a database's {@code sqlite_master}: not every name there. D1 leaves out tables named
     * {@code _cf_...} (workerd's {@code _cf_METADATA}) or {@code sqlite_...} other than {@code sqlite_sequence} and the
     * statistics tables ({@code /^sqlite_stat./}, JavaScript's {@code .} taking no line terminator), and an automatic
     * index ({@code sqlite_autoindex_t_1}) has no SQL to write, so naming one of those gives a dump with nothing for it,
     * as a misspelt name does. A virtual table counts whatever its name (D1 refuses the export rather than leave it
     * out), as do indexes, triggers and views with SQL. One text for every provider, so that a name matches in each
     * exactly when D1's dump can hold something for it.
     */
    public static final String EXPORTABLE_NAMES_QUERY = "SELECT name FROM sqlite_master WHERE sql IS NOT NULL"
            + " AND (type <> 'table' OR substr(sql, 1, 20) = 'CREATE VIRTUAL TABLE' OR name = 'sqlite_sequence'"
            + " OR (substr(name, 1, 4) <> '_cf_' AND substr(name, 1, 7) <> 'sqlite_')"
            + " OR (substr(name, 1, 11) = 'sqlite_stat' AND length(name) > 11"
            + " AND substr(name, 12, 1) NOT IN (char(10), char(13), char(8232), char(8233))))";

    private UnmatchedTables() {
    }

    /**
     * One notice for each requested name that is not the name of a table, view, index or trigger, suggesting the
     * name that differs only in case when there is one: names are matched case-sensitively, as D1 matches them.
     *
     * @param requested the names of the request ({@link ExportRequest#tables()}), in order
     * @param existing  the names the dump can hold ({@link #EXPORTABLE_NAMES_QUERY} reads them): those in the
     *                  database's schema less the tables D1 leaves out ({@code _cf_...}, and {@code sqlite_...} other
     *                  than {@code sqlite_sequence} and the {@code sqlite_stat*} tables) and the automatic indexes,
     *                  which have no SQL; a name among them matches, any other does not
     * @return the notices, in the order of {@code requested}; empty when every name matches
     * @throws NullPointerException if a collection or one of its names is {@code null}
     */
    public static List<String> notices(Collection<String> requested, Collection<String> existing) {
        Objects.requireNonNull(requested, "requested");
        List<String> names = List.copyOf(Objects.requireNonNull(existing, "existing"));
        List<String> notices = new ArrayList<>();
        for (String name : names(requested, names)) {
            notices.add("No table or other object is named '" + name + "', so the dump has nothing for it"
                    + sameButCase(name, names).map(n -> " (names are case-sensitive: did you mean '" + n + "'?)")
                            .orElse(""));
        }
        return List.copyOf(notices);
    }

    /**
     * The error of a request that {@linkplain ExportRequest#failOnUnmatchedTables() fails on unmatched tables}, for a
     * provider to throw before it writes anything, in the same words whichever provider it is.
     *
     * @param requested the names of the request, in order
     * @param existing  the names the dump can hold, as for {@link #notices}
     * @return the error, naming every requested name that matches nothing (with the name that differs only in case,
     *         if there is one)
     * @throws IllegalArgumentException if every requested name matches
     */
    public static UnmatchedTablesException refusal(Collection<String> requested, Collection<String> existing) {
        List<String> names = List.copyOf(existing);
        List<String> unmatched = names(requested, names);
        if (unmatched.isEmpty()) {
            throw new IllegalArgumentException("every requested name matches");
        }
        List<String> shown = new ArrayList<>();
        for (String name : unmatched) {
            shown.add("'" + name + "'" + sameButCase(name, names).map(n -> " (did you mean '" + n + "'?)").orElse(""));
        }
        return new UnmatchedTablesException("No table or other object is named " + String.join(", ", shown)
                + ", and the request fails on a name that matches nothing; nothing was"
                + " exported", unmatched, ErrorDetails.none().withHint("names are matched exactly and"
                        + " case-sensitively, as D1 matches them"));
    }

    private static Optional<String> sameButCase(String name, List<String> existing) {
        return existing.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The requested names that are not the name of a table, view, index or trigger, compared case-sensitively: what
     * a provider reports in {@link ExportResult#unmatchedTables()}, beside the {@link #notices} in its messages.
     *
     * @param requested the names of the request, in order
     * @param existing  the names the dump can hold, as for {@link #notices}
     * @return the names that match nothing, in the order of {@code requested}
     * @throws NullPointerException if a collection or one of its names is {@code null}
     */
    public static List<String> names(Collection<String> requested, Collection<String> existing) {
        Objects.requireNonNull(requested, "requested");
        Set<String> names = Set.copyOf(Objects.requireNonNull(existing, "existing"));
        List<String> unmatched = new ArrayList<>();
        for (String name : requested) {
            Objects.requireNonNull(name, "requested name");
            if (!names.contains(name)) {
                unmatched.add(name);
            }
        }
        return List.copyOf(unmatched);
    }
}
