package dev.d1export.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The notices for requested table names that match nothing in the database. D1 exports nothing for such a name and
 * reports no error, so a misspelt {@code --table} would pass unnoticed as an empty dump; a provider that can read the
 * database's schema gives these notices as {@link ExportEvent.Warning}s and {@link ExportResult#messages()}, in the
 * same words whichever provider it is, and the {@linkplain #names names} in {@link ExportResult#unmatchedTables()}.
 * A name matches when the dump can hold something for it: an index, trigger or view holds only its {@code CREATE}
 * statement, so in a request without schema ({@link ExportRequest#noSchema()}) only a table's name matches; the
 * methods that take the {@link ExportRequest} apply that rule, those that take the requested names alone check names
 * for a dump with schema.
 */
public final class UnmatchedTables {

    /**
     * The query that reads the names a table filter can bring into D1's dump, with their {@code type} (the
     * {@code existing} names of {@link #notices(ExportRequest, Map)}), from a database's {@code sqlite_master}: not
     * every name there. Its columns are {@code name} and {@code type} ({@code table}, {@code index}, {@code trigger}
     * or {@code view}); the type decides whether a name holds something in a dump without schema (the {@code name}
     * column alone is what {@link #notices(Collection, Collection)} takes). D1 leaves out tables named
     * {@code _cf_...} (workerd's {@code _cf_METADATA}) or {@code sqlite_...} other than {@code sqlite_sequence} and
     * the statistics tables ({@code /^sqlite_stat./}, JavaScript's {@code .} taking no line terminator), and an
     * automatic index ({@code sqlite_autoindex_t_1}) has no SQL to write, so naming one of those gives a dump with
     * nothing for it, as a misspelt name does. A virtual table counts whatever its name (D1 refuses the export rather
     * than leave it out), as do indexes, triggers and views with SQL. Each name comes once: SQLite keeps trigger
     * names apart from the others, so a trigger may share its name with a table, index or view, and {@code min(type)}
     * then gives the other's type ({@code index < table < trigger < view}), so that a table's rows still match in a
     * dump without schema. One text for every provider, so that a name matches in each exactly when D1's dump can hold
     * something for it.
     */
    public static final String EXPORTABLE_NAMES_QUERY = "SELECT name, min(type) AS type FROM sqlite_master"
            + " WHERE sql IS NOT NULL"
            + " AND (type <> 'table' OR substr(sql, 1, 20) = 'CREATE VIRTUAL TABLE' OR name = 'sqlite_sequence'"
            + " OR (substr(name, 1, 4) <> '_cf_' AND substr(name, 1, 7) <> 'sqlite_')"
            + " OR (substr(name, 1, 11) = 'sqlite_stat' AND length(name) > 11"
            + " AND substr(name, 12, 1) NOT IN (char(10), char(13), char(8232), char(8233))))"
            + " GROUP BY name";

    /** The one kind of object a dump without schema ({@link ExportRequest#noSchema()}) holds something for. */
    private static final String TABLE = "table";
    private static final String NAMES_HINT = "names are matched exactly and case-sensitively, as D1 matches them";
    private static final String REFUSAL_END = ", and the request fails on a name that matches nothing; nothing was"
            + " exported";

    private UnmatchedTables() {
    }

    /**
     * The requested names that match nothing the dump can hold for this request: names that are not in
     * {@code existing}, and, when the request leaves the schema out ({@link ExportRequest#noSchema()}), names of an
     * index, trigger or view, which have only their {@code CREATE} statement to write, so the dump has nothing for
     * them. What a provider reports in {@link ExportResult#unmatchedTables()}.
     *
     * @param request  the request, whose {@link ExportRequest#tables()} are checked in order
     * @param existing each name the dump can hold with its {@code sqlite_master} type, as
     *                 {@link #EXPORTABLE_NAMES_QUERY} reads them
     * @return the names that match nothing, in the order of the request
     * @throws NullPointerException if an argument, a name or a type is {@code null}
     */
    public static List<String> names(ExportRequest request, Map<String, String> existing) {
        return List.copyOf(unmatched(request, existing).keySet());
    }

    /**
     * One notice for each name of {@link #names(ExportRequest, Map)}: for a name that is not in the database, as
     * {@link #notices(Collection, Collection)} words it; for an index, trigger or view in a request without schema,
     * a notice that says what it is and why the dump has nothing for it.
     *
     * @param request  the request
     * @param existing each name the dump can hold with its type, as for {@link #names(ExportRequest, Map)}
     * @return the notices, in the order of the request; empty when every name matches
     * @throws NullPointerException if an argument, a name or a type is {@code null}
     */
    public static List<String> notices(ExportRequest request, Map<String, String> existing) {
        // Checked first: it names a null argument.
        Map<String, String> unmatched = unmatched(request, existing);
        List<String> matching = matching(request, existing);
        List<String> notices = new ArrayList<>();
        unmatched.forEach((name, type) -> notices.add(type == null
                ? notices(List.of(name), matching).get(0)
                : "'" + name + "' is " + article(type) + ", and the request exports rows only (noSchema), so the"
                        + " dump has nothing for it"));
        return List.copyOf(notices);
    }

    /**
     * The error of a request that {@linkplain ExportRequest#failOnUnmatchedTables() fails on unmatched tables}, for
     * the names of {@link #names(ExportRequest, Map)}; worded as {@link #refusal(Collection, Collection)} when every
     * such name is missing from the database.
     *
     * @param request  the request
     * @param existing each name the dump can hold with its type, as for {@link #names(ExportRequest, Map)}
     * @return the error, naming every requested name that matches nothing
     * @throws IllegalArgumentException if every requested name matches
     * @throws NullPointerException     if an argument, a name or a type is {@code null}
     */
    public static UnmatchedTablesException refusal(ExportRequest request, Map<String, String> existing) {
        Map<String, String> unmatched = unmatched(request, existing);
        List<String> matching = matching(request, existing);
        List<String> missing = new ArrayList<>();
        List<String> schemaOnly = new ArrayList<>();
        unmatched.forEach((name, type) -> {
            if (type == null) {
                missing.add(name);
            } else {
                schemaOnly.add("'" + name + "' is " + article(type));
            }
        });
        if (schemaOnly.isEmpty()) {
            return refusal(missing, matching);
        }
        String clause = String.join(", ", schemaOnly) + ", which the request exports nothing for as it exports rows"
                + " only (noSchema)";
        return new UnmatchedTablesException((missing.isEmpty() ? "" : missingClause(missing, matching) + "; ")
                + clause + REFUSAL_END, List.copyOf(unmatched.keySet()), ErrorDetails.none().withHint(
                        (missing.isEmpty() ? "" : NAMES_HINT + "; ") + "without noSchema (--no-schema) the dump holds"
                        + " an index's, trigger's or view's CREATE statement; with it, name the tables whose rows you"
                        + " want"));
    }

    /** The requested names that match nothing, each with its type when it exists but holds nothing here. */
    private static Map<String, String> unmatched(ExportRequest request, Map<String, String> existing) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(existing, "existing").forEach((name, type) -> {
            Objects.requireNonNull(name, "existing name");
            Objects.requireNonNull(type, "type");
        });
        Map<String, String> unmatched = new LinkedHashMap<>();
        for (String name : request.tables()) {
            String type = existing.get(name);
            if (type == null) {
                unmatched.put(name, null);
            } else if (request.noSchema() && !TABLE.equals(type)) {
                unmatched.put(name, type);
            }
        }
        return unmatched;
    }

    /** The names a request's name can match, to suggest one that differs only in case. */
    private static List<String> matching(ExportRequest request, Map<String, String> existing) {
        List<String> matching = new ArrayList<>();
        existing.forEach((name, type) -> {
            if (!request.noSchema() || TABLE.equals(type)) {
                matching.add(name);
            }
        });
        return matching;
    }

    private static String article(String type) {
        return (type.startsWith("i") ? "an " : "a ") + type;
    }

    /**
     * One notice for each requested name that is not the name of a table, view, index or trigger, suggesting the
     * name that differs only in case when there is one: names are matched case-sensitively, as D1 matches them. For
     * a dump with schema; {@link #notices(ExportRequest, Map)} checks any request.
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
        return new UnmatchedTablesException(missingClause(unmatched, names) + REFUSAL_END, unmatched,
                ErrorDetails.none().withHint(NAMES_HINT));
    }

    /** The refusal's words for names that are not in the database, each with the name differing only in case. */
    private static String missingClause(List<String> unmatched, List<String> names) {
        List<String> shown = new ArrayList<>();
        for (String name : unmatched) {
            shown.add("'" + name + "'" + sameButCase(name, names).map(n -> " (did you mean '" + n + "'?)").orElse(""));
        }
        return "No table or other object is named " + String.join(", ", shown);
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
