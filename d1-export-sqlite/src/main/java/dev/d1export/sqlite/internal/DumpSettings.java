package dev.d1export.sqlite.internal;

import dev.d1export.spi.InvalidExportRequestException;
import dev.d1export.sqlite.VirtualTables;
import java.util.Objects;
import java.util.Set;

/**
 * How a dump is written.
 *
 * @param tables        names to export (tables, indexes, triggers, views), exact and case-sensitive; empty = all
 * @param noData        leave out every {@code INSERT}
 * @param noSchema      leave out {@code CREATE}, {@code DELETE FROM sqlite_sequence}, {@code ANALYZE} and the
 *                      index/trigger/view section
 * @param columnList    write {@code INSERT INTO "t" ("a","b") VALUES(...)} (newer wrangler) instead of
 *                      {@code INSERT INTO "t" VALUES(...)} (wrangler 4.86)
 * @param virtualTables what to do with virtual tables
 * @param lossless      write values so they read back exactly (not D1's format)
 */
public record DumpSettings(Set<String> tables, boolean noData, boolean noSchema, boolean columnList,
                           VirtualTables virtualTables, boolean lossless) {

    /**
     * Validates and copies.
     *
     * @param tables        names to export
     * @param noData        leave out rows
     * @param noSchema      leave out schema
     * @param columnList    the column-list INSERT form
     * @param virtualTables virtual table policy
     * @param lossless      exact values
     * @throws InvalidExportRequestException if both {@code noData} and {@code noSchema} are set
     */
    public DumpSettings {
        tables = Set.copyOf(Objects.requireNonNull(tables, "tables"));
        Objects.requireNonNull(virtualTables, "virtualTables");
        if (noData && noSchema) {
            // The same type and words as ExportRequest, so both ways in report it alike.
            throw new InvalidExportRequestException(
                    "noData and noSchema together would export nothing; choose one (as Cloudflare's CLI requires)");
        }
    }
}
