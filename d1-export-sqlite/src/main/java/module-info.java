/**
 * The {@code sqlite} export provider: a local SQLite file (such as wrangler's {@code --local} state) dumped in
 * Cloudflare D1's exact export format, plus {@link dev.d1export.sqlite.D1DumpWriter} for tools that need D1 dumps
 * without the SPI.
 */
module dev.d1export.sqlite {
    requires transitive dev.d1export.spi;
    requires transitive java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.d1export.sqlite;

    provides dev.d1export.spi.ExportProvider with dev.d1export.sqlite.SqliteExportProvider;
}
