package dev.d1export.junit.internal;

import dev.d1export.junit.D1Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One {@link D1Snapshot} where it was found: the annotation and a description of its place, for messages.
 *
 * @param annotation the annotation
 * @param origin     where it is declared, e.g. {@code class OrderTest} or {@code parameter sql of method loads(Path)}
 */
public record SnapshotDeclaration(D1Snapshot annotation, String origin) {

    /**
     * Creates a declaration.
     *
     * @param annotation the annotation
     * @param origin     where it is declared
     */
    public SnapshotDeclaration {
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * The declaration's name.
     *
     * @return the name; empty when unnamed
     */
    public String name() {
        return annotation.name();
    }

    /**
     * Whether the annotation declares a snapshot of its own rather than referring to a declared one: true when any
     * attribute other than {@code name} is set.
     *
     * @param annotation the annotation on a parameter or field
     * @return {@code true} if it declares its own
     */
    public static boolean declaresOwn(D1Snapshot annotation) {
        return !annotation.url().isEmpty() || annotation.tables().length > 0 || annotation.noData()
                || annotation.noSchema();
    }

    /**
     * What the declaration asks for, so two spellings of the same snapshot (tables in another order, repeated) count
     * as one: the name, URL attribute, table set and switches.
     *
     * @return a value with equality
     */
    public Object identity() {
        return List.of(annotation.name(), annotation.url(), new TreeSet<>(List.of(annotation.tables())),
                annotation.noData(), annotation.noSchema());
    }

    /**
     * The tables as a sorted set, validated.
     *
     * @return the names, sorted, without duplicates
     * @throws ExtensionConfigurationException for a blank name or {@code noData} with {@code noSchema}
     */
    public List<String> tables() {
        TreeSet<String> tables = new TreeSet<>();
        for (String table : annotation.tables()) {
            if (table == null || table.isBlank()) {
                throw new ExtensionConfigurationException("@D1Snapshot on " + origin
                        + " lists a blank table name; tables = " + List.of(annotation.tables()));
            }
            tables.add(table);
        }
        if (annotation.noData() && annotation.noSchema()) {
            throw new ExtensionConfigurationException("@D1Snapshot on " + origin
                    + " sets both noData and noSchema, which would export nothing; choose one");
        }
        return new ArrayList<>(tables);
    }

    /**
     * A short description for messages, with any secret in the URL masked (see {@link UrlRedaction}).
     *
     * @return e.g. {@code 'orders' [orders, customers] on class OrderTest}
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!name().isEmpty()) {
            sb.append('\'').append(name()).append("' ");
        }
        sb.append("tables=").append(annotation.tables().length == 0 ? "all" : List.of(annotation.tables()).toString());
        if (!annotation.url().isEmpty()) {
            sb.append(" url=").append(UrlRedaction.redact(annotation.url()));
        }
        if (annotation.noData()) {
            sb.append(" noData");
        }
        if (annotation.noSchema()) {
            sb.append(" noSchema");
        }
        return sb.append(" on ").append(origin).toString();
    }
}
