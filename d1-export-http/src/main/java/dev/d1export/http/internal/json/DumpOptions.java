package dev.d1export.http.internal.json;

import java.util.List;

/** The {@code dump_options} of the export call. */
public class DumpOptions {

    /** Leave out rows. */
    public Boolean noData;

    /** Leave out the schema. */
    public Boolean noSchema;

    /** The tables to dump; empty means all. */
    public List<String> tables;

    /** For JSON-B. */
    public DumpOptions() {
    }

    /**
     * Dump options.
     *
     * @param noData   leave out rows
     * @param noSchema leave out the schema
     * @param tables   the tables, empty for all
     */
    public DumpOptions(boolean noData, boolean noSchema, List<String> tables) {
        this.noData = noData;
        this.noSchema = noSchema;
        this.tables = List.copyOf(tables);
    }
}
