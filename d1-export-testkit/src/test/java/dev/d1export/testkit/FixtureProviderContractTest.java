package dev.d1export.testkit;

import dev.d1export.spi.ExportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The {@code fixture} provider passes the TCK (it serves canned SQL, so it does not filter). */
class FixtureProviderContractTest implements ExportProviderContract {

    @Override
    public String providerName() {
        return "fixture";
    }

    @Override
    public ExportOptions optionsFor(ContractDatabase database) {
        return ExportOptions.parse("d1:fixture:file:" + canned(database));
    }

    @Override
    public ExportOptions optionsForMissingDatabase(Path dir) {
        return ExportOptions.parse("d1:fixture:file:" + dir.resolve("missing.sql"));
    }

    @Override
    public Optional<ExportOptions> slowOptionsFor(ContractDatabase database) {
        return Optional.of(ExportOptions.parse("d1:fixture:file:" + canned(database) + "?delay=10s"));
    }

    @Override
    public Set<ContractFeature> features() {
        return EnumSet.of(ContractFeature.CONCURRENT_EXPORTS);
    }

    /** The database's full dump as the canned file (the contract's self-test uses it too). */
    static Path canned(ContractDatabase database) {
        Path file = database.folder().resolve("fixture.sql");
        try {
            Files.writeString(file, database.fullDump(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
