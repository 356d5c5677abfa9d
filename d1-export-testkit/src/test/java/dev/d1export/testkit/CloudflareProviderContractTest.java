package dev.d1export.testkit;

import dev.d1export.spi.ExportOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code cloudflare} provider passes the TCK against FakeD1Server. Like D1, the server refuses a second export of a
 * database while one runs, so the provider does not claim {@link ContractFeature#CONCURRENT_EXPORTS}.
 */
class CloudflareProviderContractTest implements ExportProviderContract {

    static final String TOKEN = "contract-token";

    @RegisterExtension
    static final FakeD1Server SERVER = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(2).build();

    /** Never completes within a test: for the timeout contract. */
    @RegisterExtension
    static final FakeD1Server SLOW = FakeD1Server.builder().apiToken(TOKEN).pollsUntilComplete(1_000_000).build();

    @AfterAll
    static void noCredentialLeaks() {
        if (!SERVER.journal().credentialLeaks().isEmpty() || !SLOW.journal().credentialLeaks().isEmpty()) {
            throw new AssertionError("credentials reached a signed URL: " + SERVER.journal().credentialLeaks());
        }
    }

    @Override
    public String providerName() {
        return "cloudflare";
    }

    @Override
    public ExportOptions optionsFor(ContractDatabase database) {
        return options(SERVER, SERVER.addDatabase("contract", database.file()).uuid());
    }

    @Override
    public ExportOptions optionsForMissingDatabase(Path dir) {
        return options(SERVER, "00000000-0000-4000-8000-000000000000");
    }

    @Override
    public Optional<ExportOptions> slowOptionsFor(ContractDatabase database) {
        return Optional.of(options(SLOW, SLOW.addDatabase("contract", database.file()).uuid()));
    }

    @Override
    public Set<ContractFeature> features() {
        return EnumSet.of(ContractFeature.FILTERS, ContractFeature.TABLE_NAMES);
    }

    private static ExportOptions options(FakeD1Server server, String database) {
        Map<String, String> properties = new LinkedHashMap<>(server.clientProperties(TOKEN));
        properties.put("retry-base-delay", "10ms");
        properties.put("retry-max-delay", "50ms");
        return ExportOptions.parse(server.exportUrl(database), properties);
    }
}
