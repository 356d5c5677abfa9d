package dev.d1export.testkit;

/** What a provider under the {@link ExportProviderContract} supports beyond the core contract. */
public enum ContractFeature {
    /**
     * The request's table filter, {@code noData} and {@code noSchema} shape the dump (providers that serve canned
     * dumps do not).
     */
    FILTERS,
    /**
     * The provider reads the database's names: a requested name that matches nothing is reported (a
     * {@link dev.d1export.spi.ExportEvent.Warning}, {@link dev.d1export.spi.ExportResult#unmatchedTables()}) and
     * fails a request that {@linkplain dev.d1export.spi.ExportRequest#failOnUnmatchedTables() fails on unmatched
     * tables}, before anything is written (the built-in {@code sqlite} and {@code cloudflare} providers do).
     */
    TABLE_NAMES,
    /** One exporter runs two exports of the same database at once (D1 itself refuses a second running export). */
    CONCURRENT_EXPORTS
}
