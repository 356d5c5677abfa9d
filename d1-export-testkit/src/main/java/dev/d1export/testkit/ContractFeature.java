package dev.d1export.testkit;

/** What a provider under the {@link ExportProviderContract} supports beyond the core contract. */
public enum ContractFeature {
    /**
     * The request's table filter, {@code noData} and {@code noSchema} shape the dump (providers that serve canned
     * dumps do not).
     */
    FILTERS,
    /** One exporter runs two exports of the same database at once (D1 itself refuses a second running export). */
    CONCURRENT_EXPORTS
}
