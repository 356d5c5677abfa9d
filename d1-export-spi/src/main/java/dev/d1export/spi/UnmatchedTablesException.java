package dev.d1export.spi;

import java.util.List;

/**
 * A request that {@linkplain ExportRequest#failOnUnmatchedTables() fails on unmatched tables} named tables that match
 * nothing in the database; thrown before the export starts, so nothing was written. Made by
 * {@link UnmatchedTables#refusal}, in the same words whichever provider it is.
 */
public class UnmatchedTablesException extends InvalidExportRequestException {

    private static final long serialVersionUID = 1L;

    /** The names, kept as a plain list so the exception stays serialisable. */
    private final List<String> names;

    /**
     * Creates the exception.
     *
     * @param message the message, naming every such name
     * @param names   the requested names that match nothing, in request order
     * @param details the hint
     */
    public UnmatchedTablesException(String message, List<String> names, ErrorDetails details) {
        super(message, null, details);
        this.names = List.copyOf(names);
    }

    /**
     * The requested names that match nothing, as {@link ExportResult#unmatchedTables()} would list them.
     *
     * @return the names, in request order
     */
    public List<String> names() {
        return names;
    }
}
