/**
 * Test support for d1-export users: the {@code fixture} provider (canned SQL through the real SPI).
 */
module dev.d1export.testkit {
    requires transitive dev.d1export.spi;

    exports dev.d1export.testkit;

    provides dev.d1export.spi.ExportProvider with dev.d1export.testkit.FixtureExportProvider;
}
