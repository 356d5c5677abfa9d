/**
 * Test support: the {@code fixture} provider, which serves a canned SQL file as the dump through the real SPI and
 * records every request in a {@link dev.d1export.testkit.FixtureJournal}.
 */
package dev.d1export.testkit;
