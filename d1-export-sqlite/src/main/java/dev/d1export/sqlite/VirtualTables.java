package dev.d1export.sqlite;

/** What a dump does when it meets a virtual table (e.g. an FTS5 index) among the tables it exports. */
public enum VirtualTables {

    /**
     * Fail the whole export, before writing anything, exactly as D1 does:
     * {@code D1 Export error: cannot export databases with Virtual Tables (fts5)}. A table filter that leaves the
     * virtual table out avoids the failure, as on D1.
     */
    FAIL,

    /**
     * Leave out every virtual table and its shadow tables (e.g. {@code x_data}, {@code x_idx}, {@code x_content},
     * {@code x_docsize}, {@code x_config} for FTS5), and the triggers whose body uses one of them (e.g. the usual
     * FTS sync triggers on the indexed table, which would fail on the first insert into the reloaded database), and
     * report their names as skipped. The rest of the database is exported as D1 would export it.
     */
    SKIP
}
