package dev.d1export.sqlite;

import java.util.List;
import java.util.Objects;

/**
 * What a dump wrote.
 *
 * @param bytes          bytes written (UTF-8)
 * @param rows           {@code INSERT} statements written
 * @param inexactValues  values D1's format cannot carry exactly: integers whose printed digits differ from the stored
 *                       value (beyond 2^53), infinities (written as {@code Infinity}, which is not SQL), and texts
 *                       whose newline markers collide with their own characters. Counted in every mode; in lossless
 *                       mode those values were written exactly anyway, so the count says what the D1 form would
 *                       have lost
 * @param skippedTables  tables left out on purpose (virtual tables and their shadow tables with
 *                       {@link VirtualTables#SKIP}), in schema order
 * @param skippedTriggers triggers left out with them: those on ordinary tables whose body uses a skipped table (such
 *                       as FTS sync triggers), which would fail in the reloaded database, and those on a skipped
 *                       (shadow) table; in schema order
 * @param skippedIndexes indexes left out with them: those on a skipped shadow table (a virtual table itself cannot
 *                       be indexed); in schema order
 */
public record DumpSummary(long bytes, long rows, long inexactValues, List<String> skippedTables,
                          List<String> skippedTriggers, List<String> skippedIndexes) {

    /**
     * Creates a summary.
     *
     * @param bytes         bytes written
     * @param rows          rows written
     * @param inexactValues values the D1 form cannot carry exactly
     * @param skippedTables tables left out on purpose
     * @param skippedTriggers triggers left out because they use a skipped table
     * @param skippedIndexes indexes left out because they are on a skipped table
     */
    public DumpSummary {
        skippedTables = List.copyOf(Objects.requireNonNull(skippedTables, "skippedTables"));
        skippedTriggers = List.copyOf(Objects.requireNonNull(skippedTriggers, "skippedTriggers"));
        skippedIndexes = List.copyOf(Objects.requireNonNull(skippedIndexes, "skippedIndexes"));
    }

    /**
     * Creates a summary without skipped indexes, as before indexes were listed.
     *
     * @param bytes           bytes written
     * @param rows            rows written
     * @param inexactValues   values the D1 form cannot carry exactly
     * @param skippedTables   tables left out on purpose
     * @param skippedTriggers triggers left out because they use a skipped table
     */
    public DumpSummary(long bytes, long rows, long inexactValues, List<String> skippedTables,
            List<String> skippedTriggers) {
        this(bytes, rows, inexactValues, skippedTables, skippedTriggers, List.of());
    }
}
