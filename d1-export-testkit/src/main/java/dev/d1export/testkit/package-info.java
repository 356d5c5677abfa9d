/**
 * Test support for code that exports D1 databases: the {@code fixture} provider, which serves a canned SQL file as the
 * dump through the real SPI and records every request in a {@link dev.d1export.testkit.FixtureJournal};
 * {@link dev.d1export.testkit.FakeD1Server}, the D1 export API over real HTTP on loopback, with injectable faults; and
 * {@link dev.d1export.testkit.ExportProviderContract}, the TCK a provider implements in a test to prove it keeps the
 * SPI's contract.
 */
package dev.d1export.testkit;
