/**
 * Test support for d1-export users and providers: {@link dev.d1export.testkit.FakeD1Server} (the D1 export API on
 * loopback, backed by real SQLite files), the {@code fixture} provider (canned SQL through the real SPI) and
 * {@link dev.d1export.testkit.ExportProviderContract}, the test kit every provider passes.
 */
module dev.d1export.testkit {
    requires transitive dev.d1export.spi;
    requires transitive org.junit.jupiter.api;
    requires dev.d1export.sqlite;
    requires java.sql;
    requires jdk.httpserver;
    requires org.xerial.sqlitejdbc;

    exports dev.d1export.testkit;

    provides dev.d1export.spi.ExportProvider with dev.d1export.testkit.FixtureExportProvider;
}
