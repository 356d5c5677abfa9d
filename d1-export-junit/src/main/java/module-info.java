/**
 * The JUnit Jupiter extension of d1-export: {@link dev.d1export.junit.D1Snapshot @D1Snapshot} exports D1 tables once
 * per test run, through whichever provider the URL names, and injects the SQL file into tests.
 */
module dev.d1export.junit {
    requires transitive org.junit.jupiter.api;
    requires transitive dev.d1export.spi;

    exports dev.d1export.junit;

    uses dev.d1export.spi.ExportProvider;
}
