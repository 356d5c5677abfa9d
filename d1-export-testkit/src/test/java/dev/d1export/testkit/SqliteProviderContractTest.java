package dev.d1export.testkit;

import dev.d1export.spi.ExportOptions;
import java.nio.file.Path;

/** The {@code sqlite} provider passes the TCK. */
class SqliteProviderContractTest implements ExportProviderContract {

    @Override
    public String providerName() {
        return "sqlite";
    }

    @Override
    public ExportOptions optionsFor(ContractDatabase database) {
        return ExportOptions.parse("d1:sqlite:" + database.file());
    }

    @Override
    public ExportOptions optionsForMissingDatabase(Path dir) {
        return ExportOptions.parse("d1:sqlite:" + dir.resolve("missing.sqlite"));
    }
}
